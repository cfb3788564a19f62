import { checkOptions, seconds } from '@aredis/resp-parser/internal';

/**
 * The backoffs of redis-py (`redis.backoff`), durations in seconds as there: a backoff says
 * how long to wait after failure number `failures` (1 for the first). `Retry` adds the budget.
 */
export interface Backoff {
  /** Seconds to wait after failure number `failures` (1-based). */
  compute(failures: number): number;
  /** Forgets any state before a new series of failures (DecorrelatedJitterBackoff keeps some). */
  reset?(): void;
}

/** redis-py's defaults for the exponential families: at most 0.512 s, from 0.008 s. */
export const DEFAULT_CAP = 0.512;
export const DEFAULT_BASE = 0.008;

/** `cap` (longest wait) and `base` (the first step), in seconds. */
export interface BackoffOptions {
  /** Longest wait, in seconds. Default 0.512. */
  cap?: number;
  /** The first step, in seconds (the wait after failure n grows as `base * 2^n`). Default 0.008. */
  base?: number;
}
const BACKOFF_OPTIONS = ['cap', 'base'] as const;

/** A duration option checked by `seconds()` and kept in seconds (`fallback` when undefined). */
function inSeconds(where: string, name: string, value: number | undefined, fallback: number): number {
  seconds(where, name, value);
  return value ?? fallback;
}

/** The same wait every time (seconds). */
export class ConstantBackoff implements Backoff {
  readonly backoff: number;
  constructor(backoff: number) {
    this.backoff = inSeconds(new.target.name, 'backoff', backoff, 0);
  }
  compute(_failures?: number): number {
    return this.backoff;
  }
}

/** Retry at once. */
export class NoBackoff extends ConstantBackoff {
  constructor() {
    super(0);
  }
}

/** The base of the exponential families: checked `cap` and `base`. */
abstract class CappedBackoff implements Backoff {
  readonly cap: number;
  readonly base: number;
  constructor(options: BackoffOptions = {}) {
    const where = new.target.name;
    checkOptions(where, options, BACKOFF_OPTIONS);
    this.cap = inSeconds(where, 'cap', options.cap, DEFAULT_CAP);
    this.base = inSeconds(where, 'base', options.base, DEFAULT_BASE);
  }
  /** `min(cap, base * 2^failures)`. */
  protected exponential(failures: number): number {
    return Math.min(this.cap, this.base * 2 ** failures);
  }
  abstract compute(failures: number): number;
}

/** `min(cap, base * 2^failures)`: 2 × base after the first failure, doubling up to `cap`. */
export class ExponentialBackoff extends CappedBackoff {
  compute(failures: number): number {
    return this.exponential(failures);
  }
}

/** A random wait between 0 and the exponential one. */
export class FullJitterBackoff extends CappedBackoff {
  compute(failures: number): number {
    return Math.random() * this.exponential(failures);
  }
}

/** Half the exponential wait plus a random part of the other half. */
export class EqualJitterBackoff extends CappedBackoff {
  compute(failures: number): number {
    const half = this.exponential(failures) / 2;
    return half + Math.random() * half;
  }
}

/**
 * A random wait between `base` and three times the previous wait, at most `cap` (AWS's
 * "decorrelated jitter"). It remembers the previous wait; `reset()` forgets it.
 */
export class DecorrelatedJitterBackoff extends CappedBackoff {
  #previous = 0;
  compute(_failures?: number): number {
    const upper = Math.max(this.base, this.#previous * 3);
    this.#previous = Math.min(this.cap, this.base + Math.random() * (upper - this.base));
    return this.#previous;
  }
  reset(): void {
    this.#previous = 0;
  }
}

/** `min(cap, random × base × 2^failures)` (redis-py 6's default for command retries). */
export class ExponentialWithJitterBackoff extends CappedBackoff {
  compute(failures: number): number {
    return Math.min(this.cap, Math.random() * this.base * 2 ** failures);
  }
}
