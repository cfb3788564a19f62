import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataError } from '@aredis/resp-parser';
import { COMMANDS, RESPONSE_CALLBACKS, type CommandMethods } from '@aredis/commands';

const C = COMMANDS;
const buf = Buffer.from('k');

describe('string commands: arguments', () => {
  it('get', () => {
    expect(C.get.build('k')).toEqual(['GET', 'k']);
    expect(C.get.build(buf)).toEqual(['GET', buf]);
    expect(() => C.get.build(1 as unknown as string)).toThrow(/GET: argument 'name'/);
  });

  it('set with every option, in the spec order the server accepts', () => {
    expect(C.set.build('k', 'v')).toEqual(['SET', 'k', 'v']);
    expect(C.set.build('k', 1.5, { px: 100, xx: true, get: true })).toEqual(['SET', 'k', 1.5, 'PX', 100, 'XX', 'GET']);
    expect(C.set.build('k', 'v', { exat: 1700000000 })).toEqual(['SET', 'k', 'v', 'EXAT', 1700000000]);
    expect(C.set.build('k', 'v', { pxat: new Date(1700000000123) })).toEqual(['SET', 'k', 'v', 'PXAT', 1700000000123]);
    expect(C.set.build('k', 'v', { exat: new Date(1700000000999) })).toEqual(['SET', 'k', 'v', 'EXAT', 1700000000]);
    expect(C.set.build('k', 'v', { keepttl: true, nx: true })).toEqual(['SET', 'k', 'v', 'KEEPTTL', 'NX']);
    expect(() => C.set.build('k', 'v', { ex: 1, keepttl: true })).toThrow(/'ex' and 'keepttl'/);
    expect(() => C.set.build('k', 'v', { ex: 1.5 })).toThrow(/'ex' must be an integer/);
    expect(() => C.set.build('k', undefined as unknown as string)).toThrow(/'value'/);
    expect(() => C.set.build('k', 'v', { pxat: new Date(NaN) })).toThrow(/'pxat' is an invalid Date/);
  });

  it('append, strlen, getdel, getset, setnx, setrange, getrange, substr', () => {
    expect(C.append.build('k', 'x')).toEqual(['APPEND', 'k', 'x']);
    expect(C.strlen.build('k')).toEqual(['STRLEN', 'k']);
    expect(C.getdel.build('k')).toEqual(['GETDEL', 'k']);
    expect(C.getset.build('k', 2)).toEqual(['GETSET', 'k', 2]);
    expect(C.setnx.build('k', 'v')).toEqual(['SETNX', 'k', 'v']);
    expect(C.setrange.build('k', 3, 'abc')).toEqual(['SETRANGE', 'k', 3, 'abc']);
    expect(() => C.setrange.build('k', '3' as unknown as number, 'abc')).toThrow(/SETRANGE: argument 'offset'/);
    expect(C.getrange.build('k', 0, -1)).toEqual(['GETRANGE', 'k', 0, -1]);
    expect(() => C.getrange.build('k', 0, undefined as unknown as number)).toThrow(/'end'/);
    expect(C.substr.build('k', 1)).toEqual(['SUBSTR', 'k', 1, -1]);
    expect(C.substr.build('k', 1, 2)).toEqual(['SUBSTR', 'k', 1, 2]);
  });

  it('incr/decr send INCR/DECR without an amount and INCRBY/DECRBY with one (redis-py)', () => {
    expect(C.incr.build('k')).toEqual(['INCR', 'k']);
    expect(C.incr.build('k', 5)).toEqual(['INCRBY', 'k', 5]);
    expect(C.incrby.build('k')).toEqual(['INCRBY', 'k', 1]);
    expect(C.incrby.build('k', 10n)).toEqual(['INCRBY', 'k', 10n]);
    expect(C.decr.build('k')).toEqual(['DECR', 'k']);
    expect(C.decr.build('k', 2)).toEqual(['DECRBY', 'k', 2]);
    expect(C.decrby.build('k', 3)).toEqual(['DECRBY', 'k', 3]);
    expect(() => C.incrby.build('k', 1.5)).toThrow(/INCRBY: argument 'amount' must be an integer/);
    expect(C.incrbyfloat.build('k')).toEqual(['INCRBYFLOAT', 'k', 1]);
    expect(C.incrbyfloat.build('k', -0.25)).toEqual(['INCRBYFLOAT', 'k', -0.25]);
    expect(() => C.incrbyfloat.build('k', NaN)).toThrow(/'amount'/);
  });

  it('getex with each expiry, exclusive', () => {
    expect(C.getex.build('k')).toEqual(['GETEX', 'k']);
    expect(C.getex.build('k', { ex: 10 })).toEqual(['GETEX', 'k', 'EX', 10]);
    expect(C.getex.build('k', { px: 10 })).toEqual(['GETEX', 'k', 'PX', 10]);
    expect(C.getex.build('k', { exat: new Date(5000) })).toEqual(['GETEX', 'k', 'EXAT', 5]);
    expect(C.getex.build('k', { pxat: 5000 })).toEqual(['GETEX', 'k', 'PXAT', 5000]);
    expect(C.getex.build('k', { persist: true })).toEqual(['GETEX', 'k', 'PERSIST']);
    expect(() => C.getex.build('k', { ex: 1, persist: true })).toThrow(/'ex' and 'persist'/);
    expect(() => C.getex.build('k', 'ex' as never)).toThrow(/GETEX: options must be an object/);
  });

  it('mget takes a list, rest arguments or both', () => {
    expect(C.mget.build(['a', 'b'])).toEqual(['MGET', 'a', 'b']);
    expect(C.mget.build('a', 'b')).toEqual(['MGET', 'a', 'b']);
    expect(C.mget.build(['a'], 'b')).toEqual(['MGET', 'a', 'b']);
    // No keys: nothing to ask the server; the declaration answers `[]` itself (redis-py's EMPTY_RESPONSE).
    expect(C.mget.build([])).toEqual(['MGET']);
    expect(C.mget.localReply?.(['MGET'])).toEqual([]);
    expect(C.mget.localReply?.(['MGET', 'a'])).toBeUndefined();
    expect(() => C.mget.build(undefined as never)).toThrow(/MGET: argument 'keys' needs at least one key/);
    expect(() => C.mget.build(['a', 3 as unknown as string])).toThrow(/'keys'/);
  });

  it('mset and msetnx take an object or a Map, never empty', () => {
    expect(C.mset.build({ a: 1, b: 'x' })).toEqual(['MSET', 'a', 1, 'b', 'x']);
    expect(C.msetnx.build(new Map([[buf, 'v']]))).toEqual(['MSETNX', buf, 'v']);
    expect(() => C.mset.build({})).toThrow(/MSET: argument 'mapping' must not be empty/);
    expect(() => C.msetnx.build('a' as never)).toThrow(/MSETNX: argument 'mapping' must be an object or a Map/);
    expect(() => C.mset.build({ a: null as unknown as string })).toThrow(/'mapping'/);
  });

  it('setex and psetex (time before value, as the server wants)', () => {
    expect(C.setex.build('k', 10, 'v')).toEqual(['SETEX', 'k', 10, 'v']);
    expect(C.psetex.build('k', 1500, 'v')).toEqual(['PSETEX', 'k', 1500, 'v']);
    expect(() => C.setex.build('k', 'v' as unknown as number, 'v')).toThrow(/SETEX: argument 'time'/);
  });

  it('lcs with len, idx, minmatchlen, withmatchlen', () => {
    expect(C.lcs.build('a', 'b')).toEqual(['LCS', 'a', 'b']);
    expect(C.lcs.build('a', 'b', { len: true })).toEqual(['LCS', 'a', 'b', 'LEN']);
    expect(C.lcs.build('a', 'b', { idx: true, minmatchlen: 4, withmatchlen: true })).toEqual([
      'LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', 4, 'WITHMATCHLEN',
    ]);
    expect(() => C.lcs.build('a', 'b', { len: true, idx: true })).toThrow(/'len' and 'idx'/);
    expect(() => C.lcs.build('a', 'b', { withmatchlen: true })).toThrow(DataError);
  });
});

describe('string commands: replies under RESP2 and RESP3', () => {
  it('boolean replies', () => {
    expect(RESPONSE_CALLBACKS.MSET?.('OK', {})).toBe(true);
    expect(RESPONSE_CALLBACKS.MSETNX?.(1, {})).toBe(true);
    expect(RESPONSE_CALLBACKS.MSETNX?.(0, {})).toBe(false);
    expect(RESPONSE_CALLBACKS.SETNX?.(0, {})).toBe(false);
    expect(RESPONSE_CALLBACKS.SETEX?.('OK', {})).toBe(true);
    expect(RESPONSE_CALLBACKS.PSETEX?.('OK', {})).toBe(true);
    expect(RESPONSE_CALLBACKS.SET?.(Buffer.from('old'), { get: true })).toEqual(Buffer.from('old'));
  });

  it('INCRBYFLOAT as a number from a bulk string (RESP2 and RESP3 both send a bulk)', () => {
    expect(RESPONSE_CALLBACKS.INCRBYFLOAT?.(Buffer.from('10.5'), {})).toBe(10.5);
    expect(RESPONSE_CALLBACKS.INCRBYFLOAT?.('3.0e3', {})).toBe(3000);
  });

  it('LCS IDX: a flat RESP2 list and a RESP3 map give the same object; other forms pass through', () => {
    const matches = [[[4, 7], [5, 8]], [[2, 3], [0, 1]]];
    const resp2 = [Buffer.from('matches'), matches, Buffer.from('len'), 6];
    const resp3 = new Map<unknown, unknown>([['matches', matches], ['len', 6]]);
    expect(RESPONSE_CALLBACKS.LCS?.(resp2, { idx: true })).toEqual({ matches, len: 6 });
    expect(RESPONSE_CALLBACKS.LCS?.(resp3 as never, { idx: true })).toEqual({ matches, len: 6 });
    expect(RESPONSE_CALLBACKS.LCS?.(6, { len: true })).toBe(6);
    expect(RESPONSE_CALLBACKS.LCS?.('mytext', {})).toBe('mytext');
    expect(() => RESPONSE_CALLBACKS.LCS?.([1, 2], { idx: true })).toThrow(/LCS/);
  });
});

describe('string commands: types', () => {
  it('Buffer or string by decodeResponses; numbers and booleans alike', () => {
    expectTypeOf<ReturnType<CommandMethods<false>['mget']>>().toEqualTypeOf<Promise<(Buffer | null)[]>>();
    expectTypeOf<ReturnType<CommandMethods<true>['mget']>>().toEqualTypeOf<Promise<(string | null)[]>>();
    expectTypeOf<ReturnType<CommandMethods<true>['getrange']>>().toEqualTypeOf<Promise<string>>();
    expectTypeOf<ReturnType<CommandMethods<false>['getdel']>>().toEqualTypeOf<Promise<Buffer | null>>();
    expectTypeOf<ReturnType<CommandMethods<true>['incrbyfloat']>>().toEqualTypeOf<Promise<number>>();
    expectTypeOf<ReturnType<CommandMethods<false>['msetnx']>>().toEqualTypeOf<Promise<boolean>>();
  });

  it('SET and LCS replies follow their options', () => {
    // Type-only: the function is checked by the compiler, never run.
    const typesOnly = (r: CommandMethods<true>, rb: CommandMethods<false>) => {
    expectTypeOf(r.set('k', 'v')).toEqualTypeOf<Promise<boolean | null>>();
    expectTypeOf(r.set('k', 'v', { get: true })).toEqualTypeOf<Promise<string | null>>();
    expectTypeOf(rb.set('k', 'v', { get: true, nx: true })).toEqualTypeOf<Promise<Buffer | null>>();
    expectTypeOf(r.lcs('a', 'b')).toEqualTypeOf<Promise<string>>();
    expectTypeOf(rb.lcs('a', 'b')).toEqualTypeOf<Promise<Buffer>>();
    expectTypeOf(r.lcs('a', 'b', { len: true })).toEqualTypeOf<Promise<number>>();
    expectTypeOf(r.lcs('a', 'b', { idx: true }).then((x) => x.len)).toEqualTypeOf<Promise<number>>();
    };
    expect(typeof typesOnly).toBe('function');
  });
});
