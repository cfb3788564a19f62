import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataError, LockError } from '@aredis/resp-parser';
import {
  acquireSettings,
  extendSettings,
  lockSettings,
  positiveMs,
  type AcquireOptions,
  type ExtendOptions,
  type LockOptions,
  type LockSettings,
} from './lock-options.js';
import { runScript, scriptSource, type ScriptClient } from './script.js';

export type { AcquireOptions, ExtendOptions, LockOptions } from './lock-options.js';

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

/** A class the client's `lock(name, { lockClass })` builds instead of Lock (redis-py's `lock_class`). */
export type LockClass<L> = new (client: LockClient, name: string | Buffer, options: LockOptions) => L;

/**
 * A lock on one Redis key, as redis-py's Lock: a holder takes it with `SET name token NX PX
 * timeout` and a random token of its own, and releases, extends or reacquires it through Lua
 * scripts that act only while the key still holds that token. Durations are seconds. One
 * Lock object is one holder (it keeps the token); make one per task that competes.
 *
 *   await using held = await r.lock('jobs', { timeout: 10 }).hold({ blockingTimeout: 2 });
 *   // ... the lock is held here; released when the block ends
 *
 * `hold()` is redis-py's `async with lock:`. A Lock itself is not disposable, so
 * `await using lock = r.lock('jobs')` (which would not acquire) is a type error and a
 * TypeError, never an unguarded block.
 */
export class Lock {
  readonly name: string | Buffer;
  readonly #client: LockClient;
  readonly #settings: LockSettings;
  #token: string | Buffer | undefined = undefined;

  constructor(client: LockClient, name: string | Buffer, options: LockOptions = {}) {
    if (typeof name !== 'string' && !Buffer.isBuffer(name)) throw new DataError("lock: argument 'name' must be a string or Buffer");
    this.#client = client;
    this.name = name;
    this.#settings = lockSettings(options);
  }

  /** Seconds the lock lives once taken; undefined: until released. */
  get timeout(): number | undefined {
    return this.#settings.timeout;
  }
  /** Seconds between tries of a blocking acquire(). */
  get sleep(): number {
    return this.#settings.sleep;
  }
  get blocking(): boolean {
    return this.#settings.blocking;
  }
  /** Longest wait of a blocking acquire(), in seconds; undefined: no limit. */
  get blockingTimeout(): number | undefined {
    return this.#settings.blockingTimeout;
  }
  get raiseOnReleaseError(): boolean {
    return this.#settings.raiseOnReleaseError;
  }

  /** The token this holder took the lock with, while it thinks it holds it. */
  get token(): string | Buffer | undefined {
    return this.#token;
  }

  /**
   * Takes the lock. Non-blocking: one try. Blocking: tries every `sleep` seconds until it gets
   * it, or until `blockingTimeout` would pass (then false). Resolves true once held.
   */
  async acquire(options: AcquireOptions = {}): Promise<boolean> {
    const { blocking, sleepMs, blockingTimeoutMs, token: given } = acquireSettings(options, this.#settings);
    const token = given ?? randomBytes(16).toString('hex');
    const stopAt = blockingTimeoutMs === undefined || !Number.isFinite(blockingTimeoutMs) ? undefined : Date.now() + blockingTimeoutMs;
    const timeoutMs = this.#settings.timeoutMs;
    const set = timeoutMs === undefined ? { nx: true as const } : { nx: true as const, px: timeoutMs };
    for (;;) {
      if ((await this.#client.set(this.name, token, set)) === true) {
        this.#token = token;
        return true;
      }
      if (!blocking) return false;
      if (stopAt !== undefined && Date.now() + sleepMs > stopAt) return false;
      await sleep(sleepMs);
    }
  }

  /**
   * redis-py's `async with lock:` for `await using`: acquires (waiting as `acquire()` does) and
   * resolves with the HeldLock, whose disposal releases it. LockError when the lock could not
   * be taken within `blockingTimeout` (or at once, non-blocking): the block does not run.
   */
  async hold(options: AcquireOptions = {}): Promise<HeldLock> {
    if (!(await this.acquire(options))) {
      throw new LockError(`Unable to acquire the lock ${JSON.stringify(String(this.name))} within the time specified`);
    }
    return new HeldLock(this, this.#token as string | Buffer);
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

  /**
   * Gives the lock up. LockError when this holder does not hold it; LockNotOwnedError when it
   * expired or another holder has it now. After a failure of the connection the token is kept,
   * so release() may be tried again.
   */
  async release(): Promise<void> {
    const token = this.#token;
    if (token === undefined) throw new LockError("Cannot release a lock that this holder does not hold (not acquired, or already released)");
    const released = await this.#run(RELEASE, [token]);
    this.#token = undefined;
    if (released !== 1) throw new LockNotOwnedError("Cannot release a lock that's no longer owned (it expired or another holder took it)");
  }

  /**
   * Adds `additionalTime` seconds to the lock's remaining time, or with `{ replaceTtl: true }`
   * sets its time left to `additionalTime`. Only for a lock with a timeout that this holder holds.
   */
  async extend(additionalTime: number, options: ExtendOptions = {}): Promise<true> {
    const add = positiveMs('Lock.extend', 'additionalTime', additionalTime);
    const replace = extendSettings(options);
    const token = this.#heldToken('extend');
    if ((await this.#run(EXTEND, [token, add, replace ? '1' : '0'])) !== 1) {
      throw new LockNotOwnedError("Cannot extend a lock that's no longer owned");
    }
    return true;
  }

  /** Resets the lock's time left to its full `timeout`. Only for a lock with a timeout that this holder holds. */
  async reacquire(): Promise<true> {
    const token = this.#heldToken('reacquire');
    if ((await this.#run(REACQUIRE, [token, this.#settings.timeoutMs as number])) !== 1) {
      throw new LockNotOwnedError("Cannot reacquire a lock that's no longer owned");
    }
    return true;
  }

  #heldToken(what: string): string | Buffer {
    const token = this.#token;
    if (token === undefined) throw new LockError(`Cannot ${what} a lock that this holder does not hold`);
    if (this.#settings.timeoutMs === undefined) throw new LockError(`Cannot ${what} a lock with no timeout`);
    return token;
  }

  #run(script: typeof RELEASE, args: (string | Buffer | number)[]): Promise<unknown> {
    return runScript(script, this.#client, { keys: [this.name], args }) as Promise<unknown>;
  }
}

/**
 * A lock `hold()` took, for `await using`: its disposal releases the lock. When the lock was
 * lost by then (it expired, or another holder took it), disposal raises LockNotOwnedError, or,
 * with the Lock's `raiseOnReleaseError: false`, emits a process warning instead (redis-py logs
 * one). Releasing it earlier by hand (`held.release()`) leaves nothing for the disposal to do.
 */
export class HeldLock {
  readonly lock: Lock;
  /** The token the lock was taken with. */
  readonly token: string | Buffer;
  #released = false;

  constructor(lock: Lock, token: string | Buffer) {
    this.lock = lock;
    this.token = token;
  }

  /** release() ran (by hand, or by the disposal). */
  get released(): boolean {
    return this.#released;
  }

  /** Gives the lock up now (errors as Lock.release()); the disposal then does nothing. */
  release(): Promise<void> {
    this.#released = true;
    return this.lock.release();
  }

  extend(additionalTime: number, options?: ExtendOptions): Promise<true> {
    return this.lock.extend(additionalTime, options);
  }

  reacquire(): Promise<true> {
    return this.lock.reacquire();
  }

  owned(): Promise<boolean> {
    return this.lock.owned();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    try {
      await this.lock.release();
    } catch (error) {
      if (!(error instanceof LockError) || this.lock.raiseOnReleaseError) throw error;
      process.emitWarning(
        `The lock ${JSON.stringify(String(this.lock.name))} was no longer held when its block ended (${error.message})`,
        { type: 'LockWarning', code: error.code },
      );
    }
  }
}
