import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataError } from '@aredis/resp-parser';
import { COMMANDS, RESPONSE_CALLBACKS, type ChainedCommandMethods, type CommandMethods } from '@aredis/commands';
import { buf, describeSpecFlags } from './helpers.js';

const C = COMMANDS;
const R = RESPONSE_CALLBACKS;

describeSpecFlags({ label: 'hash', group: 'hash', count: 16, title: 'declares every hash command, readonly exactly where the spec says READONLY' });

describe('hash commands: arguments', () => {
  it('HSET takes key/value, a mapping, items, or a mix', () => {
    expect(C.hset.build('h', 'f', 'v')).toEqual(['HSET', 'h', 'f', 'v']);
    expect(C.hset.build('h', { a: 1, b: 'x' })).toEqual(['HSET', 'h', 'a', 1, 'b', 'x']);
    expect(C.hset.build('h', new Map<string | Buffer, string>([[buf('f'), 'v']]))).toEqual(['HSET', 'h', buf('f'), 'v']);
    expect(C.hset.build('h', 'f', 'v', { mapping: { g: 2 }, items: ['i', 3] })).toEqual(['HSET', 'h', 'f', 'v', 'g', 2, 'i', 3]);
    expect(() => C.hset.build('h', {})).toThrow(/HSET: argument 'mapping' must not be empty/);
    expect(() => C.hset.build('h', 'f', undefined as unknown as string)).toThrow(/'key' and 'value' must be given together/);
    expect(() => C.hset.build('h', 'f', 'v', { items: ['odd'] })).toThrow(/option 'items'/);
    expect(() => C.hset.build('h', 'f', {} as unknown as string)).toThrow(/HSET: argument 'value'/);
    expect(() => C.hset.build(1 as unknown as string, 'f', 'v')).toThrow(DataError);
  });

  it('HGET, HEXISTS, HSTRLEN, HSETNX take a field', () => {
    expect(C.hget.build('h', 'f')).toEqual(['HGET', 'h', 'f']);
    expect(C.hexists.build('h', 'f')).toEqual(['HEXISTS', 'h', 'f']);
    expect(C.hstrlen.build('h', 'f')).toEqual(['HSTRLEN', 'h', 'f']);
    expect(C.hsetnx.build('h', 'f', 1)).toEqual(['HSETNX', 'h', 'f', 1]);
    expect(() => C.hget.build('h', null as unknown as string)).toThrow(/HGET: argument 'key'/);
    expect(() => C.hsetnx.build('h', 'f', undefined as unknown as string)).toThrow(/HSETNX: argument 'value'/);
  });

  it('HMGET takes fields as an array or as arguments', () => {
    expect(C.hmget.build('h', ['a', 'b'])).toEqual(['HMGET', 'h', 'a', 'b']);
    expect(C.hmget.build('h', 'a', 'b')).toEqual(['HMGET', 'h', 'a', 'b']);
    expect(C.hmget.build('h', ['a'], 'b')).toEqual(['HMGET', 'h', 'a', 'b']);
    expect(() => C.hmget.build('h', [])).toThrow(/HMGET: argument 'keys' needs at least one value/);
  });

  it('HDEL needs at least one field', () => {
    expect(C.hdel.build('h', 'a', 'b')).toEqual(['HDEL', 'h', 'a', 'b']);
    expect(() => C.hdel.build('h')).toThrow(/HDEL: argument 'keys'/);
  });

  it('HGETALL, HKEYS, HVALS, HLEN take the key only', () => {
    expect(C.hgetall.build('h')).toEqual(['HGETALL', 'h']);
    expect(C.hkeys.build('h')).toEqual(['HKEYS', 'h']);
    expect(C.hvals.build('h')).toEqual(['HVALS', 'h']);
    expect(C.hlen.build(buf('h'))).toEqual(['HLEN', buf('h')]);
    expect(() => C.hlen.build(undefined as unknown as string)).toThrow(/HLEN: argument 'name'/);
  });

  it('HINCRBY takes an integer (default 1), HINCRBYFLOAT a number (default 1.0)', () => {
    expect(C.hincrby.build('h', 'f')).toEqual(['HINCRBY', 'h', 'f', 1]);
    expect(C.hincrby.build('h', 'f', -5)).toEqual(['HINCRBY', 'h', 'f', -5]);
    expect(() => C.hincrby.build('h', 'f', 1.5)).toThrow(/HINCRBY: argument 'amount' must be an integer/);
    expect(C.hincrbyfloat.build('h', 'f')).toEqual(['HINCRBYFLOAT', 'h', 'f', 1]);
    expect(C.hincrbyfloat.build('h', 'f', 2.5)).toEqual(['HINCRBYFLOAT', 'h', 'f', 2.5]);
    expect(() => C.hincrbyfloat.build('h', 'f', NaN)).toThrow(/HINCRBYFLOAT: argument 'amount'/);
  });

  it('HMSET takes a non-empty mapping', () => {
    expect(C.hmset.build('h', { a: 1 })).toEqual(['HMSET', 'h', 'a', 1]);
    expect(() => C.hmset.build('h', {})).toThrow(/HMSET: argument 'mapping' must not be empty/);
    expect(() => C.hmset.build('h', 'x' as unknown as Record<string, string>)).toThrow(/must be an object or a Map/);
  });

  it('HRANDFIELD takes a count and withvalues (which needs the count)', () => {
    expect(C.hrandfield.build('h')).toEqual(['HRANDFIELD', 'h']);
    expect(C.hrandfield.build('h', -3)).toEqual(['HRANDFIELD', 'h', -3]);
    expect(C.hrandfield.build('h', 2, { withvalues: true })).toEqual(['HRANDFIELD', 'h', 2, 'WITHVALUES']);
    expect(() => C.hrandfield.build('h', undefined, { withvalues: true })).toThrow(/'withvalues' needs a 'count'/);
    expect(() => C.hrandfield.build('h', 1.5)).toThrow(/HRANDFIELD: argument 'count'/);
  });

  it('HSCAN takes a cursor (number or text), match and count', () => {
    expect(C.hscan.build('h')).toEqual(['HSCAN', 'h', 0]);
    expect(C.hscan.build('h', '18446744073709551615', { match: 'f*', count: 10 })).toEqual([
      'HSCAN', 'h', '18446744073709551615', 'MATCH', 'f*', 'COUNT', 10,
    ]);
    expect(() => C.hscan.build('h', -1)).toThrow(/HSCAN: argument 'cursor'/);
    expect(() => C.hscan.build('h', 'abc')).toThrow(/HSCAN: argument 'cursor'/);
    expect(() => C.hscan.build('h', 0, { count: 'x' as unknown as number })).toThrow(/HSCAN: argument 'count'/);
  });
});

describe('hash commands: replies, the same shape from RESP2 and RESP3', () => {
  it('HGETALL: a flat array or a Map → object', () => {
    expect(R.HGETALL!(['a', '1', 'b', '2'], {})).toEqual({ a: '1', b: '2' });
    expect(R.HGETALL!(new Map([['a', '1'], ['b', '2']]), {})).toEqual({ a: '1', b: '2' });
    expect(R.HGETALL!([buf('a'), buf('1')], {})).toEqual({ a: buf('1') });
    expect(R.HGETALL!([], {})).toEqual({});
  });

  it('HEXISTS and HSETNX → boolean, HINCRBYFLOAT → number, HMSET → true', () => {
    expect(R.HEXISTS!(1, {})).toBe(true);
    expect(R.HEXISTS!(0, {})).toBe(false);
    expect(R.HSETNX!(0, {})).toBe(false);
    expect(R.HINCRBYFLOAT!('10.5', {})).toBe(10.5);
    expect(R.HINCRBYFLOAT!(buf('-1e3'), {})).toBe(-1000);
    expect(R.HMSET!('OK', {})).toBe(true);
  });

  it('HRANDFIELD withvalues: a flat RESP2 array or RESP3 pairs → pairs', () => {
    expect(R.HRANDFIELD!(['a', '1', 'b', '2'], { withvalues: true })).toEqual([['a', '1'], ['b', '2']]);
    expect(R.HRANDFIELD!([['a', '1'], ['b', '2']], { withvalues: true })).toEqual([['a', '1'], ['b', '2']]);
    expect(R.HRANDFIELD!(['a', 'b'], {})).toEqual(['a', 'b']);
    expect(R.HRANDFIELD!(null, {})).toBe(null);
  });

  it('HSCAN → [cursor, object]', () => {
    expect(R.HSCAN!(['0', ['a', '1']], {})).toEqual([0, { a: '1' }]);
    expect(R.HSCAN!([buf('17'), [buf('a'), buf('1')]], {})).toEqual([17, { a: buf('1') }]);
  });
});

describe('hash commands: types', () => {
  it('follow decodeResponses', () => {
    type S = CommandMethods<true>;
    type B = CommandMethods<false>;
    expectTypeOf<ReturnType<S['hget']>>().toEqualTypeOf<Promise<string | null>>();
    expectTypeOf<ReturnType<B['hget']>>().toEqualTypeOf<Promise<Buffer | null>>();
    expectTypeOf<ReturnType<S['hgetall']>>().toEqualTypeOf<Promise<{ [x: string]: string }>>();
    expectTypeOf<ReturnType<B['hgetall']>>().toEqualTypeOf<Promise<{ [x: string]: Buffer }>>();
    expectTypeOf<ReturnType<S['hmget']>>().toEqualTypeOf<Promise<(string | null)[]>>();
    expectTypeOf<ReturnType<S['hexists']>>().toEqualTypeOf<Promise<boolean>>();
    expectTypeOf<ReturnType<S['hincrbyfloat']>>().toEqualTypeOf<Promise<number>>();
    expectTypeOf<ReturnType<B['hscan']>>().toEqualTypeOf<Promise<[number | string, { [x: string]: Buffer }]>>();
    expectTypeOf<ReturnType<S['hkeys']>>().toEqualTypeOf<Promise<string[]>>();
  });

  it('HRANDFIELD: its reply type follows count and withvalues', () => {
    const s = {} as CommandMethods<true>;
    const b = {} as CommandMethods<false>;
    const typesOnly = () => {
      expectTypeOf(s.hrandfield('h')).toEqualTypeOf<Promise<string | null>>();
      expectTypeOf(s.hrandfield('h', 2)).toEqualTypeOf<Promise<string[]>>();
      expectTypeOf(s.hrandfield('h', 2, { withvalues: true })).toEqualTypeOf<Promise<[string, string][]>>();
      expectTypeOf(b.hrandfield('h', 2, { withvalues: true })).toEqualTypeOf<Promise<[Buffer, Buffer][]>>();
    };
    expect(typeof typesOnly).toBe('function');
    expectTypeOf<Parameters<ChainedCommandMethods<true, 'p'>['hrandfield']>>().toEqualTypeOf<
      [key: string | Buffer, count?: number, options?: { withvalues?: boolean }]
    >();
  });
});
