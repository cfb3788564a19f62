import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataError } from '@aredis/resp-parser';
import { checkOptions } from '@aredis/resp-parser/internal';
import {
  BasicCache,
  SET_OPTIONS,
  checkExpire,
  positiveMs,
  type CacheOptions,
  type CacheEntryOptions,
  type CacheSetOptions,
} from './cache.js';
import type { CacheBulk, CacheClient } from './client.js';
import { CacheError } from './errors.js';

export interface HerdCacheOptions<T = unknown> extends CacheOptions<T> {
  /**
   * How long (seconds) a stale value goes on being served while one caller recomputes it; also
   * how long that caller may take before another one is let try. Default 1.
   */
  herdTimeout?: number;
  /** How often (seconds) callers that have no value at all look for the one being computed. Default 0.02. */
  pollInterval?: number;
}

export interface HerdCacheSetOptions extends CacheSetOptions {
  /** Overrides the cache's herdTimeout for this entry. */
  herdTimeout?: number;
}

interface Entry<T> {
  value: T;
  /** When the value goes stale (ms since the epoch, writer's clock); 0: never. */
  staleAt: number;
}

/**
 * A cache that avoids the thundering herd. An entry written with `expire` goes stale after
 * `expire` seconds but stays in Redis `herdTimeout` seconds longer. When a caller finds it stale, one
 * caller (the one that takes the entry's Redis lock, `SET <identity>:herd NX PX herdTimeout`)
 * recomputes it, while every other caller keeps getting the stale value.
 *
 * - `getOrSet(key, compute, { expire, herdTimeout, param })` does it all: fresh → the value;
 *   stale → the stale value, or (for the one caller) a new value from `compute`; absent →
 *   one caller computes, the others wait for its value (they poll; if the lock expires they
 *   may compute in turn). Concurrent calls in one process for one entry share one promise.
 * - `get(key)` is aredis's: the value when fresh; when stale, null for the one caller that
 *   should recompute (and `set()` the result) and the stale value for everybody else.
 *
 * Staleness is judged by the clocks of the writer and the reader: keep them in step.
 */
export class HerdCache<T = unknown> extends BasicCache<T> {
  static override readonly optionNames: readonly string[] = [...BasicCache.optionNames, 'herdTimeout', 'pollInterval'];
  /** Seconds. */
  readonly herdTimeout: number;
  /** Seconds. */
  readonly pollInterval: number;
  readonly #herdMs: number;
  readonly #pollMs: number;
  readonly #inFlight = new Map<string, Promise<T>>();

  constructor(client: CacheClient, name: string, options: HerdCacheOptions<T> = {}) {
    super(client, name, options);
    this.herdTimeout = options.herdTimeout ?? 1;
    this.pollInterval = options.pollInterval ?? 0.02;
    this.#herdMs = herdMs(this.herdTimeout);
    this.#pollMs = positiveMs('pollInterval', this.pollInterval) as number;
  }

  /** The value when fresh; when stale, null for one caller (who is to recompute it) and the value for the rest. */
  async get(key: string, options?: CacheEntryOptions & { herdTimeout?: number }): Promise<T | null> {
    const identity = this.identityFor('get', key, options, HERD_GET_OPTIONS);
    const entry = await this.#read(identity);
    if (entry === null) return null;
    if (!isStale(entry)) return entry.value;
    const herdTimeout = options?.herdTimeout === undefined ? this.#herdMs : herdMs(options.herdTimeout);
    return (await this.#lock(identity, herdTimeout)) !== undefined ? null : entry.value;
  }

  /** Stores a value, fresh for `expire` seconds and kept `herdTimeout` seconds longer; frees the entry's lock. */
  async set(key: string, value: T, options: HerdCacheSetOptions = {}): Promise<void> {
    await this.#write(this.identityFor('set', key, options, HERD_SET_OPTIONS), value, options);
  }

  async setMany(entries: Readonly<Record<string, T>> | Iterable<readonly [string, T]>, options: HerdCacheSetOptions = {}): Promise<void> {
    checkOptions('cache.setMany', options, HERD_SET_OPTIONS);
    const pairs = Symbol.iterator in Object(entries) ? [...(entries as Iterable<readonly [string, T]>)] : Object.entries(entries);
    await Promise.all(pairs.map(([key, value]) => this.#write(this.identityFor('setMany', key, options, HERD_SET_OPTIONS), value, options)));
  }

  /** The value, computing it (once for all callers) when it is missing or stale. */
  getOrSet(key: string, compute: () => T | Promise<T>, options: HerdCacheSetOptions = {}): Promise<T> {
    if (typeof compute !== 'function') return Promise.reject(new DataError("cache: argument 'compute' must be a function"));
    let identity: string;
    try {
      identity = this.identityFor('getOrSet', key, options, HERD_SET_OPTIONS);
      checkExpire(options.expire);
      if (options.herdTimeout !== undefined) herdMs(options.herdTimeout);
    } catch (error) {
      return Promise.reject(error);
    }
    const running = this.#inFlight.get(identity);
    if (running !== undefined) return running;
    const promise = this.#resolve(identity, compute, options).finally(() => this.#inFlight.delete(identity));
    this.#inFlight.set(identity, promise);
    return promise;
  }

  async #resolve(identity: string, compute: () => T | Promise<T>, options: HerdCacheSetOptions): Promise<T> {
    const herdTimeout = options.herdTimeout === undefined ? this.#herdMs : herdMs(options.herdTimeout);
    for (;;) {
      const entry = await this.#read(identity);
      if (entry !== null && !isStale(entry)) return entry.value;
      const token = await this.#lock(identity, herdTimeout);
      if (token !== undefined) {
        const again = await this.#read(identity); // written by another caller since we looked?
        if (again !== null && !isStale(again)) {
          await this.client.delete(lockKey(identity));
          return again.value;
        }
        let value: T;
        try {
          value = await compute();
        } catch (error) {
          await this.client.delete(lockKey(identity)).catch(() => 0); // let another caller try
          throw error;
        }
        await this.#write(identity, value, options);
        return value;
      }
      if (entry !== null) return entry.value; // stale, served while another caller recomputes
      await sleep(this.#pollMs);
    }
  }

  /** Takes the entry's recompute lock (for `herdTimeout` ms): its token, or undefined when another caller has it. */
  async #lock(identity: string, herdTimeout: number): Promise<string | undefined> {
    const token = randomUUID();
    const taken = await this.client.set(lockKey(identity), token, { px: herdTimeout, nx: true });
    return taken === null || taken === false || taken === undefined ? undefined : token;
  }

  async #read(identity: string): Promise<Entry<T> | null> {
    const stored = await this.client.get(identity);
    if (stored === null) return null;
    const raw = typeof stored === 'string' ? stored : stored.toString('latin1', 0, Math.min(stored.length, 24));
    const bar = raw.indexOf('|');
    const staleAt = bar > 0 ? Number(raw.slice(0, bar)) : NaN;
    if (!Number.isSafeInteger(staleAt)) throw new CacheError('cache: the stored value was not written by a HerdCache');
    const rest: CacheBulk = typeof stored === 'string' ? stored.slice(bar + 1) : stored.subarray(bar + 1);
    return { value: await this.codec.unpack(rest), staleAt };
  }

  async #write(identity: string, value: T, options: HerdCacheSetOptions): Promise<void> {
    const expire = checkExpire(options.expire);
    const herdTimeout = options.herdTimeout === undefined ? this.#herdMs : herdMs(options.herdTimeout);
    const packed = await this.codec.pack(value);
    const header = `${expire === undefined ? 0 : Date.now() + expire}|`;
    const stored = typeof packed === 'string' ? header + packed : Buffer.concat([Buffer.from(header, 'latin1'), packed]);
    await this.client.set(identity, stored, expire === undefined ? {} : { px: expire + herdTimeout });
    await this.client.delete(lockKey(identity));
  }
}

const HERD_SET_OPTIONS: readonly string[] = [...SET_OPTIONS, 'herdTimeout'];
const HERD_GET_OPTIONS: readonly string[] = ['param', 'herdTimeout'];

function lockKey(identity: string): string {
  return `${identity}:herd`;
}

function isStale(entry: Entry<unknown>): boolean {
  return entry.staleAt !== 0 && entry.staleAt <= Date.now();
}

/** `herdTimeout` (seconds) as whole ms. */
function herdMs(herdTimeout: number): number {
  return positiveMs('herdTimeout', herdTimeout) as number;
}
