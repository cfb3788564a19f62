import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every child process this package starts goes through `spawnTracked`, so that none outlives
 * the test process: they are killed on normal exit and on SIGINT/SIGTERM/SIGHUP, and, when the
 * vitest global setup is active, a pid file per child lets the run's teardown kill the ones a
 * crashed or SIGKILLed worker left behind.
 */

/** Env var naming the run directory the global setup created (one pid file per live child). */
export const RUN_DIR_ENV = 'AREDIS_TESTING_RUN_DIR';

const live = new Map<number, { child: ChildProcess; pidFile: string | undefined }>();
const dirs = new Map<string, string | undefined>();
let hooksInstalled = false;
let dirRecords = 0;

function runDir(): string | undefined {
  const dir = process.env[RUN_DIR_ENV];
  return dir === undefined || dir === '' ? undefined : dir;
}

/**
 * Registers a temporary directory to remove when the process exits or is signalled (and, with the
 * global setup, at the end of the run even if this process is SIGKILLed).
 */
export function trackDir(dir: string): void {
  installHooks();
  const recordDir = runDir();
  let record: string | undefined;
  if (recordDir !== undefined) {
    record = join(recordDir, `dir-${process.pid}-${++dirRecords}.json`);
    try {
      writeFileSync(record, JSON.stringify({ dir }));
    } catch {
      record = undefined;
    }
  }
  dirs.set(dir, record);
}

/** Removes a tracked directory now and forgets it. */
export function removeTrackedDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  const record = dirs.get(dir);
  if (record !== undefined) rmSync(record, { force: true });
  dirs.delete(dir);
}

function cleanupSync(): void {
  killAllSync();
  for (const dir of [...dirs.keys()]) {
    try {
      removeTrackedDir(dir);
    } catch {
      // best effort while exiting
    }
  }
}

function killAllSync(): void {
  for (const [pid, entry] of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    if (entry.pidFile !== undefined) rmSync(entry.pidFile, { force: true });
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  cleanupSync();
  // If we were the only listener, keep the default meaning of the signal: terminate.
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', cleanupSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
}

/** How many tracked children are alive (for tests of the cleanup itself). */
export function trackedPids(): number[] {
  return [...live.keys()];
}

/**
 * Spawns `command` with stdout and stderr piped, records it, and forgets it when it exits.
 * The child is unref'd: a forgotten server does not keep the test process alive (the exit hook
 * then kills it).
 */
export function spawnTracked(command: string, args: string[], cwd: string): ChildProcess {
  installHooks();
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) return child; // spawn failed; 'error' follows
  const recordDir = runDir();
  let pidFile: string | undefined;
  if (recordDir !== undefined) {
    pidFile = join(recordDir, `${pid}.json`);
    try {
      writeFileSync(pidFile, JSON.stringify({ pid, command, cwd, owner: process.pid }));
    } catch {
      pidFile = undefined; // the run directory is gone: in-process tracking still applies
    }
  }
  live.set(pid, { child, pidFile });
  child.once('exit', () => {
    live.delete(pid);
    if (pidFile !== undefined) rmSync(pidFile, { force: true });
  });
  child.unref();
  (child.stdout as { unref?: () => void } | null)?.unref?.();
  (child.stderr as { unref?: () => void } | null)?.unref?.();
  return child;
}

/** True while `pid` names a live process (signal 0 probes without killing). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
