import { DataError } from '@aredis/resp-parser';
import { checkOptions } from '@aredis/resp-parser/internal';
import { EqualJitterBackoff, NoBackoff, type Backoff } from './backoff.js';

/** The options form of a connection's `retry`: the default equal-jitter backoff, tuned. */
export interface RetryOptions {
  /** Attempts per outage before giving up. Default 10; `Infinity` (or -1, as redis-py) never gives up. */
  retries?: number;
  /** The first step of the backoff, in seconds (the first wait is 1-2 × base). Default 0.025. */
  base?: number;
  /** Longest wait, in seconds. Default 2. */
  cap?: number;
}
const RETRY_OPTIONS = ['retries', 'base', 'cap'] as const;

/**
 * A backoff plus a budget, as redis-py's `Retry(backoff, retries)`. A connection's `retry`
 * says how it reconnects after losing its server; the client's command retries
 * (`retryOnError`) use one too. Waits are in seconds.
 */
export class Retry {
  readonly backoff: Backoff;
  /** Attempts allowed after the first failure (`Infinity`: no limit). */
  readonly retries: number;

  constructor(backoff: Backoff = new EqualJitterBackoff({ base: 0.025, cap: 2 }), retries: number = 10) {
    if (typeof backoff?.compute !== 'function') throw new DataError("Retry: argument 'backoff' must have a compute(failures) method");
    this.backoff = backoff;
    this.retries = checkRetries(retries);
  }

  /** A `Retry` from a connection's `retry` option: an instance, `{ retries, base, cap }`, or false (never). */
  static from(option: Retry | RetryOptions | false | undefined): Retry {
    if (option instanceof Retry) return option;
    if (option === false) return new Retry(new NoBackoff(), 0);
    if (option === undefined) return new Retry();
    checkOptions('retry', option, RETRY_OPTIONS);
    return new Retry(new EqualJitterBackoff({ base: option.base ?? 0.025, cap: option.cap ?? 2 }), option.retries ?? 10);
  }

  /** Seconds to wait before attempt `attempt` (1-based), or undefined when no attempt is left. */
  delayFor(attempt: number): number | undefined {
    if (attempt > this.retries) return undefined;
    if (attempt === 1) this.backoff.reset?.();
    return this.backoff.compute(attempt);
  }
}

function checkRetries(retries: unknown): number {
  if (retries === -1 || retries === Infinity) return Infinity;
  if (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 0) {
    throw new DataError(`Retry: argument 'retries' must be an integer >= 0 (or -1 / Infinity for no limit), got ${String(retries)}`);
  }
  return retries;
}
