import { DataError } from '@aredis/resp-parser';
import { checkOptions, seconds } from '@aredis/resp-parser/internal';

/** redis-py's `Lock(...)` keyword arguments; every duration is seconds (fractions allowed). */
export interface LockOptions {
  /** The lock expires this many seconds after it is taken (SET PX); default: never, held until released. */
  timeout?: number | null;
  /** Seconds between tries while a blocking acquire() waits. Default 0.1. */
  sleep?: number;
  /** Whether acquire() waits for a lock someone else holds. Default true. */
  blocking?: boolean;
  /** Longest a blocking acquire() waits, in seconds. Default: as long as it takes. */
  blockingTimeout?: number | null;
  /**
   * At the end of a `hold()` block, a lock that expired or was taken by another holder
   * raises LockNotOwnedError (true, the default) or only emits a process warning (false).
   */
  raiseOnReleaseError?: boolean;
}

/** `acquire()`'s options: the Lock's own by default. */
export interface AcquireOptions {
  blocking?: boolean;
  /** Seconds. */
  blockingTimeout?: number | null;
  /** Seconds. */
  sleep?: number;
  /** The token to hold the lock with (default: 16 random bytes in hex). */
  token?: string | Buffer;
}

export interface ExtendOptions {
  /** Set the time left to `additionalTime` instead of adding it. */
  replaceTtl?: boolean;
}

export const LOCK_OPTIONS: readonly (keyof LockOptions)[] = ['timeout', 'sleep', 'blocking', 'blockingTimeout', 'raiseOnReleaseError'];
const ACQUIRE_OPTIONS: readonly (keyof AcquireOptions)[] = ['blocking', 'blockingTimeout', 'sleep', 'token'];
const EXTEND_OPTIONS: readonly (keyof ExtendOptions)[] = ['replaceTtl'];

/** What a Lock keeps of its options: the user's seconds for show, milliseconds for the timers. */
export interface LockSettings {
  timeout: number | undefined;
  timeoutMs: number | undefined;
  sleep: number;
  sleepMs: number;
  blocking: boolean;
  blockingTimeout: number | undefined;
  blockingTimeoutMs: number | undefined;
  raiseOnReleaseError: boolean;
}

function flag(where: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new DataError(`${where}: option '${name}' must be a boolean, got ${typeof value}`);
  return value;
}

/** A positive, finite number of seconds as milliseconds (a lock's timeout, extend's time): at least 1 ms. */
export function positiveMs(where: string, name: string, value: unknown): number {
  const ms = seconds(where, name, value);
  if (ms === undefined || ms === 0 || !Number.isFinite(ms)) {
    throw new DataError(`${where}: '${name}' must be a finite number of seconds > 0`);
  }
  return Math.max(1, Math.ceil(ms));
}

function finiteMs(where: string, name: string, value: unknown, fallback: number): number {
  const ms = seconds(where, name, value, fallback);
  if (!Number.isFinite(ms)) throw new DataError(`${where}: option '${name}' must be a finite number of seconds`);
  return ms;
}

export function lockSettings(options: LockOptions): LockSettings {
  checkOptions('Lock', options, LOCK_OPTIONS);
  const timeout = options.timeout ?? undefined;
  const blockingTimeout = options.blockingTimeout ?? undefined;
  return {
    timeout,
    timeoutMs: timeout === undefined ? undefined : positiveMs('Lock', 'timeout', timeout),
    sleep: options.sleep ?? 0.1,
    sleepMs: finiteMs('Lock', 'sleep', options.sleep, 0.1),
    blocking: flag('Lock', 'blocking', options.blocking, true),
    blockingTimeout,
    blockingTimeoutMs: seconds('Lock', 'blockingTimeout', blockingTimeout),
    raiseOnReleaseError: flag('Lock', 'raiseOnReleaseError', options.raiseOnReleaseError, true),
  };
}

/** One acquire()'s settings: its options over the Lock's. */
export function acquireSettings(
  options: AcquireOptions,
  lock: LockSettings,
): { blocking: boolean; sleepMs: number; blockingTimeoutMs: number | undefined; token: string | Buffer | undefined } {
  checkOptions('Lock.acquire', options, ACQUIRE_OPTIONS);
  const token = options.token;
  if (token !== undefined && typeof token !== 'string' && !Buffer.isBuffer(token)) {
    throw new DataError("Lock.acquire: option 'token' must be a string or Buffer");
  }
  return {
    blocking: flag('Lock.acquire', 'blocking', options.blocking, lock.blocking),
    sleepMs: options.sleep === undefined ? lock.sleepMs : finiteMs('Lock.acquire', 'sleep', options.sleep, 0),
    blockingTimeoutMs:
      options.blockingTimeout === undefined || options.blockingTimeout === null
        ? lock.blockingTimeoutMs
        : seconds('Lock.acquire', 'blockingTimeout', options.blockingTimeout),
    token,
  };
}

export function extendSettings(options: ExtendOptions): boolean {
  checkOptions('Lock.extend', options, EXTEND_OPTIONS);
  return flag('Lock.extend', 'replaceTtl', options.replaceTtl, false);
}
