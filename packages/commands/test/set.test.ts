import { describe, expect, expectTypeOf, it } from 'vitest';
import { COMMANDS, RESPONSE_CALLBACKS, type CommandMethods } from '@aredis/commands';
import { buf, describeSpecFlags } from './helpers.js';

const C = COMMANDS;
const R = RESPONSE_CALLBACKS;

describeSpecFlags({ label: 'set', group: 'set', count: 17, title: 'declares every set command, readonly exactly where the spec says READONLY', blocking: 'never' });

describe('set commands: arguments', () => {
  it('SADD and SREM need at least one member', () => {
    expect(C.sadd.build('s', 'a', 2, buf('c'))).toEqual(['SADD', 's', 'a', 2, buf('c')]);
    expect(C.srem.build('s', 'a')).toEqual(['SREM', 's', 'a']);
    expect(() => C.sadd.build('s')).toThrow(/SADD: argument 'values' needs at least one value/);
    expect(() => C.srem.build('s', null as unknown as string)).toThrow(/SREM: argument 'values'/);
  });

  it('SCARD, SMEMBERS, SISMEMBER', () => {
    expect(C.scard.build('s')).toEqual(['SCARD', 's']);
    expect(C.smembers.build('s')).toEqual(['SMEMBERS', 's']);
    expect(C.sismember.build('s', 'a')).toEqual(['SISMEMBER', 's', 'a']);
    expect(() => C.sismember.build('s', undefined as unknown as string)).toThrow(/SISMEMBER: argument 'value'/);
  });

  it('SMISMEMBER takes members as an array or as arguments', () => {
    expect(C.smismember.build('s', ['a', 'b'])).toEqual(['SMISMEMBER', 's', 'a', 'b']);
    expect(C.smismember.build('s', 'a', 'b')).toEqual(['SMISMEMBER', 's', 'a', 'b']);
    expect(() => C.smismember.build('s', [])).toThrow(/SMISMEMBER: argument 'values'/);
  });

  it('SDIFF, SINTER, SUNION take keys as an array or as arguments', () => {
    expect(C.sdiff.build(['a', 'b'])).toEqual(['SDIFF', 'a', 'b']);
    expect(C.sinter.build('a', 'b')).toEqual(['SINTER', 'a', 'b']);
    expect(C.sunion.build(['a'], 'b')).toEqual(['SUNION', 'a', 'b']);
    expect(() => C.sdiff.build([])).toThrow(/SDIFF: argument 'keys' needs at least one key/);
    expect(() => C.sunion.build([1 as unknown as string])).toThrow(/SUNION: argument 'keys'/);
  });

  it('the STORE forms take a destination first', () => {
    expect(C.sdiffstore.build('d', ['a', 'b'])).toEqual(['SDIFFSTORE', 'd', 'a', 'b']);
    expect(C.sinterstore.build('d', 'a', 'b')).toEqual(['SINTERSTORE', 'd', 'a', 'b']);
    expect(C.sunionstore.build('d', 'a')).toEqual(['SUNIONSTORE', 'd', 'a']);
    expect(() => C.sunionstore.build('d', [])).toThrow(/SUNIONSTORE: argument 'keys'/);
    expect(() => C.sdiffstore.build(undefined as unknown as string, 'a')).toThrow(/SDIFFSTORE: argument 'dest'/);
  });

  it('SINTERCARD counts the keys and takes a limit', () => {
    expect(C.sintercard.build(['a', 'b'])).toEqual(['SINTERCARD', 2, 'a', 'b']);
    expect(C.sintercard.build('a', { limit: 5 })).toEqual(['SINTERCARD', 1, 'a', 'LIMIT', 5]);
    expect(() => C.sintercard.build(['a'], { limit: -0.5 })).toThrow(/SINTERCARD: argument 'limit'/);
  });

  it('SMOVE, SPOP, SRANDMEMBER', () => {
    expect(C.smove.build('a', 'b', 'm')).toEqual(['SMOVE', 'a', 'b', 'm']);
    expect(C.spop.build('s')).toEqual(['SPOP', 's']);
    expect(C.spop.build('s', 2)).toEqual(['SPOP', 's', 2]);
    expect(C.srandmember.build('s')).toEqual(['SRANDMEMBER', 's']);
    expect(C.srandmember.build('s', -5)).toEqual(['SRANDMEMBER', 's', -5]);
    expect(() => C.spop.build('s', 1.5)).toThrow(/SPOP: argument 'count'/);
    expect(() => C.srandmember.build('s', 'x' as unknown as number)).toThrow(/SRANDMEMBER: argument 'number'/);
  });

  it('SSCAN takes a cursor, match and count', () => {
    expect(C.sscan.build('s')).toEqual(['SSCAN', 's', 0]);
    expect(C.sscan.build('s', 5, { match: 'a*', count: 100 })).toEqual(['SSCAN', 's', 5, 'MATCH', 'a*', 'COUNT', 100]);
    expect(() => C.sscan.build('s', 0, { match: 5 as unknown as string })).toThrow(/SSCAN: argument 'match'/);
  });
});

describe('set commands: replies, arrays under RESP2 and RESP3', () => {
  it('RESP3 Sets become arrays', () => {
    for (const name of ['SMEMBERS', 'SDIFF', 'SINTER', 'SUNION']) {
      expect(R[name]!(new Set(['a', 'b']), {}), name).toEqual(['a', 'b']);
      expect(R[name]!(['a', 'b'], {}), name).toEqual(['a', 'b']);
    }
    expect(R.SPOP!(new Set(['a']), {})).toEqual(['a']);
    expect(R.SPOP!('a', {})).toBe('a');
    expect(R.SPOP!(null, {})).toBe(null);
    expect(R.SRANDMEMBER!(['a', 'a'], {})).toEqual(['a', 'a']);
  });

  it('SISMEMBER, SMOVE → boolean; SMISMEMBER → booleans', () => {
    expect(R.SISMEMBER!(1, {})).toBe(true);
    expect(R.SMOVE!(0, {})).toBe(false);
    expect(R.SMISMEMBER!([1, 0, 1], {})).toEqual([true, false, true]);
  });

  it('SSCAN → [cursor, members]', () => {
    expect(R.SSCAN!(['0', ['a']], {})).toEqual([0, ['a']]);
    expect(R.SSCAN!([buf('99'), [buf('a')]], {})).toEqual([99, [buf('a')]]);
    expect(R.SSCAN!(['18446744073709551615', []], {})).toEqual(['18446744073709551615', []]);
  });
});

describe('set commands: types', () => {
  it('follow decodeResponses and count', () => {
    const s = {} as CommandMethods<true>;
    const b = {} as CommandMethods<false>;
    const typesOnly = () => {
      expectTypeOf(s.smembers('s')).toEqualTypeOf<Promise<string[]>>();
      expectTypeOf(b.smembers('s')).toEqualTypeOf<Promise<Buffer[]>>();
      expectTypeOf(s.sismember('s', 'a')).toEqualTypeOf<Promise<boolean>>();
      expectTypeOf(s.smismember('s', ['a'])).toEqualTypeOf<Promise<boolean[]>>();
      expectTypeOf(s.spop('s')).toEqualTypeOf<Promise<string | null>>();
      expectTypeOf(b.spop('s', 2)).toEqualTypeOf<Promise<Buffer[]>>();
      expectTypeOf(s.srandmember('s', 2)).toEqualTypeOf<Promise<string[]>>();
      expectTypeOf(b.sscan('s', 0)).toEqualTypeOf<Promise<[number | string, Buffer[]]>>();
      expectTypeOf(s.sinter('a', 'b')).toEqualTypeOf<Promise<string[]>>();
    };
    expect(typeof typesOnly).toBe('function');
  });
});
