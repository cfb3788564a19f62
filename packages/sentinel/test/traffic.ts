import { expect } from 'vitest';
import type { RedisSentinelSet } from '@aredis/testing';
import type { StrictRedis } from '@aredis/client';
import { SentinelManagedConnection } from '../src/index.js';

/** One write of a WriteLoop: when it settled, whether it succeeded, and the server it went to. */
export interface Outcome {
  key: string;
  value: number;
  at: number;
  ok: boolean;
  port: number;
  error?: string;
}

/** The port the client's shared connection is on now (0 before it connected). */
export function portOf(client: StrictRedis<boolean>): number {
  const [connection] = client.connectionPool.connections();
  return connection instanceof SentinelManagedConnection ? connection.port : 0;
}

/**
 * Writes `prefix:<n>` = n one at a time, about one a millisecond, until `stop()` (or a bound
 * of 60,000 writes / 60 s, so that a broken test ends). Failed writes are recorded, not thrown.
 */
export class WriteLoop {
  readonly outcomes: Outcome[] = [];
  readonly #client: StrictRedis<boolean>;
  readonly #prefix: string;
  #stopped = false;
  #afterStop = 0;
  readonly done: Promise<void>;

  constructor(client: StrictRedis<boolean>, prefix: string, { extraAfterStop = 0 } = {}) {
    this.#client = client;
    this.#prefix = prefix;
    this.#afterStop = extraAfterStop;
    this.done = this.#run();
  }

  async #run(): Promise<void> {
    const start = Date.now();
    for (let n = 0; n < 60_000 && Date.now() - start < 60_000; n++) {
      if (this.#stopped && this.#afterStop-- <= 0) return;
      const key = `${this.#prefix}:${n}`;
      try {
        await this.#client.set(key, n);
        this.outcomes.push({ key, value: n, at: performance.now(), ok: true, port: portOf(this.#client) });
      } catch (error) {
        const message = `${(error as Error).name}: ${(error as Error).message}`;
        this.outcomes.push({ key, value: n, at: performance.now(), ok: false, port: portOf(this.#client), error: message });
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  /** Stops after `extraAfterStop` more writes (given to the constructor). */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.done;
  }

  get failed(): Outcome[] {
    return this.outcomes.filter((outcome) => !outcome.ok);
  }

  /** The longest time between two successive successful writes (ms). */
  get longestGap(): number {
    let gap = 0;
    let previous: Outcome | undefined;
    for (const outcome of this.outcomes) {
      if (!outcome.ok) continue;
      if (previous !== undefined) gap = Math.max(gap, outcome.at - previous.at);
      previous = outcome;
    }
    return gap;
  }

  /** One line for the test's report. */
  summary(label: string): string {
    const failed = this.failed;
    return (
      `[${label}] ${this.outcomes.length} writes, ${failed.length} failed` +
      (failed.length > 0 ? ` (first: ${failed[0]?.error})` : '') +
      `; longest gap between successful writes ${this.longestGap.toFixed(1)} ms`
    );
  }
}

/**
 * Runs a launcher failover under `loop`, stops the loop 200 writes later and checks the writes
 * issued after the failover was over: more than 100, none failed, each kept by the new master.
 */
export async function failoverUnderLoop(set: RedisSentinelSet, loop: WriteLoop): Promise<{ before: number; after: number }> {
  const before = set.master().port;
  const after = await set.failover();
  const sinceFailover = loop.outcomes.length + 1; // the write in flight now may have started before
  await loop.stop();
  expect(after.port).not.toBe(before);
  const tail = loop.outcomes.slice(sinceFailover);
  expect(tail.length).toBeGreaterThan(100);
  expect(tail.filter((o) => !o.ok)).toEqual([]);
  const stored = (await set.command(after.port, ['MGET', ...tail.map((o) => o.key)])) as string[];
  expect(stored).toEqual(tail.map((o) => String(o.value)));
  return { before, after: after.port };
}
