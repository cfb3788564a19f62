import { describe, expect, it } from 'vitest';
import { ConstantBackoff, ExponentialBackoff, NoBackoff, Retry } from '../src/index.js';

describe('Retry and backoffs', () => {
  it('grows exponentially up to the cap without jitter', () => {
    const backoff = new ExponentialBackoff({ base: 10, cap: 100, jitter: 'none' });
    expect([1, 2, 3, 4, 5, 6].map((n) => backoff.compute(n))).toEqual([10, 20, 40, 80, 100, 100]);
  });

  it('keeps jittered waits within their bounds', () => {
    const full = new ExponentialBackoff({ base: 100, cap: 1000, jitter: 'full' });
    const equal = new ExponentialBackoff({ base: 100, cap: 1000, jitter: 'equal' });
    for (let attempt = 1; attempt <= 8; attempt++) {
      const ceiling = Math.min(1000, 100 * 2 ** (attempt - 1));
      for (let i = 0; i < 50; i++) {
        const f = full.compute(attempt);
        const e = equal.compute(attempt);
        expect(f).toBeGreaterThanOrEqual(0);
        expect(f).toBeLessThanOrEqual(ceiling);
        expect(e).toBeGreaterThanOrEqual(ceiling / 2);
        expect(e).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('answers undefined once the budget is spent', () => {
    const retry = new Retry(new ConstantBackoff(7), 2);
    expect([retry.delayFor(1), retry.delayFor(2), retry.delayFor(3)]).toEqual([7, 7, undefined]);
  });

  it('builds from options, false or an instance', () => {
    const mine = new Retry(new NoBackoff(), 1);
    expect(Retry.from(mine)).toBe(mine);
    expect(Retry.from(false).delayFor(1)).toBeUndefined();
    const fromOptions = Retry.from({ retries: 3, base: 5, cap: 5, jitter: 'none' });
    expect([fromOptions.delayFor(1), fromOptions.delayFor(3), fromOptions.delayFor(4)]).toEqual([5, 5, undefined]);
    expect(Retry.from(undefined).retries).toBe(10);
  });
});
