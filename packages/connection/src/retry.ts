/**
 * Reconnect policy in the spirit of redis-py's `Retry` and backoff classes: a backoff says
 * how long to wait before attempt N, a `Retry` adds the budget (how many attempts per outage).
 */

/** How long to wait before reconnect attempt `attempt` (1 for the first retry). */
export interface Backoff {
  compute(attempt: number): number;
}

/** Retry at once. */
export class NoBackoff implements Backoff {
  compute(): number {
    return 0;
  }
}

/** The same wait every time. */
export class ConstantBackoff implements Backoff {
  constructor(readonly delay: number) {}
  compute(): number {
    return this.delay;
  }
}

export type Jitter = 'none' | 'full' | 'equal';

export interface ExponentialBackoffOptions {
  /** Wait before the first retry, in ms. Default 50. */
  base?: number;
  /** Longest wait, in ms. Default 2000. */
  cap?: number;
  /**
   * `equal` (default): half the exponential wait plus a random half; `full`: a random wait up
   * to the exponential one; `none`: exactly `min(cap, base * 2^(attempt-1))`.
   */
  jitter?: Jitter;
}

/** `min(cap, base * 2^(attempt-1))`, with jitter so that many clients do not retry in step. */
export class ExponentialBackoff implements Backoff {
  readonly base: number;
  readonly cap: number;
  readonly jitter: Jitter;
  constructor(options: ExponentialBackoffOptions = {}) {
    this.base = options.base ?? 50;
    this.cap = options.cap ?? 2000;
    this.jitter = options.jitter ?? 'equal';
  }
  compute(attempt: number): number {
    const exp = Math.min(this.cap, this.base * 2 ** Math.max(0, attempt - 1));
    if (this.jitter === 'full') return Math.random() * exp;
    if (this.jitter === 'equal') return exp / 2 + (Math.random() * exp) / 2;
    return exp;
  }
}

export interface RetryOptions extends ExponentialBackoffOptions {
  /** Attempts per outage before giving up. Default 10; `Infinity` never gives up. */
  retries?: number;
}

/** A backoff plus a budget. `delayFor` answers `undefined` when the budget is spent. */
export class Retry {
  constructor(
    readonly backoff: Backoff = new ExponentialBackoff(),
    readonly retries: number = 10,
  ) {}

  static from(option: Retry | RetryOptions | false | undefined): Retry {
    if (option instanceof Retry) return option;
    if (option === false) return new Retry(new NoBackoff(), 0);
    return new Retry(new ExponentialBackoff(option ?? {}), option?.retries ?? 10);
  }

  /** Wait before attempt `attempt` (1-based), or undefined when no attempt is left. */
  delayFor(attempt: number): number | undefined {
    if (attempt > this.retries) return undefined;
    return this.backoff.compute(attempt);
  }
}
