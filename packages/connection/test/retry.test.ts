import { describe, expect, it } from 'vitest';
import { DataError } from '@aredis/resp-parser';
import {
  ConstantBackoff,
  DecorrelatedJitterBackoff,
  EqualJitterBackoff,
  ExponentialBackoff,
  ExponentialWithJitterBackoff,
  FullJitterBackoff,
  NoBackoff,
  Retry,
} from '../src/index.js';

describe('backoffs (seconds, as redis-py)', () => {
  it('ExponentialBackoff waits min(cap, base * 2^failures)', () => {
    const backoff = new ExponentialBackoff({ base: 0.01, cap: 0.1 });
    expect([1, 2, 3, 4, 5].map((n) => backoff.compute(n))).toEqual([0.02, 0.04, 0.08, 0.1, 0.1]);
  });

  it("defaults to redis-py's base 0.008 s and cap 0.512 s", () => {
    const backoff = new ExponentialBackoff();
    expect([backoff.base, backoff.cap]).toEqual([0.008, 0.512]);
    expect(backoff.compute(1)).toBe(0.016);
    expect(backoff.compute(20)).toBe(0.512);
  });

  it('keeps each jittered wait within its bounds', () => {
    const full = new FullJitterBackoff({ base: 0.1, cap: 1 });
    const equal = new EqualJitterBackoff({ base: 0.1, cap: 1 });
    const withJitter = new ExponentialWithJitterBackoff({ base: 0.1, cap: 1 });
    for (let failures = 1; failures <= 8; failures++) {
      const ceiling = Math.min(1, 0.1 * 2 ** failures);
      for (let i = 0; i < 50; i++) {
        const f = full.compute(failures);
        const e = equal.compute(failures);
        const w = withJitter.compute(failures);
        expect(f).toBeGreaterThanOrEqual(0);
        expect(f).toBeLessThanOrEqual(ceiling);
        expect(e).toBeGreaterThanOrEqual(ceiling / 2);
        expect(e).toBeLessThanOrEqual(ceiling);
        expect(w).toBeGreaterThanOrEqual(0);
        expect(w).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('DecorrelatedJitterBackoff stays between base and cap, and grows from what it waited last', () => {
    const backoff = new DecorrelatedJitterBackoff({ base: 0.01, cap: 0.5 });
    let previous = 0;
    for (let failures = 1; failures <= 40; failures++) {
      const wait = backoff.compute(failures);
      expect(wait).toBeGreaterThanOrEqual(0.01);
      expect(wait).toBeLessThanOrEqual(Math.min(0.5, Math.max(0.01, previous * 3)));
      previous = wait;
    }
    backoff.reset();
    expect(backoff.compute(1)).toBe(0.01); // after reset: between base and max(base, 0) = base
  });

  it('ConstantBackoff and NoBackoff', () => {
    expect(new ConstantBackoff(0.25).compute()).toBe(0.25);
    expect(new NoBackoff().compute()).toBe(0);
  });

  it('refuses a negative duration or an unknown option with DataError', () => {
    expect(() => new ConstantBackoff(-1)).toThrow(DataError);
    expect(() => new ExponentialBackoff({ cap: -0.5 })).toThrow(/ExponentialBackoff: option 'cap'/);
    // @ts-expect-error: not an option of a backoff
    expect(() => new EqualJitterBackoff({ bsae: 1 })).toThrow(/unknown option 'bsae' \(did you mean 'base'\?\)/);
  });
});

describe('Retry', () => {
  it('answers undefined once the budget is spent; the waits are the backoff’s seconds', () => {
    const retry = new Retry(new ConstantBackoff(0.007), 2);
    expect([retry.delayFor(1), retry.delayFor(2), retry.delayFor(3)]).toEqual([0.007, 0.007, undefined]);
  });

  it('takes -1 (as redis-py) or Infinity for no limit, and refuses other negatives', () => {
    expect(new Retry(new NoBackoff(), -1).retries).toBe(Infinity);
    expect(new Retry(new NoBackoff(), Infinity).delayFor(1e6)).toBe(0);
    expect(() => new Retry(new NoBackoff(), -2)).toThrow(DataError);
    expect(() => new Retry(new NoBackoff(), 1.5)).toThrow(DataError);
  });

  it('resets the backoff at the start of every outage', () => {
    const backoff = new DecorrelatedJitterBackoff({ base: 0.01, cap: 10 });
    const retry = new Retry(backoff, 100);
    for (let attempt = 1; attempt <= 30; attempt++) retry.delayFor(attempt);
    expect(retry.delayFor(1)).toBe(0.01);
  });

  it('builds from options, false or an instance', () => {
    const mine = new Retry(new NoBackoff(), 1);
    expect(Retry.from(mine)).toBe(mine);
    expect(Retry.from(false).delayFor(1)).toBeUndefined();
    const fromOptions = Retry.from({ retries: 3, base: 0.5, cap: 0.5 });
    expect(fromOptions.backoff).toBeInstanceOf(EqualJitterBackoff);
    for (const attempt of [1, 3]) {
      const wait = fromOptions.delayFor(attempt) as number;
      expect(wait).toBeGreaterThanOrEqual(0.25);
      expect(wait).toBeLessThanOrEqual(0.5);
    }
    expect(fromOptions.delayFor(4)).toBeUndefined();
    expect(Retry.from(undefined).retries).toBe(10);
    // @ts-expect-error: jitter is chosen by the backoff class now
    expect(() => Retry.from({ jitter: 'none' })).toThrow(/retry: unknown option 'jitter'/);
  });
});
