import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { isAlive, RUN_DIR_ENV } from './processes.js';

/**
 * vitest `globalSetup` module: `globalSetup: ['@aredis/testing/global-setup']`.
 *
 * Setup creates a per-run directory under os.tmpdir() and publishes it in
 * `AREDIS_TESTING_RUN_DIR`; every redis-server the workers start writes a pid file there (removed
 * when it exits). Teardown kills whatever is still listed, so a worker that crashed, timed out
 * or was SIGKILLed leaves no server behind. Setup also sweeps run directories of earlier runs
 * whose vitest process is gone.
 */

const RUN_PREFIX = 'aredis-testing-run-';
const OWNER_FILE = 'owner';

interface PidRecord {
  pid: number;
  command: string;
  cwd: string;
}

/** Whether `pid` is (still) the process we recorded, not an unrelated one that reused the pid. */
function isRecordedProcess(record: PidRecord): boolean {
  if (!isAlive(record.pid)) return false;
  const cmdlinePath = `/proc/${record.pid}/cmdline`;
  if (!existsSync('/proc/self')) return true; // no procfs: trust the pid file
  try {
    return readFileSync(cmdlinePath, 'utf8').includes(basename(record.command));
  } catch {
    return false;
  }
}

/** True while `pid` exists and is not a zombie waiting to be reaped. */
function isRunning(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    // /proc/<pid>/stat: "pid (comm) S ..."; the state follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return existsSync('/proc/self') ? false : true;
  }
}

/**
 * Kills every live process recorded in `runDir`, waits (up to 3 s) until they are gone, removes
 * their temporary directories and the run directory. Resolves with the number killed.
 */
export async function killRecorded(runDir: string): Promise<number> {
  const killedPids: number[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(runDir);
  } catch {
    return 0;
  }
  for (const name of names.filter((n) => n.startsWith('dir-') && n.endsWith('.json'))) {
    try {
      const { dir } = JSON.parse(readFileSync(join(runDir, name), 'utf8')) as { dir: string };
      if (dirname(dir) === tmpdir() && basename(dir).startsWith('aredis-')) rmSync(dir, { recursive: true, force: true });
    } catch {
      // unreadable record: skip
    }
  }
  for (const name of names.filter((n) => /^\d+\.json$/.test(n))) {
    let record: PidRecord | undefined;
    try {
      record = JSON.parse(readFileSync(join(runDir, name), 'utf8')) as PidRecord;
    } catch {
      continue;
    }
    if (isRecordedProcess(record)) {
      try {
        process.kill(record.pid, 'SIGKILL');
        killedPids.push(record.pid);
      } catch {
        // exited meanwhile
      }
    }
    // The launchers' directories live directly in the temp dir and are named aredis-*.
    if (dirname(record.cwd) === tmpdir() && basename(record.cwd).startsWith('aredis-')) {
      rmSync(record.cwd, { recursive: true, force: true });
    }
  }
  rmSync(runDir, { recursive: true, force: true });
  const deadline = Date.now() + 3000;
  while (killedPids.some(isRunning) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return killedPids.length;
}

/** Cleans run directories left by earlier vitest processes that are no longer alive. */
export async function sweepStaleRuns(): Promise<void> {
  let names: string[];
  try {
    names = readdirSync(tmpdir()).filter((n) => n.startsWith(RUN_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const runDir = join(tmpdir(), name);
    let owner = Number.NaN;
    try {
      owner = Number(readFileSync(join(runDir, OWNER_FILE), 'utf8'));
    } catch {
      // no owner file: being created right now, or broken; leave it
      continue;
    }
    if (Number.isInteger(owner) && !isAlive(owner)) await killRecorded(runDir);
  }
}

// vitest calls setup once per project (each may load its own copy of this module), all in the
// main process: share one run directory through a process-wide counter.
const USERS = Symbol.for('aredis.testing.globalSetupUsers');
const shared = globalThis as { [USERS]?: number };

export default async function setup(): Promise<() => Promise<void>> {
  const users = shared[USERS] ?? 0;
  if (users === 0) {
    await sweepStaleRuns();
    const runDir = mkdtempSync(join(tmpdir(), RUN_PREFIX));
    writeFileSync(join(runDir, OWNER_FILE), String(process.pid));
    process.env[RUN_DIR_ENV] = runDir;
  }
  shared[USERS] = users + 1;
  let tornDown = false;
  return async function teardown(): Promise<void> {
    if (tornDown) return;
    tornDown = true;
    const left = (shared[USERS] ?? 1) - 1;
    shared[USERS] = left;
    if (left > 0) return;
    const runDir = process.env[RUN_DIR_ENV];
    delete process.env[RUN_DIR_ENV];
    if (runDir !== undefined) await killRecorded(runDir);
  };
}
