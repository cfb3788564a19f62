import { describe, expect, expectTypeOf, it } from 'vitest';
import { PROTOCOLS, useClients, useServer } from './harness.js';
import { DataError } from '@aredis/resp-parser';
import { StrictRedis } from '@aredis/client';

// Every sorted-set command against a real server, under RESP3 (the default; scores come as
// doubles, WITHSCORES as pairs) and RESP2 (scores as text, flat arrays): both give numbers and
// [member, score] pairs. ZRANK/ZREVRANK WITHSCORE is Redis 7.2 (this server is 7.0): argument
// tests only, in packages/commands/test/sorted-set.test.ts.

const server = useServer();

describe.each(PROTOCOLS)('sorted-set commands over RESP%i', (protocol) => {
  let r: StrictRedis<true>;
  let raw: StrictRedis<false>;
  const k = (name: string) => `zset:${protocol}:${name}`;

  useClients(server, protocol, (made) => ({ r, raw } = made));

  it('zadd with nx, xx, gt, lt, ch and incr', async () => {
    expect(await r.zadd(k('a'), { a: 1, b: 2 })).toBe(2);
    expect(await r.zadd(k('a'), { a: 5, c: 3 }, { nx: true })).toBe(1);
    expect(await r.zadd(k('a'), { a: 5, d: 4 }, { xx: true, ch: true })).toBe(1);
    expect(await r.zadd(k('a'), { a: 1 }, { gt: true, ch: true })).toBe(0);
    expect(await r.zadd(k('a'), { a: 0.5 }, { lt: true, ch: true })).toBe(1);
    expect(await r.zadd(k('a'), { a: 2 }, { incr: true })).toBe(2.5);
    expect(await r.zadd(k('a'), { a: 2 }, { incr: true, nx: true })).toBeNull();
    expect(await r.zadd(k('a'), { e: -Infinity })).toBe(1);
    expect(await r.zscore(k('a'), 'e')).toBe(-Infinity);
  });

  it('zrange by rank, score and lex; rev; limit; withscores as [member, score] pairs', async () => {
    await r.zadd(k('r'), { a: 1, b: 2, c: 3, d: 4.5 });
    expect(await r.zrange(k('r'), 0, -1)).toEqual(['a', 'b', 'c', 'd']);
    const scored = await r.zrange(k('r'), 0, 1, { withscores: true });
    expect(scored).toEqual([['a', 1], ['b', 2]]);
    expect(await r.zrange(k('r'), 0, 0, { withscores: true, rev: true })).toEqual([['d', 4.5]]);
    expect(await r.zrange(k('r'), 0, 0, { desc: true })).toEqual(['d']);
    expect(await r.zrange(k('r'), '(1', Infinity, { byscore: true, offset: 1, num: 2, withscores: true })).toEqual([['c', 3], ['d', 4.5]]);
    expect(await r.zrange(k('r'), 4, 2, { byscore: true, rev: true })).toEqual(['c', 'b']);
    const buffers = await raw.zrange(k('r'), 0, 0, { withscores: true });
    expect(buffers).toEqual([[Buffer.from('a'), 1]]);
    expectTypeOf(buffers).toEqualTypeOf<[Buffer, number][]>();
    await r.zadd(k('lex'), { a: 0, b: 0, c: 0 });
    expect(await r.zrange(k('lex'), '[b', '+', { bylex: true })).toEqual(['b', 'c']);
    expect(await r.zrange(k('lex'), '+', '-', { bylex: true, rev: true, offset: 0, num: 1 })).toEqual(['c']);
    expect(await r.zrange(k('none'), 0, -1, { withscores: true })).toEqual([]);
  });

  it('scoreCastFunc (redis-py score_cast_func) makes each score from its text', async () => {
    const z = k('cast');
    await r.zadd(z, { a: 1.5, b: 2, c: Infinity });
    const asText = (score: string) => `score ${score}`;
    const pairs = await r.zrange(z, 0, -1, { withscores: true, scoreCastFunc: asText });
    expect(pairs).toEqual([['a', 'score 1.5'], ['b', 'score 2'], ['c', 'score inf']]);
    expectTypeOf(pairs).toEqualTypeOf<[string, string][]>();
    expect(await raw.zrangebyscore(z, 2, '+inf', { withscores: true, scoreCastFunc: (s) => s.length })).toEqual([
      [Buffer.from('b'), 1],
      [Buffer.from('c'), 3],
    ]);
    expect(await r.zrevrangebyscore(z, 2, 1, { withscores: true, scoreCastFunc: Number })).toEqual([['b', 2], ['a', 1.5]]);
    expect(await r.zrevrange(z, 0, 0, { withscores: true, scoreCastFunc: (s) => BigInt(s === 'inf' ? 0 : s) })).toEqual([['c', 0n]]);
    // It shapes scores only: without withscores it is refused, not ignored.
    await expect(r.zrange(z, 0, -1, { scoreCastFunc: asText })).rejects.toThrow(/needs 'withscores'/);
    await expect(r.zrange(z, 0, -1, { withscores: true, scoreCastFunc: 'float' as never })).rejects.toThrow(DataError);
  });

  it('zrangestore', async () => {
    await r.zadd(k('rs'), { a: 1, b: 2, c: 3 });
    expect(await r.zrangestore(k('rsd'), k('rs'), 0, 1)).toBe(2);
    expect(await r.zrangestore(k('rsd'), k('rs'), 2, '+inf', { byscore: true })).toBe(2);
    expect(await r.zrange(k('rsd'), 0, -1, { withscores: true })).toEqual([['b', 2], ['c', 3]]);
  });

  it('zrangebyscore, zrevrangebyscore, zrangebylex, zrevrangebylex, zrevrange', async () => {
    await r.zadd(k('d'), { a: 1, b: 2, c: 3 });
    expect(await r.zrangebyscore(k('d'), 2, '+inf')).toEqual(['b', 'c']);
    expect(await r.zrangebyscore(k('d'), '-inf', '+inf', { withscores: true, start: 1, num: 1 })).toEqual([['b', 2]]);
    expect(await r.zrevrangebyscore(k('d'), 3, '(1', { withscores: true })).toEqual([['c', 3], ['b', 2]]);
    expect(await r.zrevrange(k('d'), 0, 0, { withscores: true })).toEqual([['c', 3]]);
    expect(await r.zrevrange(k('d'), 0, -1)).toEqual(['c', 'b', 'a']);
    await r.zadd(k('dl'), { a: 0, b: 0, c: 0 });
    expect(await r.zrangebylex(k('dl'), '-', '(c')).toEqual(['a', 'b']);
    expect(await r.zrangebylex(k('dl'), '-', '+', { start: 1, num: 5 })).toEqual(['b', 'c']);
    expect(await r.zrevrangebylex(k('dl'), '+', '[b')).toEqual(['c', 'b']);
    expect(await r.zrevrangebylex(k('dl'), '+', '-', { start: 0, num: 1 })).toEqual(['c']);
  });

  it('zscore, zmscore, zincrby as numbers; zrank, zrevrank', async () => {
    await r.zadd(k('s'), { a: 1.5, b: 2 });
    expect(await r.zscore(k('s'), 'a')).toBe(1.5);
    expect(await r.zscore(k('s'), 'zz')).toBeNull();
    expect(await r.zmscore(k('s'), ['a', 'zz', 'b'])).toEqual([1.5, null, 2]);
    expect(await r.zincrby(k('s'), 0.25, 'a')).toBe(1.75);
    expect(await r.zincrby(k('s'), -1, 'new')).toBe(-1);
    expect(await r.zrank(k('s'), 'a')).toBe(1);
    expect(await r.zrevrank(k('s'), 'a')).toBe(1);
    expect(await r.zrank(k('s'), 'zz')).toBeNull();
    expect(await r.zrevrank(k('s'), 'b')).toBe(0);
  });

  it('zcard, zcount, zlexcount', async () => {
    await r.zadd(k('c'), { a: 1, b: 2, c: 3 });
    expect(await r.zcard(k('c'))).toBe(3);
    expect(await r.zcount(k('c'), '(1', Infinity)).toBe(2);
    expect(await r.zcount(k('c'), -Infinity, 2)).toBe(2);
    await r.zadd(k('cl'), { a: 0, b: 0, c: 0 });
    expect(await r.zlexcount(k('cl'), '[b', '+')).toBe(2);
  });

  it('zrem and the zremrangeby family', async () => {
    await r.zadd(k('rm'), { a: 1, b: 2, c: 3, d: 4, e: 5 });
    expect(await r.zrem(k('rm'), 'a', 'zz')).toBe(1);
    expect(await r.zremrangebyrank(k('rm'), 0, 0)).toBe(1);
    expect(await r.zremrangebyscore(k('rm'), '(3', 4)).toBe(1);
    expect(await r.zrange(k('rm'), 0, -1)).toEqual(['c', 'e']);
    await r.zadd(k('rml'), { a: 0, b: 0, c: 0 });
    expect(await r.zremrangebylex(k('rml'), '[a', '(c')).toBe(2);
  });

  it('zpopmin and zpopmax → pairs with and without a count', async () => {
    await r.zadd(k('p'), { a: 1, b: 2, c: 3, d: 4 });
    expect(await r.zpopmin(k('p'))).toEqual([['a', 1]]);
    expect(await r.zpopmax(k('p'))).toEqual([['d', 4]]);
    expect(await r.zpopmin(k('p'), 5)).toEqual([['b', 2], ['c', 3]]);
    expect(await r.zpopmax(k('p'))).toEqual([]);
  });

  it('bzpopmin and bzpopmax → [key, member, score], null on timeout', async () => {
    await r.zadd(k('bp'), { a: 1, b: 2 });
    expect(await r.bzpopmin([k('bp0'), k('bp')], 1)).toEqual([k('bp'), 'a', 1]);
    expect(await r.bzpopmax(k('bp'), 1)).toEqual([k('bp'), 'b', 2]);
    expect(await r.bzpopmin(k('bp'), 0.05)).toBeNull();
    expect(await r.bzpopmax([k('bp')], 0.05)).toBeNull();
    const waiting = r.bzpopmax(k('wake'), 0);
    await r.zadd(k('wake'), { z: 9 });
    expect(await waiting).toEqual([k('wake'), 'z', 9]);
  });

  it('zmpop and bzmpop → [key, pairs], null when empty', async () => {
    await r.zadd(k('mp'), { a: 1, b: 2, c: 3 });
    expect(await r.zmpop([k('mp0'), k('mp')], { min: true, count: 2 })).toEqual([k('mp'), [['a', 1], ['b', 2]]]);
    expect(await r.bzmpop(1, k('mp'), { max: true })).toEqual([k('mp'), [['c', 3]]]);
    expect(await r.zmpop(k('mp'), { max: true })).toBeNull();
    expect(await r.bzmpop(0.05, [k('mp')], { min: true })).toBeNull();
  });

  it('zrandmember: a member, an array, pairs', async () => {
    await r.zadd(k('rand'), { a: 1, b: 2 });
    expect(['a', 'b']).toContain(await r.zrandmember(k('rand')));
    expect(await r.zrandmember(k('none'))).toBeNull();
    expect([...(await r.zrandmember(k('rand'), 2))].sort()).toEqual(['a', 'b']);
    const pairs = await r.zrandmember(k('rand'), 2, { withscores: true });
    expect([...pairs].sort()).toEqual([['a', 1], ['b', 2]]);
    expect(await r.zrandmember(k('rand'), -3, { withscores: true })).toHaveLength(3);
  });

  it('zunion, zinter, zdiff with weights, aggregate and withscores; their STORE forms; zintercard', async () => {
    await r.zadd(k('u1'), { a: 1, b: 2 });
    await r.zadd(k('u2'), { b: 3, c: 4 });
    expect(await r.zunion([k('u1'), k('u2')], { withscores: true })).toEqual([['a', 1], ['c', 4], ['b', 5]]);
    expect(await r.zunion({ [k('u1')]: 2, [k('u2')]: 1 }, { withscores: true, aggregate: 'MAX' })).toEqual([
      ['a', 2], ['b', 4], ['c', 4],
    ]);
    expect(await r.zinter([k('u1'), k('u2')], { weights: [1, 0.5], withscores: true })).toEqual([['b', 3.5]]);
    expect(await r.zinter([k('u1'), k('u2')])).toEqual(['b']);
    expect(await r.zdiff([k('u1'), k('u2')], { withscores: true })).toEqual([['a', 1]]);
    expect(await r.zdiff([k('u1'), k('u2')])).toEqual(['a']);
    expect(await r.zunionstore(k('us'), [k('u1'), k('u2')], { aggregate: 'min' })).toBe(3);
    expect(await r.zrange(k('us'), 0, -1, { withscores: true })).toEqual([['a', 1], ['b', 2], ['c', 4]]);
    expect(await r.zinterstore(k('is'), { [k('u1')]: 10, [k('u2')]: 1 })).toBe(1);
    expect(await r.zscore(k('is'), 'b')).toBe(23);
    expect(await r.zdiffstore(k('ds'), [k('u2'), k('u1')])).toBe(1);
    expect(await r.zintercard([k('u1'), k('u2')])).toBe(1);
    expect(await r.zintercard([k('u1'), k('u1')], { limit: 1 })).toBe(1);
  });

  it('zscan → [cursor, [member, score][]], to the end', async () => {
    const mapping: Record<string, number> = {};
    for (let i = 0; i < 300; i++) mapping[`m${i}`] = i / 2;
    await r.zadd(k('scan'), mapping);
    const seen: Record<string, number> = {};
    let cursor: number | string = 0;
    do {
      const [next, page] = await r.zscan(k('scan'), cursor, { count: 50 });
      for (const [member, score] of page) seen[member] = score;
      cursor = next;
    } while (cursor !== 0);
    expect(seen).toEqual(mapping);
    const [, matched] = await r.zscan(k('scan'), 0, { match: 'm29?', count: 1000 });
    expect(matched.map(([m]) => m).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `m29${i}`));
  });

  it('zscanIter walks zscan replies: [member, score] pairs', async () => {
    await r.zadd(k('iter'), { a: 1, b: 2.5 });
    const seen: [string, number][] = [];
    for await (const pair of r.zscanIter(k('iter'), { count: 1 })) seen.push(pair);
    expect(seen.sort()).toEqual([['a', 1], ['b', 2.5]]);
  });

  it('rejects bad arguments before sending', async () => {
    await expect(r.zadd(k('bad'), { a: 1 }, { nx: true, xx: true })).rejects.toBeInstanceOf(DataError);
    await expect(r.zadd(k('bad'), { a: 1 }, { gt: true, lt: true })).rejects.toThrow(/'gt' and 'lt'/);
    await expect(r.zrange(k('bad'), 0, 1, { byscore: true, bylex: true })).rejects.toBeInstanceOf(DataError);
    await expect(r.zrange(k('bad'), 0, 1, { byscore: true, offset: 1 })).rejects.toThrow(/'offset' and 'num'/);
    await expect(r.zmpop(k('bad'), {})).rejects.toBeInstanceOf(DataError);
    expect(await r.exists(k('bad'))).toBe(0);
  });
});
