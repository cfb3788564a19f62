import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StartupError } from './errors.js';
import { isAlive, spawnTracked } from './processes.js';
import { rawCommand, type RawTarget } from './resp.js';

// Logged once every listener is bound (a bind failure exits before). Sentinels log their id instead.
const READY_LINE = 'Ready to accept connections';
const SENTINEL_READY_LINE = 'Sentinel ID is';
const LOG_LINES_KEPT = 60;

export interface RedisProcessOptions {
  /** The process's working directory; the config file is written there. */
  dir: string;
  /** `redis-server` (default) or another binary. */
  binary?: string;
  /** Run as a sentinel (`redis-server <conf> --sentinel`). */
  sentinel?: boolean;
  /** Extra command-line arguments after the config file. */
  args?: readonly string[];
  /** Milliseconds to wait for readiness; default 10000. */
  startTimeout?: number;
}

/**
 * One redis-server (or sentinel) process: writes its config file, spawns it, keeps the tail of
 * its log, knows when it is ready (the server logs "Ready to accept connections" only after
 * every listener is bound) and stops it. Used by every launcher.
 */
export class RedisProcess {
  readonly #options: RedisProcessOptions;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #log: string[] = [];

  constructor(options: RedisProcessOptions) {
    this.#options = options;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get running(): boolean {
    const child = this.#child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  get configPath(): string {
    return join(this.#options.dir, this.#options.sentinel === true ? 'sentinel.conf' : 'redis.conf');
  }

  /** The last lines the process wrote (stdout and stderr). */
  logTail(lines = 20): string {
    return this.#log.slice(-lines).join('\n');
  }

  /** Whether the log shows a listener failing to bind (another process took the port). */
  failedToBind(): boolean {
    return this.#log.some((line) => /Address already in use|Could not create server (TCP|TLS) listening socket/i.test(line));
  }

  /**
   * Writes `config` (undefined: keeps the file as it is, e.g. as a sentinel rewrote it) and starts
   * the process; resolves once it is ready and answers `probe`. Rejects with `StartupError`
   * (including the log tail) if it exits or times out first.
   */
  async start(config: string | undefined, probe: RawTarget): Promise<void> {
    if (this.running) throw new StartupError('process already running');
    if (config !== undefined) writeFileSync(this.configPath, config);
    this.#log = [];
    const args = [this.configPath, ...(this.#options.sentinel === true ? ['--sentinel'] : []), ...(this.#options.args ?? [])];
    const binary = this.#options.binary ?? 'redis-server';
    const child = spawnTracked(binary, args, this.#options.dir);
    this.#child = child;
    this.#exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    const timeout = this.#options.startTimeout ?? 10_000;
    const readyLine = this.#options.sentinel === true ? SENTINEL_READY_LINE : READY_LINE;
    await new Promise<void>((resolve, reject) => {
      let done = false;
      let partial = '';
      const settle = (error?: Error): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (error === undefined) resolve();
        else reject(error);
      };
      const fail = (why: string): StartupError =>
        new StartupError(`${binary} ${args.join(' ')} ${why}; last log lines:\n${this.logTail()}`);
      const onData = (chunk: Buffer): void => {
        const text = partial + chunk.toString('utf8');
        const lines = text.split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          this.#log.push(line);
          if (line.includes(readyLine)) settle();
        }
        if (this.#log.length > LOG_LINES_KEPT * 2) this.#log = this.#log.slice(-LOG_LINES_KEPT);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('error', (error) => settle(fail(`could not be spawned (${error.message})`)));
      child.once('exit', (code, signal) => settle(fail(`exited while starting (code ${code}, signal ${signal})`)));
      const timer = setTimeout(() => settle(fail(`was not ready within ${timeout} ms`)), timeout);
    });
    // Ready is logged after the listeners are bound; a PING proves the port is ours and answering.
    try {
      await rawCommand(probe, ['PING'], { timeout: 5000 }).catch((error: Error) => {
        // NOAUTH or WRONGPASS still means the server answered.
        if (!/NOAUTH|WRONGPASS|NOPERM/.test(error.message)) throw error;
      });
    } catch (error) {
      await this.stop();
      throw new StartupError(`${binary} logged ready but did not answer PING: ${(error as Error).message}; last log lines:\n${this.logTail()}`, { cause: error });
    }
  }

  /**
   * Stops the process: `signal` (default SIGTERM, a clean shutdown), then SIGKILL if it is still
   * alive after `graceMs`. Resolves when it has exited. Idempotent.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<void> {
    const child = this.#child;
    if (child === undefined || !this.running) return this.#exited;
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        if (this.running) child.kill('SIGKILL');
        resolve();
      }, graceMs);
    });
    await Promise.race([this.#exited, killed]);
    clearTimeout(timer);
    await this.#exited;
    // Belt and braces: the pid must really be gone before a restart reuses the port.
    const pid = child.pid;
    if (pid !== undefined && isAlive(pid) && child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
  }
}
