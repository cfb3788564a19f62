import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataError } from '@aredis/resp-parser';
import { COMMANDS, RESPONSE_CALLBACKS, type ChainedCommandMethods, type CommandMethods } from '@aredis/commands';
import { buf, describeSpecFlags } from './helpers.js';

const C = COMMANDS;
const R = RESPONSE_CALLBACKS;

describeSpecFlags({ label: 'sorted-set', group: 'sorted_set', count: 35, title: 'declares every sorted-set command, readonly and blocking exactly where the spec says' });

describe('ZADD', () => {
  it('sends score then member for each pair, options before the pairs', () => {
    expect(C.zadd.build('z', { a: 1, b: 2.5 })).toEqual(['ZADD', 'z', 1, 'a', 2.5, 'b']);
    expect(C.zadd.build('z', new Map<string | Buffer, number>([[buf('m'), -Infinity]]))).toEqual(['ZADD', 'z', '-inf', buf('m')]);
    expect(C.zadd.build('z', { a: 1 }, { xx: true, gt: true, ch: true, incr: true })).toEqual(['ZADD', 'z', 'XX', 'GT', 'CH', 'INCR', 1, 'a']);
    expect(C.zadd.build('z', { a: '+inf' }, { nx: true })).toEqual(['ZADD', 'z', 'NX', '+inf', 'a']);
    expect(C.zadd.build('z', { a: 1 }, { lt: true })).toEqual(['ZADD', 'z', 'LT', 1, 'a']);
  });

  it('rejects conflicting flags, an empty mapping, bad scores and incr with several members', () => {
    expect(() => C.zadd.build('z', { a: 1 }, { nx: true, xx: true })).toThrow(/'nx' and 'xx' cannot be combined/);
    expect(() => C.zadd.build('z', { a: 1 }, { gt: true, lt: true })).toThrow(/'gt' and 'lt'/);
    expect(() => C.zadd.build('z', { a: 1 }, { nx: true, gt: true })).toThrow(/'nx' and 'gt'/);
    expect(() => C.zadd.build('z', { a: 1 }, { nx: true, lt: true })).toThrow(/'nx' and 'lt'/);
    expect(() => C.zadd.build('z', {})).toThrow(/ZADD: argument 'mapping' must not be empty/);
    expect(() => C.zadd.build('z', { a: NaN })).toThrow(/ZADD: argument 'mapping score'/);
    expect(() => C.zadd.build('z', { a: 1, b: 2 }, { incr: true })).toThrow(/'incr' takes a mapping of exactly one member/);
  });

  it('replies: the count, or the new score (text under RESP2, double under RESP3) or null', () => {
    expect(R.ZADD!(2, {})).toBe(2);
    expect(R.ZADD!('3.5', { incr: true })).toBe(3.5);
    expect(R.ZADD!(3.5, { incr: true })).toBe(3.5);
    expect(R.ZADD!(buf('inf'), { incr: true })).toBe(Infinity);
    expect(R.ZADD!(null, { incr: true })).toBe(null);
  });
});

describe('ZRANGE and ZRANGESTORE', () => {
  it('ranks by default; byscore, bylex, rev (or desc), LIMIT, withscores', () => {
    expect(C.zrange.build('z', 0, -1)).toEqual(['ZRANGE', 'z', 0, -1]);
    expect(C.zrange.build('z', 0, -1, { withscores: true, rev: true })).toEqual(['ZRANGE', 'z', 0, -1, 'REV', 'WITHSCORES']);
    expect(C.zrange.build('z', 0, 1, { desc: true })).toEqual(['ZRANGE', 'z', 0, 1, 'REV']);
    expect(C.zrange.build('z', '(1', Infinity, { byscore: true, offset: 0, num: 2, withscores: true })).toEqual([
      'ZRANGE', 'z', '(1', '+inf', 'BYSCORE', 'LIMIT', 0, 2, 'WITHSCORES',
    ]);
    expect(C.zrange.build('z', '[a', '+', { bylex: true })).toEqual(['ZRANGE', 'z', '[a', '+', 'BYLEX']);
    expect(C.zrangestore.build('d', 'z', 0, -1)).toEqual(['ZRANGESTORE', 'd', 'z', 0, -1]);
    expect(C.zrangestore.build('d', 'z', 5, 1, { byscore: true, rev: true, offset: 1, num: 1 })).toEqual([
      'ZRANGESTORE', 'd', 'z', 5, 1, 'BYSCORE', 'REV', 'LIMIT', 1, 1,
    ]);
  });

  it('rejects byscore with bylex, withscores with bylex, offset without num, LIMIT without a by', () => {
    expect(() => C.zrange.build('z', 0, 1, { byscore: true, bylex: true })).toThrow(/'byscore' and 'bylex' cannot be combined/);
    expect(() => C.zrange.build('z', '-', '+', { bylex: true, withscores: true })).toThrow(/'withscores' cannot be combined with 'bylex'/);
    expect(() => C.zrange.build('z', 0, 1, { byscore: true, offset: 1 })).toThrow(/'offset' and 'num' must be given together/);
    expect(() => C.zrange.build('z', 0, 1, { offset: 0, num: 1 })).toThrow(/need 'byscore' or 'bylex'/);
    expect(() => C.zrange.build('z', '0', 1)).toThrow(/ZRANGE: argument 'start' must be an integer/);
    expect(() => C.zrange.build('z', 1, '[a', { bylex: true })).toThrow(/ZRANGE: argument 'start'/);
    expect(() => C.zrangestore.build('d', 'z', 0, 1, { bylex: true, byscore: true })).toThrow(/ZRANGESTORE/);
  });

  it('pairs WITHSCORES replies from RESP2 (flat, text scores) and RESP3 (pairs, doubles)', () => {
    const pairs = [['a', 1], ['b', 2.5]];
    expect(R.ZRANGE!(['a', '1', 'b', '2.5'], { withscores: true })).toEqual(pairs);
    expect(R.ZRANGE!([['a', 1], ['b', 2.5]], { withscores: true })).toEqual(pairs);
    expect(R.ZRANGE!([buf('a'), buf('-inf')], { withscores: true })).toEqual([[buf('a'), -Infinity]]);
    expect(R.ZRANGE!(['a', 'b'], {})).toEqual(['a', 'b']);
    expect(R.ZRANGE!([], { withscores: true })).toEqual([]);
  });
});

describe('the deprecated range commands', () => {
  it('ZRANGEBYSCORE and ZREVRANGEBYSCORE: withscores, start/num', () => {
    expect(C.zrangebyscore.build('z', '-inf', 5)).toEqual(['ZRANGEBYSCORE', 'z', '-inf', 5]);
    expect(C.zrangebyscore.build('z', 0, 5, { withscores: true, start: 1, num: 2 })).toEqual([
      'ZRANGEBYSCORE', 'z', 0, 5, 'WITHSCORES', 'LIMIT', 1, 2,
    ]);
    expect(C.zrevrangebyscore.build('z', 5, 0, { withscores: true })).toEqual(['ZREVRANGEBYSCORE', 'z', 5, 0, 'WITHSCORES']);
    expect(() => C.zrangebyscore.build('z', 0, 5, { num: 2 })).toThrow(/'start' and 'num' must be given together/);
    expect(() => C.zrevrangebyscore.build('z', '', 0)).toThrow(/ZREVRANGEBYSCORE: argument 'max'/);
    expect(R.ZRANGEBYSCORE!(['a', '1'], { withscores: true })).toEqual([['a', 1]]);
    expect(R.ZREVRANGEBYSCORE!([['a', 1]], { withscores: true })).toEqual([['a', 1]]);
  });

  it('ZRANGEBYLEX and ZREVRANGEBYLEX: start/num', () => {
    expect(C.zrangebylex.build('z', '-', '+')).toEqual(['ZRANGEBYLEX', 'z', '-', '+']);
    expect(C.zrangebylex.build('z', '[a', '(c', { start: 0, num: 1 })).toEqual(['ZRANGEBYLEX', 'z', '[a', '(c', 'LIMIT', 0, 1]);
    expect(C.zrevrangebylex.build('z', '+', '-', { start: 1, num: 1 })).toEqual(['ZREVRANGEBYLEX', 'z', '+', '-', 'LIMIT', 1, 1]);
    expect(() => C.zrevrangebylex.build('z', 1 as unknown as string, '-')).toThrow(/ZREVRANGEBYLEX: argument 'max'/);
  });

  it('ZREVRANGE: withscores', () => {
    expect(C.zrevrange.build('z', 0, -1)).toEqual(['ZREVRANGE', 'z', 0, -1]);
    expect(C.zrevrange.build('z', 0, -1, { withscores: true })).toEqual(['ZREVRANGE', 'z', 0, -1, 'WITHSCORES']);
    expect(() => C.zrevrange.build('z', 0, 'x' as unknown as number)).toThrow(/ZREVRANGE: argument 'end'/);
    expect(R.ZREVRANGE!(['b', '2', 'a', '1'], { withscores: true })).toEqual([['b', 2], ['a', 1]]);
  });
});

describe('scores, ranks and counts', () => {
  it('ZSCORE, ZMSCORE, ZINCRBY → numbers', () => {
    expect(C.zscore.build('z', 'a')).toEqual(['ZSCORE', 'z', 'a']);
    expect(C.zmscore.build('z', ['a', 'b'])).toEqual(['ZMSCORE', 'z', 'a', 'b']);
    expect(() => C.zmscore.build('z', [])).toThrow(/ZMSCORE: argument 'members'/);
    expect(C.zincrby.build('z', 1.5, 'a')).toEqual(['ZINCRBY', 'z', 1.5, 'a']);
    expect(() => C.zincrby.build('z', NaN, 'a')).toThrow(/ZINCRBY: argument 'amount'/);
    expect(R.ZSCORE!('1.5', {})).toBe(1.5);
    expect(R.ZSCORE!(1.5, {})).toBe(1.5);
    expect(R.ZSCORE!(null, {})).toBe(null);
    expect(R.ZMSCORE!(['1', null, '-inf'], {})).toEqual([1, null, -Infinity]);
    expect(R.ZMSCORE!([1, null], {})).toEqual([1, null]);
    expect(R.ZINCRBY!(buf('3'), {})).toBe(3);
  });

  it('ZRANK and ZREVRANK, withscore (Redis 7.2: argument tests only)', () => {
    expect(C.zrank.build('z', 'a')).toEqual(['ZRANK', 'z', 'a']);
    expect(C.zrank.build('z', 'a', { withscore: true })).toEqual(['ZRANK', 'z', 'a', 'WITHSCORE']);
    expect(C.zrevrank.build('z', 'a', { withscore: true })).toEqual(['ZREVRANK', 'z', 'a', 'WITHSCORE']);
    expect(R.ZRANK!(2, {})).toBe(2);
    expect(R.ZRANK!([2, '1.5'], { withscore: true })).toEqual([2, 1.5]);
    expect(R.ZREVRANK!([0, 1.5], { withscore: true })).toEqual([0, 1.5]);
    expect(R.ZREVRANK!(null, { withscore: true })).toBe(null);
  });

  it('ZCARD, ZCOUNT, ZLEXCOUNT', () => {
    expect(C.zcard.build('z')).toEqual(['ZCARD', 'z']);
    expect(C.zcount.build('z', -Infinity, '(5')).toEqual(['ZCOUNT', 'z', '-inf', '(5']);
    expect(C.zlexcount.build('z', '-', '[b')).toEqual(['ZLEXCOUNT', 'z', '-', '[b']);
    expect(() => C.zcount.build('z', null as unknown as number, 1)).toThrow(/ZCOUNT: argument 'min'/);
  });
});

describe('removing', () => {
  it('ZREM and the ZREMRANGEBY family', () => {
    expect(C.zrem.build('z', 'a', 'b')).toEqual(['ZREM', 'z', 'a', 'b']);
    expect(() => C.zrem.build('z')).toThrow(/ZREM: argument 'values'/);
    expect(C.zremrangebyrank.build('z', 0, 1)).toEqual(['ZREMRANGEBYRANK', 'z', 0, 1]);
    expect(C.zremrangebyscore.build('z', '(1', Infinity)).toEqual(['ZREMRANGEBYSCORE', 'z', '(1', '+inf']);
    expect(C.zremrangebylex.build('z', '[a', '[b')).toEqual(['ZREMRANGEBYLEX', 'z', '[a', '[b']);
    expect(() => C.zremrangebyrank.build('z', 0.5, 1)).toThrow(/ZREMRANGEBYRANK: argument 'min'/);
  });

  it('ZPOPMIN and ZPOPMAX → pairs with or without a count, from both protocols', () => {
    expect(C.zpopmin.build('z')).toEqual(['ZPOPMIN', 'z']);
    expect(C.zpopmax.build('z', 2)).toEqual(['ZPOPMAX', 'z', 2]);
    expect(R.ZPOPMIN!(['a', '1'], {})).toEqual([['a', 1]]);
    expect(R.ZPOPMIN!(['a', 1], {})).toEqual([['a', 1]]);
    expect(R.ZPOPMAX!([['b', 2], ['a', 1]], {})).toEqual([['b', 2], ['a', 1]]);
    expect(R.ZPOPMAX!([], {})).toEqual([]);
  });

  it('BZPOPMIN and BZPOPMAX take keys and a timeout; → [key, member, score] or null', () => {
    expect(C.bzpopmin.build('a')).toEqual(['BZPOPMIN', 'a', 0]);
    expect(C.bzpopmax.build(['a', 'b'], 0.5)).toEqual(['BZPOPMAX', 'a', 'b', 0.5]);
    expect(() => C.bzpopmin.build([], 1)).toThrow(/BZPOPMIN: argument 'keys'/);
    expect(() => C.bzpopmax.build('a', -2)).toThrow(/BZPOPMAX: argument 'timeout'/);
    expect(R.BZPOPMIN!(['z', 'a', '1.5'], {})).toEqual(['z', 'a', 1.5]);
    expect(R.BZPOPMAX!(['z', 'a', 1.5], {})).toEqual(['z', 'a', 1.5]);
    expect(R.BZPOPMAX!(null, {})).toBe(null);
  });

  it('ZMPOP and BZMPOP need exactly one of min and max', () => {
    expect(C.zmpop.build(['a', 'b'], { min: true })).toEqual(['ZMPOP', 2, 'a', 'b', 'MIN']);
    expect(C.zmpop.build('a', { max: true, count: 2 })).toEqual(['ZMPOP', 1, 'a', 'MAX', 'COUNT', 2]);
    expect(C.bzmpop.build(1, ['a'], { min: true, count: 3 })).toEqual(['BZMPOP', 1, 1, 'a', 'MIN', 'COUNT', 3]);
    expect(() => C.zmpop.build('a', {})).toThrow(/ZMPOP: one of the options 'min' or 'max' is required/);
    expect(() => C.bzmpop.build(0, 'a', { min: true, max: true })).toThrow(/BZMPOP: options 'min' and 'max'/);
    expect(() => C.bzmpop.build(-1, 'a', { min: true })).toThrow(/BZMPOP: argument 'timeout'/);
    expect(R.ZMPOP!(['z', [['a', '1'], ['b', '2']]], {})).toEqual(['z', [['a', 1], ['b', 2]]]);
    expect(R.BZMPOP!(['z', [['a', 1]]], {})).toEqual(['z', [['a', 1]]]);
    expect(R.ZMPOP!(null, {})).toBe(null);
  });
});

describe('combining sets', () => {
  it('ZUNION and ZINTER: keys, weights as an option or as { key: weight }, aggregate, withscores', () => {
    expect(C.zunion.build(['a', 'b'])).toEqual(['ZUNION', 2, 'a', 'b']);
    expect(C.zunion.build(['a', 'b'], { weights: [1, 2.5], aggregate: 'max', withscores: true })).toEqual([
      'ZUNION', 2, 'a', 'b', 'WEIGHTS', 1, 2.5, 'AGGREGATE', 'MAX', 'WITHSCORES',
    ]);
    expect(C.zinter.build({ a: 1, b: 2 }, { aggregate: 'MIN' })).toEqual(['ZINTER', 2, 'a', 'b', 'WEIGHTS', 1, 2, 'AGGREGATE', 'MIN']);
    expect(C.zinter.build('a')).toEqual(['ZINTER', 1, 'a']);
    expect(() => C.zinter.build({ a: 1 }, { weights: [1] })).toThrow(/either as '\{ key: weight \}' or as 'weights'/);
    expect(() => C.zunion.build(['a', 'b'], { weights: [1] })).toThrow(/one weight per key \(2\)/);
    expect(() => C.zunion.build(['a'], { aggregate: 'avg' as 'SUM' })).toThrow(/ZUNION: argument 'aggregate' must be one of SUM, MIN, MAX/);
    expect(() => C.zinter.build([])).toThrow(/ZINTER: argument 'keys'/);
    expect(R.ZUNION!(['a', '3'], { withscores: true })).toEqual([['a', 3]]);
    expect(R.ZINTER!([['a', 3]], { withscores: true })).toEqual([['a', 3]]);
    expect(R.ZINTER!(['a'], {})).toEqual(['a']);
  });

  it('ZUNIONSTORE and ZINTERSTORE: a destination first', () => {
    expect(C.zunionstore.build('d', ['a', 'b'], { aggregate: 'sum' })).toEqual(['ZUNIONSTORE', 'd', 2, 'a', 'b', 'AGGREGATE', 'SUM']);
    expect(C.zinterstore.build('d', new Map<string | Buffer, number>([['a', 2]]))).toEqual(['ZINTERSTORE', 'd', 1, 'a', 'WEIGHTS', 2]);
    expect(() => C.zinterstore.build(5 as unknown as string, ['a'])).toThrow(/ZINTERSTORE: argument 'dest'/);
  });

  it('ZDIFF, ZDIFFSTORE, ZINTERCARD count the keys', () => {
    expect(C.zdiff.build(['a', 'b'], { withscores: true })).toEqual(['ZDIFF', 2, 'a', 'b', 'WITHSCORES']);
    expect(C.zdiffstore.build('d', ['a', 'b'])).toEqual(['ZDIFFSTORE', 'd', 2, 'a', 'b']);
    expect(C.zintercard.build(['a', 'b'], { limit: 3 })).toEqual(['ZINTERCARD', 2, 'a', 'b', 'LIMIT', 3]);
    expect(() => C.zdiffstore.build('d', [])).toThrow(/ZDIFFSTORE: argument 'keys'/);
    expect(() => C.zintercard.build('a', { limit: '3' as unknown as number })).toThrow(/ZINTERCARD: argument 'limit'/);
    expect(R.ZDIFF!(['a', '1'], { withscores: true })).toEqual([['a', 1]]);
  });
});

describe('random members and scanning', () => {
  it('ZRANDMEMBER: count and withscores (which needs the count)', () => {
    expect(C.zrandmember.build('z')).toEqual(['ZRANDMEMBER', 'z']);
    expect(C.zrandmember.build('z', -2, { withscores: true })).toEqual(['ZRANDMEMBER', 'z', -2, 'WITHSCORES']);
    expect(() => C.zrandmember.build('z', undefined, { withscores: true })).toThrow(/'withscores' needs a 'count'/);
    expect(R.ZRANDMEMBER!(['a', '1', 'b', '2'], { withscores: true })).toEqual([['a', 1], ['b', 2]]);
    expect(R.ZRANDMEMBER!([['a', 1]], { withscores: true })).toEqual([['a', 1]]);
    expect(R.ZRANDMEMBER!('a', {})).toBe('a');
  });

  it('ZSCAN → [cursor, [member, score][]]', () => {
    expect(C.zscan.build('z')).toEqual(['ZSCAN', 'z', 0]);
    expect(C.zscan.build('z', '7', { match: 'a*', count: 5 })).toEqual(['ZSCAN', 'z', '7', 'MATCH', 'a*', 'COUNT', 5]);
    expect(() => C.zscan.build('z', 1.5)).toThrow(DataError);
    expect(R.ZSCAN!(['0', ['a', '1', 'b', '2']], {})).toEqual([0, [['a', 1], ['b', 2]]]);
  });
});

describe('sorted-set commands: types', () => {
  it('replies follow withscores, incr, count and decodeResponses', () => {
    const s = {} as CommandMethods<true>;
    const b = {} as CommandMethods<false>;
    const typesOnly = () => {
      expectTypeOf(s.zrange('z', 0, -1)).toEqualTypeOf<Promise<string[]>>();
      expectTypeOf(b.zrange('z', 0, -1)).toEqualTypeOf<Promise<Buffer[]>>();
      expectTypeOf(s.zrange('z', 0, -1, { withscores: true })).toEqualTypeOf<Promise<[string, number][]>>();
      expectTypeOf(b.zrange('z', 0, -1, { withscores: true, rev: true })).toEqualTypeOf<Promise<[Buffer, number][]>>();
      expectTypeOf(s.zrangebyscore('z', 0, 1, { withscores: true })).toEqualTypeOf<Promise<[string, number][]>>();
      expectTypeOf(s.zrevrangebyscore('z', 1, 0)).toEqualTypeOf<Promise<string[]>>();
      expectTypeOf(b.zrevrange('z', 0, 1, { withscores: true })).toEqualTypeOf<Promise<[Buffer, number][]>>();
      expectTypeOf(s.zunion(['a'], { withscores: true })).toEqualTypeOf<Promise<[string, number][]>>();
      expectTypeOf(s.zinter({ a: 1 })).toEqualTypeOf<Promise<string[]>>();
      expectTypeOf(b.zdiff(['a'], { withscores: true })).toEqualTypeOf<Promise<[Buffer, number][]>>();
      expectTypeOf(s.zadd('z', { a: 1 })).toEqualTypeOf<Promise<number>>();
      expectTypeOf(s.zadd('z', { a: 1 }, { incr: true })).toEqualTypeOf<Promise<number | null>>();
      expectTypeOf(s.zscore('z', 'a')).toEqualTypeOf<Promise<number | null>>();
      expectTypeOf(s.zmscore('z', ['a'])).toEqualTypeOf<Promise<(number | null)[]>>();
      expectTypeOf(s.zrank('z', 'a')).toEqualTypeOf<Promise<number | null>>();
      expectTypeOf(s.zrank('z', 'a', { withscore: true })).toEqualTypeOf<Promise<[number, number] | null>>();
      expectTypeOf(s.zrandmember('z')).toEqualTypeOf<Promise<string | null>>();
      expectTypeOf(b.zrandmember('z', 2, { withscores: true })).toEqualTypeOf<Promise<[Buffer, number][]>>();
      expectTypeOf(s.zpopmin('z')).toEqualTypeOf<Promise<[string, number][]>>();
      expectTypeOf(b.bzpopmax('z', 1)).toEqualTypeOf<Promise<[Buffer, Buffer, number] | null>>();
      expectTypeOf(s.zmpop(['z'], { min: true })).toEqualTypeOf<Promise<[string, [string, number][]] | null>>();
      expectTypeOf(s.zscan('z')).toEqualTypeOf<Promise<[number | string, [string, number][]]>>();
    };
    expect(typeof typesOnly).toBe('function');
    expectTypeOf<Parameters<ChainedCommandMethods<true, 'p'>['zrange']>[3]>().toEqualTypeOf<
      import('../src/groups/sorted-set.js').ZRangeOptions | undefined
    >();
  });
});
