import { DataError } from '@aredis/resp-parser';
import { checkOptions, seconds } from '@aredis/resp-parser/internal';
import type { CacheClient } from './client.js';
import { Codec } from './codec.js';
import { ZlibCompressor, type Compressor } from './compressor.js';
import { defaultIdentity, type IdentityGenerator } from './identity.js';
import { jsonSerializer, type Serializer } from './serializer.js';

export interface CacheOptions<T = unknown> {
  /** Default JSON. `null`: values must be strings or Buffers, stored as they are. */
  serializer?: Serializer<T> | null;
  /** Default zlib. `null`: never compress. */
  compressor?: Compressor | null;
  /** Payloads longer than this many bytes are compressed (when that makes them smaller). Default 1024. */
  compressThreshold?: number;
  /** Default `name:key[:hash of param]`. */
  identity?: IdentityGenerator;
  /**
   * The client's bulk replies are Buffers (true, the default). A client built with
   * `decodeResponses: true` gives strings: pass false, and binary payloads are stored base64.
   * (`r.cache()` sets this from the client.)
   */
  binarySafe?: boolean;
}

/** Options of one entry: what it is keyed by besides the key, and (for writes) its lifetime. */
export interface CacheEntryOptions {
  /** Any JSON-able value that is part of the entry's identity (hashed). */
  param?: unknown;
}
export interface CacheSetOptions extends CacheEntryOptions {
  /** Time to live in seconds (fractions allowed, at least 1 ms). Default: none. */
  expire?: number;
}

/**
 * What every cache has: identities, packing, and the operations that do not read values.
 * All times are in seconds, fractions allowed (as redis-py's durations).
 */
export abstract class BasicCache<T = unknown> {
  /** The constructor's option names (HerdCache adds its own); any other key is a DataError. */
  static readonly optionNames: readonly string[] = ['serializer', 'compressor', 'compressThreshold', 'identity', 'binarySafe'];
  readonly client: CacheClient;
  readonly name: string;
  readonly identity: IdentityGenerator;
  protected readonly codec: Codec<T>;

  constructor(client: CacheClient, name: string, options: CacheOptions<T> = {}) {
    checkOptions(new.target.name, options, (new.target as unknown as typeof BasicCache).optionNames);
    if (typeof name !== 'string') throw new DataError("cache: argument 'name' must be a string");
    this.client = client;
    this.name = name;
    this.identity = options.identity ?? defaultIdentity;
    const threshold = options.compressThreshold ?? 1024;
    if (!Number.isInteger(threshold) || threshold < 0) {
      throw new DataError("cache: option 'compressThreshold' must be a non-negative integer");
    }
    this.codec = new Codec<T>({
      serializer: options.serializer === undefined ? (jsonSerializer as Serializer<T>) : options.serializer,
      compressor: options.compressor === undefined ? new ZlibCompressor() : options.compressor,
      compressThreshold: threshold,
      binarySafe: options.binarySafe ?? true,
    });
  }

  /** The Redis key of an entry. */
  identityOf(key: string, options?: CacheEntryOptions): string {
    return this.identityFor('identityOf', key, options, ENTRY_OPTIONS);
  }

  /** The Redis key of an entry, once `options` are checked against the names `method` takes. */
  protected identityFor(method: string, key: string, options: object | undefined, known: readonly string[]): string {
    checkOptions(`cache.${method}`, options, known);
    if (typeof key !== 'string') throw new DataError("cache: argument 'key' must be a string");
    return this.identity.generate(this.name, key, (options as CacheEntryOptions | undefined)?.param);
  }

  /** Deletes an entry; resolves with 1 when it existed, else 0. */
  async delete(key: string, options?: CacheEntryOptions): Promise<number> {
    return this.client.delete(this.identityFor('delete', key, options, ENTRY_OPTIONS));
  }

  /**
   * Deletes every entry of this cache whose key matches the glob `pattern` (`user:*`), found
   * with SCAN (`count` per page); resolves with how many were deleted.
   */
  async deletePattern(pattern: string, options: { count?: number } = {}): Promise<number> {
    checkOptions('cache.deletePattern', options, ['count']);
    if (typeof pattern !== 'string') throw new DataError("cache: argument 'pattern' must be a string");
    const match = this.name === '' ? pattern : `${escapeGlob(this.name)}:${pattern}`;
    let deleted = 0;
    let batch: string[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length > 0) deleted += await this.client.delete(...batch);
      batch = [];
    };
    const scan = options.count === undefined ? { match } : { match, count: options.count };
    for await (const key of this.client.scanIter(scan)) {
      batch.push(typeof key === 'string' ? key : key.toString('utf8'));
      if (batch.length >= 500) await flush();
    }
    await flush();
    return deleted;
  }

  /** Whether the entry is there. */
  async exists(key: string, options?: CacheEntryOptions): Promise<boolean> {
    return (await this.client.exists(this.identityFor('exists', key, options, ENTRY_OPTIONS))) === 1;
  }

  /** Seconds left to live (from PTTL, so with ms precision): -1 when the entry does not expire, -2 when it is not there. */
  async ttl(key: string, options?: CacheEntryOptions): Promise<number> {
    const ms = await this.client.pttl(this.identityFor('ttl', key, options, ENTRY_OPTIONS));
    return ms < 0 ? ms : ms / 1000;
  }
}

/** aredis's Cache: get and set values by key (and param), serialized and compressed. */
export class Cache<T = unknown> extends BasicCache<T> {
  /** The value, or null when there is none. */
  async get(key: string, options?: CacheEntryOptions): Promise<T | null> {
    const stored = await this.client.get(this.identityFor('get', key, options, ENTRY_OPTIONS));
    return stored === null ? null : this.codec.unpack(stored);
  }

  /** Stores a value (for `expire` seconds when given). */
  async set(key: string, value: T, options: CacheSetOptions = {}): Promise<void> {
    const identity = this.identityFor('set', key, options, SET_OPTIONS);
    const expire = checkExpire(options.expire);
    await this.client.set(identity, await this.codec.pack(value), expire === undefined ? {} : { px: expire });
  }

  /** Stores several values (same param and expiry); the SETs leave in one write. */
  async setMany(entries: Readonly<Record<string, T>> | Iterable<readonly [string, T]>, options: CacheSetOptions = {}): Promise<void> {
    checkOptions('cache.setMany', options, SET_OPTIONS);
    const pairs = isIterable(entries) ? [...entries] : Object.entries(entries);
    const expire = checkExpire(options.expire);
    const packed = await Promise.all(
      pairs.map(async ([key, value]) => [this.identityFor('setMany', key, options, SET_OPTIONS), await this.codec.pack(value)] as const),
    );
    await Promise.all(packed.map(([identity, value]) => this.client.set(identity, value, expire === undefined ? {} : { px: expire })));
  }
}

/** The option names of the entry methods. */
export const ENTRY_OPTIONS: readonly string[] = ['param'];
export const SET_OPTIONS: readonly string[] = ['param', 'expire'];

/** `expire` (seconds) as whole ms for PX, or undefined; DataError unless it is at least 1 ms. */
export function checkExpire(expire: number | undefined): number | undefined {
  return positiveMs('expire', expire);
}

/** A positive duration option in seconds as whole ms (at least 1), or undefined when not given. */
export function positiveMs(option: string, value: number | undefined): number | undefined {
  const ms = seconds('cache', option, value);
  if (ms === undefined) return undefined;
  const whole = Math.round(ms);
  if (whole < 1 || !Number.isFinite(whole)) {
    throw new DataError(`cache: option '${option}' must be a number of seconds of at least 0.001, got ${String(value)}`);
  }
  return whole;
}

function isIterable<T>(value: unknown): value is Iterable<T> {
  return value !== null && typeof value === 'object' && typeof (value as Iterable<T>)[Symbol.iterator] === 'function';
}

/** Escapes the glob characters of a literal (the cache's name) for SCAN MATCH. */
function escapeGlob(literal: string): string {
  return literal.replace(/[*?[\]\\]/g, (ch) => `\\${ch}`);
}
