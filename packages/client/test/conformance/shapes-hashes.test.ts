import { expect, it } from 'vitest';
import { useServer } from '../commands/harness.js';
import { eachMode } from './modes.js';

// Hash commands: HGETALL as a dict (an object with string keys here, values str/bytes),
// HEXISTS/HSETNX as booleans, HINCRBYFLOAT as a float, missing fields as None.

const server = useServer();

eachMode('hash reply shapes', server, (mode) => {
  const { v, k } = mode;
  it('HSET, HGET, HMGET, HGETALL, HKEYS, HVALS', async () => {
    expect(await mode.r.hset(k('h'), { a: '1', b: '2' })).toBe(2);
    expect(await mode.r.hget(k('h'), 'a')).toEqual(v('1'));
    expect(await mode.r.hget(k('h'), 'zz')).toBeNull();
    expect(await mode.r.hmget(k('h'), ['a', 'zz'])).toEqual([v('1'), null]);
    expect(await mode.r.hgetall(k('h'))).toEqual({ a: v('1'), b: v('2') });
    expect(await mode.r.hgetall(k('none'))).toEqual({});
    expect((await mode.r.hkeys(k('h'))).map(String).sort()).toEqual(['a', 'b']);
    expect((await mode.r.hvals(k('h'))).map(String).sort()).toEqual(['1', '2']);
  });

  it('booleans, counts and floats', async () => {
    await mode.r.hset(k('c'), { n: '1' });
    expect(await mode.r.hexists(k('c'), 'n')).toBe(true);
    expect(await mode.r.hexists(k('c'), 'zz')).toBe(false);
    expect(await mode.r.hsetnx(k('c'), 'n', '2')).toBe(false);
    expect(await mode.r.hsetnx(k('c'), 'm', '2')).toBe(true);
    expect(await mode.r.hincrby(k('c'), 'n', 2)).toBe(3);
    expect(await mode.r.hincrbyfloat(k('c'), 'n', 0.25)).toBe(3.25);
    expect(await mode.r.hlen(k('c'))).toBe(2);
    expect(await mode.r.hstrlen(k('c'), 'n')).toBe(4);
    expect(await mode.r.hdel(k('c'), 'm', 'zz')).toBe(1);
  });
});
