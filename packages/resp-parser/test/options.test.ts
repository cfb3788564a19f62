import { describe, expect, it } from 'vitest';
import { DataError } from '../src/errors.js';
import { checkOptions, nearestName, seconds } from '../src/options.js';

describe('checkOptions', () => {
  it('accepts known keys and no options', () => {
    expect(() => checkOptions('SET', { ex: 1, nx: true }, ['ex', 'px', 'nx'])).not.toThrow();
    expect(() => checkOptions('SET', undefined, ['ex'])).not.toThrow();
    expect(() => checkOptions('SET', {}, new Set(['ex']))).not.toThrow();
  });

  it('names an unknown key and the nearest known one', () => {
    expect(() => checkOptions('StrictRedis', { decodeResponse: true }, ['decodeResponses', 'db'])).toThrow(
      new DataError("StrictRedis: unknown option 'decodeResponse' (did you mean 'decodeResponses'?)"),
    );
    expect(() => checkOptions('SET', { foo: 1 }, new Set(['ex', 'px']))).toThrow(new DataError("SET: unknown option 'foo'"));
  });

  it('counts a key set to undefined as given', () => {
    expect(() => checkOptions('SET', { exx: undefined }, ['ex'])).toThrow(/unknown option 'exx'/);
  });

  it("suggests the camelCase name for redis-py's snake_case one", () => {
    expect(nearestName('socket_connect_timeout', ['socketConnectTimeout', 'socketTimeout'])).toBe('socketConnectTimeout');
    expect(nearestName('zzzz', ['db', 'ex'])).toBeUndefined();
  });
});

describe('seconds', () => {
  it('gives milliseconds from seconds, fractions allowed', () => {
    expect(seconds('lock', 'timeout', 10)).toBe(10_000);
    expect(seconds('lock', 'sleep', 0.1)).toBeCloseTo(100);
    expect(seconds('lock', 'timeout', undefined)).toBeUndefined();
    expect(seconds('lock', 'timeout', undefined, 5)).toBe(5000);
    expect(seconds('lock', 'timeout', Infinity)).toBe(Infinity);
  });

  it('refuses what is not a duration', () => {
    expect(() => seconds('lock', 'timeout', -1)).toThrow(new DataError("lock: option 'timeout' must be a number of seconds >= 0, got -1"));
    expect(() => seconds('lock', 'timeout', '10')).toThrow(/got string/);
    expect(() => seconds('lock', 'timeout', Number.NaN)).toThrow(/got NaN/);
  });
});
