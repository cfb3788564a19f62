import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import setup, { killRecorded } from '../src/global-setup.js';
import { RUN_DIR_ENV } from '../src/processes.js';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
const fixture = fileURLToPath(new URL('./fixtures/start-and-die.ts', import.meta.url));

/** Alive and not a zombie (a killed orphan may linger as a zombie until init reaps it). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean, ms = 3000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

/** Runs the fixture; resolves with the server pid it printed and a promise of its exit. */
interface Fixture {
  serverPid: number;
  serverDir: string;
  exited: Promise<void>;
  kill: (s: NodeJS.Signals) => void;
}
function runFixture(how: string, env: NodeJS.ProcessEnv = {}): Promise<Fixture> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, how], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolvePid, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const [pid = '', dir = ''] = (out.split('\n')[0] ?? '').split(' ');
      if (out.includes('\n')) resolvePid({ serverPid: Number(pid), serverDir: dir, exited, kill: (s) => child.kill(s) });
    });
    child.once('exit', (code) => reject(new Error(`fixture exited (${code}) before printing a pid: ${out}`)));
  });
}

describe('no server outlives the process that started it', () => {
  it('kills its servers and removes their directories on exit, SIGTERM and SIGINT; the process still terminates', async () => {
    // In parallel: each case is a separate Node process.
    await Promise.all(['exit', 'SIGTERM', 'SIGINT'].map(async (how) => {
      const { serverPid, serverDir, exited, kill } = await runFixture(how === 'exit' ? 'exit' : 'wait');
      if (how !== 'exit') {
        // (the 'exit' child may already be gone by now)
        expect(existsSync(serverDir)).toBe(true);
        expect(running(serverPid)).toBe(true);
        kill(how as NodeJS.Signals);
      }
      await exited;
      expect(await eventually(() => !running(serverPid))).toBe(true);
      expect(existsSync(serverDir)).toBe(false);
    }));
  });

  it('the global setup teardown kills servers of a worker that was SIGKILLed', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'aredis-testing-run-'));
    const { serverPid, serverDir, exited } = await runFixture('sigkill', { [RUN_DIR_ENV]: runDir });
    await exited;
    expect(running(serverPid)).toBe(true); // nothing could catch SIGKILL
    expect(existsSync(serverDir)).toBe(true);
    expect(readdirSync(runDir)).toContain(`${serverPid}.json`);
    expect(await killRecorded(runDir)).toBe(1);
    expect(await eventually(() => !running(serverPid))).toBe(true);
    expect(existsSync(serverDir)).toBe(false);
    expect(existsSync(runDir)).toBe(false);
  });

  it('setup publishes a run directory and teardown removes it', async () => {
    const before = process.env[RUN_DIR_ENV];
    delete process.env[RUN_DIR_ENV];
    try {
      const teardown = await setup();
      const runDir = process.env[RUN_DIR_ENV];
      expect(runDir).toBeDefined();
      expect(existsSync(runDir as string)).toBe(true);
      await teardown();
      expect(existsSync(runDir as string)).toBe(false);
      expect(process.env[RUN_DIR_ENV]).toBeUndefined();
    } finally {
      if (before !== undefined) process.env[RUN_DIR_ENV] = before;
    }
  });
});
