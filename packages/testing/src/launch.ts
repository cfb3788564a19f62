import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartupError } from './errors.js';
import { freePort } from './ports.js';
import { removeTrackedDir, trackDir } from './processes.js';
import type { RedisProcess } from './redis-process.js';
import type { RawTarget } from './resp.js';

const BIND_ATTEMPTS = 6;

/** A fresh private temporary directory, removed at exit if `removeDir` was not called first. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `aredis-${prefix}-`));
  trackDir(dir);
  return dir;
}

export function removeDir(dir: string): void {
  removeTrackedDir(dir);
}

/**
 * Starts `proc` on `count` fresh free ports. If another process took a port between picking and
 * binding (the server logs a bind failure and exits), tries again on new ports.
 * `render` turns the ports into the config text and the target to PING.
 */
export async function startOnFreePorts(
  proc: RedisProcess,
  count: number,
  render: (ports: number[]) => { config: string; probe: RawTarget },
): Promise<number[]> {
  let lastError: unknown;
  for (let attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
    const ports: number[] = [];
    while (ports.length < count) ports.push(await freePort('127.0.0.1', new Set(ports)));
    const { config, probe } = render(ports);
    try {
      await proc.start(config, probe);
      return ports;
    } catch (error) {
      lastError = error;
      if (!(error instanceof StartupError) || !proc.failedToBind()) throw error;
    }
  }
  throw new StartupError(`could not bind free ports after ${BIND_ATTEMPTS} attempts`, { cause: lastError });
}
