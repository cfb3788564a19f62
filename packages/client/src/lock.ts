import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataError, LockError } from '@aredis/resp-parser';
import { runScript, scriptSource, type ScriptClient } from './script.js';

/** The lock was taken by someone else, or expired, while this holder thought it held it. */
export class LockNotOwnedError extends LockError {
  override readonly code: string = 'AREDIS_ERR_LOCK_NOT_OWNED';
}

// The lock's key holds its holder's token; each script acts only when the token is the caller's.
// KEYS[1] the lock, ARGV[1] the token.
const RELEASE = scriptSource(`
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('del', KEYS[1])
return 1`);
// ARGV[2] ms to add (or the new ttl when ARGV[3] is '1'). A lock without a ttl is not extended.
const EXTEND = scriptSource(`
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
local ttl = redis.call('pttl', KEYS[1])
if ttl < 0 then return 0 end
local add = tonumber(ARGV[2])
if ARGV[3] == '1' then redis.call('pexpire', KEYS[1], add) else redis.call('pexpire', KEYS[1], ttl + add) end
return 1`);
// ARGV[2] the lock's timeout in ms, from now.
const REACQUIRE = scriptSource(`
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('pexpire', KEYS[1], ARGV[2])
return 1`);

/** What a Lock needs of its client: SET NX PX, GET, and scripts. */
export interface LockClient extends ScriptClient {
  set(name: string | Buffer, value: string | Buffer, options: { nx: true; px?: number }): Promise<unknown>;
  get(name: string | Buffer): Promise<string | Buffer | null>;
}

export interface LockOptions {
  /** The lock expires this many ms after it is taken (PX); default: never, held until released. */
  timeout?: number;
  /** Wait between tries while a blocking acquire() waits, in ms. Default 100. */
  sleep?: number;
  /** Whether acquire() waits for a lock someone else holds. Default true. */
  blocking?: boolean;
  /** Longest a blocking acquire() waits, in ms. Default: as long as it takes. */
  blockingTimeout?: number;
}

export interface AcquireOptions {
  blocking?: boolean;
  blockingTimeout?: number;
  sleep?: number;
  /** The token to hold the lock with (default: 16 random bytes in hex). */
  token?: string | Buffer;
}

function milliseconds(what: string, value: number | undefined, allowZero: boolean): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new DataError(`lock: '${what}' must be a number of milliseconds ${allowZero ? '>= 0' : '> 0'}`);
  }
  return value;
}

/**
 * A lock on one Redis key, as redis-py's Lock: a holder takes it with `SET name token NX PX
 * timeout` and a random token of its own, and releases, extends or reacquires it through Lua
 * scripts that act only while the key still holds that token. Times are in milliseconds.
 * One Lock object is one holder (it keeps the token); make one per task that competes.
 *
 *   await using lock = r.lock('jobs', { timeout: 10_000 });
 *   if (await lock.acquire({ blockingTimeout: 2_000 })) { ... }   // released at the block's end
 */
export class Lock {
  readonly name: string | Buffer;
  readonly timeout: number | undefined;
  readonly sleep: number;
  readonly blocking: boolean;
  readonly blockingTimeout: number | undefined;
  readonly #client: LockClient;
  #token: string | Buffer | undefined = undefined;

  constructor(client: LockClient, name: string | Buffer, options: LockOptions = {}) {
    if (typeof name !== 'string' && !Buffer.isBuffer(name)) throw new DataError("lock: argument 'name' must be a string or Buffer");
    this.#client = client;
    this.name = name;
    const timeout = milliseconds('timeout', options.timeout, false);
    this.timeout = timeout === undefined ? undefined : Math.ceil(timeout);
    this.sleep = milliseconds('sleep', options.sleep, true) ?? 100;
    this.blocking = options.blocking ?? true;
    this.blockingTimeout = milliseconds('blockingTimeout', options.blockingTimeout, true);
  }

  /** The token this holder took the lock with, while it thinks it holds it. */
  get token(): string | Buffer | undefined {
    return this.#token;
  }

  /**
   * Takes the lock. Non-blocking: one try. Blocking: tries every `sleep` ms until it gets it,
   * or until `blockingTimeout` would pass (then false). Resolves true once held.
   */
  async acquire(options: AcquireOptions = {}): Promise<boolean> {
    const wait = milliseconds('sleep', options.sleep, true) ?? this.sleep;
    const blocking = options.blocking ?? this.blocking;
    const blockingTimeout = milliseconds('blockingTimeout', options.blockingTimeout, true) ?? this.blockingTimeout;
    const token = options.token ?? randomBytes(16).toString('hex');
    if (typeof token !== 'string' && !Buffer.isBuffer(token)) throw new DataError("lock: 'token' must be a string or Buffer");
    const stopAt = blockingTimeout === undefined ? undefined : Date.now() + blockingTimeout;
    for (;;) {
      const set = this.timeout === undefined ? { nx: true as const } : { nx: true as const, px: this.timeout };
      if ((await this.#client.set(this.name, token, set)) === true) {
        this.#token = token;
        return true;
      }
      if (!blocking) return false;
      if (stopAt !== undefined && Date.now() + wait > stopAt) return false;
      await sleep(wait);
    }
  }

  /** Someone (anyone) holds the lock. */
  async locked(): Promise<boolean> {
    return (await this.#client.get(this.name)) !== null;
  }

  /** This holder holds the lock: the key still has its token. */
  async owned(): Promise<boolean> {
    const token = this.#token;
    if (token === undefined) return false;
    const stored = await this.#client.get(this.name);
    return stored !== null && Buffer.from(stored).equals(Buffer.from(token));
  }

  /** Gives the lock up. LockError when this holder has not taken it; LockNotOwnedError when it is no longer its. */
  async release(): Promise<void> {
    const token = this.#token;
    if (token === undefined) throw new LockError('Cannot release a lock that this holder has not acquired');
    this.#token = undefined;
    if ((await this.#run(RELEASE, [token])) !== 1) {
      throw new LockNotOwnedError("Cannot release a lock that's no longer owned (it expired or another holder took it)");
    }
  }

  /**
   * Adds `additionalTime` ms to the lock's remaining time, or with `{ replaceTtl: true }` sets
   * its time left to `additionalTime`. Only for a lock with a timeout that this holder holds.
   */
  async extend(additionalTime: number, options: { replaceTtl?: boolean } = {}): Promise<true> {
    const add = milliseconds('additionalTime', additionalTime, false) as number;
    const token = this.#heldToken('extend');
    if ((await this.#run(EXTEND, [token, Math.ceil(add), options.replaceTtl === true ? '1' : '0'])) !== 1) {
      throw new LockNotOwnedError("Cannot extend a lock that's no longer owned");
    }
    return true;
  }

  /** Resets the lock's time left to its full `timeout`. Only for a lock with a timeout that this holder holds. */
  async reacquire(): Promise<true> {
    const token = this.#heldToken('reacquire');
    if ((await this.#run(REACQUIRE, [token, this.timeout as number])) !== 1) {
      throw new LockNotOwnedError("Cannot reacquire a lock that's no longer owned");
    }
    return true;
  }

  /** `await using`: releases the lock when this holder still has its token. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#token !== undefined) await this.release();
  }

  #heldToken(what: string): string | Buffer {
    const token = this.#token;
    if (token === undefined) throw new LockError(`Cannot ${what} a lock that this holder has not acquired`);
    if (this.timeout === undefined) throw new LockError(`Cannot ${what} a lock with no timeout`);
    return token;
  }

  #run(script: typeof RELEASE, args: (string | Buffer | number)[]): Promise<unknown> {
    return runScript(script, this.#client, { keys: [this.name], args }) as Promise<unknown>;
  }
}
