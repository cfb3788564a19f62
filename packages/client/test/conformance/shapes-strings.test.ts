import { expect, it } from 'vitest';
import { useServer } from '../commands/harness.js';
import { eachMode } from './modes.js';

// String commands as a redis-py user reads them: OK → true, bulk strings as str/bytes, counts
// and INCRBYFLOAT as numbers, a missing key as None (null).

const server = useServer();

eachMode('string reply shapes', server, (mode) => {
  const { v, k } = mode;
  it('SET, GET, MGET, GETSET, GETDEL, GETEX', async () => {
    expect(await mode.r.set(k('a'), 'one')).toBe(true);
    expect(await mode.r.set(k('a'), 'x', { nx: true })).toBeNull();
    expect(await mode.r.set(k('a'), 'two', { get: true })).toEqual(v('one'));
    expect(await mode.r.get(k('a'))).toEqual(v('two'));
    expect(await mode.r.get(k('missing'))).toBeNull();
    expect(await mode.r.mget([k('a'), k('missing')])).toEqual([v('two'), null]);
    expect(await mode.r.getset(k('a'), 'three')).toEqual(v('two'));
    expect(await mode.r.getex(k('a'), { ex: 10 })).toEqual(v('three'));
    expect(await mode.r.getdel(k('a'))).toEqual(v('three'));
  });

  it('counters, lengths and ranges', async () => {
    expect(await mode.r.incr(k('n'))).toBe(1);
    expect(await mode.r.incrby(k('n'), 4)).toBe(5);
    expect(await mode.r.decr(k('n'))).toBe(4);
    expect(await mode.r.incrbyfloat(k('n'), 0.5)).toBe(4.5);
    expect(await mode.r.append(k('s'), 'hello')).toBe(5);
    expect(await mode.r.strlen(k('s'))).toBe(5);
    expect(await mode.r.getrange(k('s'), 1, 3)).toEqual(v('ell'));
    expect(await mode.r.setrange(k('s'), 0, 'J')).toBe(5);
    expect(await mode.r.setnx(k('s'), 'no')).toBe(false);
    expect(await mode.r.msetnx({ [k('m1')]: '1', [k('m2')]: '2' })).toBe(true);
    expect(await mode.r.mset({ [k('m1')]: '3' })).toBe(true);
    expect(await mode.r.psetex(k('p'), 1000, 'ms')).toBe(true);
  });
});
