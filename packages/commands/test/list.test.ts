import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataError } from '@aredis/resp-parser';
import { COMMANDS, RESPONSE_CALLBACKS, type CommandMethods } from '@aredis/commands';
import { describeSpecFlags } from './helpers.js';

const C = COMMANDS;
const R = RESPONSE_CALLBACKS;

describeSpecFlags({ label: 'list', group: 'list', count: 22, title: 'declares every list command, readonly and blocking exactly where the spec says' });

describe('list commands: arguments', () => {
  it('pushes need at least one value', () => {
    expect(C.lpush.build('l', 'a', 1)).toEqual(['LPUSH', 'l', 'a', 1]);
    expect(C.rpush.build('l', 'a')).toEqual(['RPUSH', 'l', 'a']);
    expect(C.lpushx.build('l', 'a')).toEqual(['LPUSHX', 'l', 'a']);
    expect(C.rpushx.build('l', 'a', 'b')).toEqual(['RPUSHX', 'l', 'a', 'b']);
    expect(() => C.lpush.build('l')).toThrow(/LPUSH: argument 'values' needs at least one value/);
    expect(() => C.rpushx.build('l', {} as unknown as string)).toThrow(/RPUSHX: argument 'values'/);
  });

  it('LPOP and RPOP take an optional count', () => {
    expect(C.lpop.build('l')).toEqual(['LPOP', 'l']);
    expect(C.lpop.build('l', 2)).toEqual(['LPOP', 'l', 2]);
    expect(C.rpop.build('l')).toEqual(['RPOP', 'l']);
    expect(C.rpop.build('l', 3)).toEqual(['RPOP', 'l', 3]);
    expect(() => C.lpop.build('l', 'x' as unknown as number)).toThrow(/LPOP: argument 'count'/);
  });

  it('LRANGE, LTRIM, LINDEX, LSET, LREM take integers', () => {
    expect(C.lrange.build('l', 0, -1)).toEqual(['LRANGE', 'l', 0, -1]);
    expect(C.ltrim.build('l', 1, 2)).toEqual(['LTRIM', 'l', 1, 2]);
    expect(C.lindex.build('l', -1)).toEqual(['LINDEX', 'l', -1]);
    expect(C.lset.build('l', 0, 'v')).toEqual(['LSET', 'l', 0, 'v']);
    expect(C.lrem.build('l', -2, 'v')).toEqual(['LREM', 'l', -2, 'v']);
    expect(C.llen.build('l')).toEqual(['LLEN', 'l']);
    expect(() => C.lrange.build('l', 0.5, 1)).toThrow(/LRANGE: argument 'start' must be an integer/);
    expect(() => C.lindex.build('l', '1' as unknown as number)).toThrow(/LINDEX: argument 'index'/);
  });

  it('LINSERT takes BEFORE or AFTER in any case', () => {
    expect(C.linsert.build('l', 'before', 'p', 'v')).toEqual(['LINSERT', 'l', 'BEFORE', 'p', 'v']);
    expect(C.linsert.build('l', 'AFTER', 'p', 'v')).toEqual(['LINSERT', 'l', 'AFTER', 'p', 'v']);
    expect(() => C.linsert.build('l', 'middle' as 'AFTER', 'p', 'v')).toThrow(/LINSERT: argument 'where' must be one of BEFORE, AFTER/);
  });

  it('LPOS takes rank, count and maxlen', () => {
    expect(C.lpos.build('l', 'v')).toEqual(['LPOS', 'l', 'v']);
    expect(C.lpos.build('l', 'v', { rank: -1, count: 0, maxlen: 10 })).toEqual(['LPOS', 'l', 'v', 'RANK', -1, 'COUNT', 0, 'MAXLEN', 10]);
    expect(() => C.lpos.build('l', 'v', { rank: 0 })).toThrow(/LPOS: argument 'rank' must not be 0/);
    expect(() => C.lpos.build('l', 'v', { maxlen: 1.5 })).toThrow(/LPOS: argument 'maxlen'/);
  });

  it('LMOVE and BLMOVE default to LEFT → RIGHT', () => {
    expect(C.lmove.build('a', 'b')).toEqual(['LMOVE', 'a', 'b', 'LEFT', 'RIGHT']);
    expect(C.lmove.build('a', 'b', 'right', 'left')).toEqual(['LMOVE', 'a', 'b', 'RIGHT', 'LEFT']);
    expect(C.blmove.build('a', 'b', 0.5)).toEqual(['BLMOVE', 'a', 'b', 'LEFT', 'RIGHT', 0.5]);
    expect(C.blmove.build('a', 'b', 1, 'RIGHT', 'RIGHT')).toEqual(['BLMOVE', 'a', 'b', 'RIGHT', 'RIGHT', 1]);
    expect(() => C.lmove.build('a', 'b', 'UP' as 'LEFT')).toThrow(/LMOVE: argument 'src'/);
    expect(() => C.blmove.build('a', 'b', -1)).toThrow(/BLMOVE: argument 'timeout'/);
  });

  it('RPOPLPUSH and BRPOPLPUSH', () => {
    expect(C.rpoplpush.build('a', 'b')).toEqual(['RPOPLPUSH', 'a', 'b']);
    expect(C.brpoplpush.build('a', 'b')).toEqual(['BRPOPLPUSH', 'a', 'b', 0]);
    expect(C.brpoplpush.build('a', 'b', 2)).toEqual(['BRPOPLPUSH', 'a', 'b', 2]);
    expect(() => C.rpoplpush.build('a', 1 as unknown as string)).toThrow(/RPOPLPUSH: argument 'dst'/);
  });

  it('BLPOP and BRPOP take one key or an array, then a timeout in seconds (default 0)', () => {
    expect(C.blpop.build('a')).toEqual(['BLPOP', 'a', 0]);
    expect(C.blpop.build(['a', 'b'], 1.5)).toEqual(['BLPOP', 'a', 'b', 1.5]);
    expect(C.brpop.build(['a'], 2)).toEqual(['BRPOP', 'a', 2]);
    expect(() => C.blpop.build([], 1)).toThrow(/BLPOP: argument 'keys' needs at least one key/);
    expect(() => C.brpop.build('a', -1)).toThrow(/BRPOP: argument 'timeout'/);
    expect(() => C.brpop.build('a', '1' as unknown as number)).toThrow(DataError);
  });

  it('LMPOP and BLMPOP count the keys and take a direction and count', () => {
    expect(C.lmpop.build(['a', 'b'], 'left')).toEqual(['LMPOP', 2, 'a', 'b', 'LEFT']);
    expect(C.lmpop.build('a', 'RIGHT', { count: 3 })).toEqual(['LMPOP', 1, 'a', 'RIGHT', 'COUNT', 3]);
    expect(C.blmpop.build(0, ['a', 'b'], 'RIGHT', { count: 2 })).toEqual(['BLMPOP', 0, 2, 'a', 'b', 'RIGHT', 'COUNT', 2]);
    expect(() => C.lmpop.build(['a'], 'UP' as 'LEFT')).toThrow(/LMPOP: argument 'direction'/);
    expect(() => C.blmpop.build(1, [], 'LEFT')).toThrow(/BLMPOP: argument 'keys'/);
    expect(() => C.lmpop.build('a', 'LEFT', { count: 1.5 })).toThrow(/LMPOP: argument 'count'/);
  });
});

describe('list commands: replies', () => {
  it('LSET and LTRIM → true', () => {
    expect(R.LSET!('OK', {})).toBe(true);
    expect(R.LTRIM!('OK', {})).toBe(true);
  });

  it('leave list replies as they come (arrays under both protocols)', () => {
    for (const name of ['LRANGE', 'LPOP', 'RPOP', 'BLPOP', 'BRPOP', 'LMPOP', 'BLMPOP', 'LPOS', 'LINDEX', 'LMOVE', 'BLMOVE']) {
      expect(R[name], name).toBeUndefined();
    }
  });
});

describe('list commands: types', () => {
  it('follow decodeResponses and count', () => {
    const s = {} as CommandMethods<true>;
    const b = {} as CommandMethods<false>;
    const typesOnly = () => {
      expectTypeOf(s.lpop('l')).toEqualTypeOf<Promise<string | null>>();
      expectTypeOf(s.lpop('l', 2)).toEqualTypeOf<Promise<string[] | null>>();
      expectTypeOf(b.rpop('l', 2)).toEqualTypeOf<Promise<Buffer[] | null>>();
      expectTypeOf(s.lpos('l', 'v')).toEqualTypeOf<Promise<number | null>>();
      expectTypeOf(s.lpos('l', 'v', { count: 0 })).toEqualTypeOf<Promise<number[]>>();
      expectTypeOf(s.blpop(['a'], 1)).toEqualTypeOf<Promise<[string, string] | null>>();
      expectTypeOf(b.blmpop(1, ['a'], 'LEFT')).toEqualTypeOf<Promise<[Buffer, Buffer[]] | null>>();
      expectTypeOf(b.lrange('l', 0, -1)).toEqualTypeOf<Promise<Buffer[]>>();
      expectTypeOf(s.lset('l', 0, 'v')).toEqualTypeOf<Promise<boolean>>();
    };
    expect(typeof typesOnly).toBe('function');
  });
});
