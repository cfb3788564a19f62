import { expect, it } from 'vitest';
import { useServer } from '../commands/harness.js';
import { eachMode } from './modes.js';

// Sorted-set commands: scores are floats under both protocols, WITHSCORES replies are
// (member, score) pairs ([member, score] arrays here), ranks are ints, missing members None.

const server = useServer();

eachMode('sorted-set reply shapes', server, (mode) => {
  const { v, k } = mode;
  it('ZADD, ZRANGE with and without scores, ZSCORE, ZMSCORE, ZINCRBY, ZRANK', async () => {
    expect(await mode.r.zadd(k('z'), { a: 1, b: 2.5, c: 3 })).toBe(3);
    expect(await mode.r.zrange(k('z'), 0, -1)).toEqual([v('a'), v('b'), v('c')]);
    expect(await mode.r.zrange(k('z'), 0, 1, { withscores: true })).toEqual([[v('a'), 1], [v('b'), 2.5]]);
    expect(await mode.r.zrevrange(k('z'), 0, 0, { withscores: true })).toEqual([[v('c'), 3]]);
    expect(await mode.r.zrangebyscore(k('z'), 2, '+inf', { withscores: true })).toEqual([[v('b'), 2.5], [v('c'), 3]]);
    expect(await mode.r.zscore(k('z'), 'b')).toBe(2.5);
    expect(await mode.r.zscore(k('z'), 'zz')).toBeNull();
    expect(await mode.r.zmscore(k('z'), ['a', 'zz'])).toEqual([1, null]);
    expect(await mode.r.zincrby(k('z'), 0.5, 'a')).toBe(1.5);
    expect(await mode.r.zrank(k('z'), 'c')).toBe(2);
    expect(await mode.r.zrank(k('z'), 'zz')).toBeNull();
    expect(await mode.r.zcard(k('z'))).toBe(3);
    expect(await mode.r.zcount(k('z'), 0, 2)).toBe(1);
  });

  it('pops: pairs, and BZPOPMIN as (key, member, score)', async () => {
    await mode.r.zadd(k('p'), { a: 1, b: 2, c: 3 });
    expect(await mode.r.zpopmin(k('p'))).toEqual([[v('a'), 1]]);
    expect(await mode.r.zpopmax(k('p'), 2)).toEqual([[v('c'), 3], [v('b'), 2]]);
    expect(await mode.r.zpopmin(k('p'))).toEqual([]);
    await mode.r.zadd(k('q'), { m: -Infinity });
    expect(await mode.r.bzpopmin([k('q')], 1)).toEqual([v(k('q')), v('m'), -Infinity]);
    expect(await mode.r.bzpopmin([k('q')], 0.05)).toBeNull();
  });

  it('ZUNION/ZINTER with scores and ZRANDMEMBER', async () => {
    await mode.r.zadd(k('x'), { a: 1, b: 2 });
    await mode.r.zadd(k('y'), { b: 3 });
    expect(await mode.r.zinter([k('x'), k('y')], { withscores: true })).toEqual([[v('b'), 5]]);
    expect(await mode.r.zunion([k('x'), k('y')])).toEqual([v('a'), v('b')]);
    expect(await mode.r.zunionstore(k('u'), [k('x'), k('y')])).toBe(2);
    await mode.r.zadd(k('one'), { m: 4 });
    expect(await mode.r.zrandmember(k('one'))).toEqual(v('m'));
    expect(await mode.r.zrandmember(k('one'), 1, { withscores: true })).toEqual([[v('m'), 4]]);
  });
});
