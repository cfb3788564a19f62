import { describe, expect, expectTypeOf, it } from 'vitest';
import { PROTOCOLS, useClients, useServer } from './harness.js';
import { DataError } from '@aredis/resp-parser';
import { StrictRedis } from '@aredis/client';
import { BitFieldOperation } from '@aredis/commands';

// Every bitmap command against a real server (7.0), under RESP3 (the default) and RESP2.

const server = useServer();

describe.each(PROTOCOLS)('bitmap commands over RESP%i', (protocol) => {
  let r: StrictRedis<true>;
  let raw: StrictRedis<false>;
  const k = (name: string) => `bitmap:${protocol}:${name}`;

  useClients(server, protocol, (made) => ({ r, raw } = made));

  it('setbit gives the old bit, getbit the bit', async () => {
    expect(await r.setbit(k('b'), 7, 1)).toBe(0);
    expect(await r.setbit(k('b'), 7, true)).toBe(1);
    expect(await r.getbit(k('b'), 7)).toBe(1);
    expect(await r.getbit(k('b'), 100)).toBe(0);
    expect(await raw.get(k('b'))).toEqual(Buffer.from([0x01]));
  });

  it('bitcount over bytes and (Redis 7) bits', async () => {
    await r.set(k('c'), 'foobar');
    expect(await r.bitcount(k('c'))).toBe(26);
    expect(await r.bitcount(k('c'), 0, 0)).toBe(4);
    expect(await r.bitcount(k('c'), 1, 1, 'BYTE')).toBe(6);
    expect(await r.bitcount(k('c'), 5, 30, 'bit')).toBe(17);
    expect(await r.bitcount(k('none'))).toBe(0);
  });

  it('bitpos with start, end and unit', async () => {
    await raw.set(k('p'), Buffer.from([0xff, 0xf0, 0x00]));
    expect(await r.bitpos(k('p'), 0)).toBe(12);
    expect(await r.bitpos(k('p'), 1, 2)).toBe(-1);
    expect(await r.bitpos(k('p'), 1, 1, -1)).toBe(8);
    expect(await r.bitpos(k('p'), 1, 7, 15, 'BIT')).toBe(7);
    await expect(r.bitpos(k('p'), 1, undefined, 2)).rejects.toThrow(DataError);
  });

  it('bitop and, or, xor, not', async () => {
    await raw.set(k('x'), Buffer.from([0b1100]));
    await raw.set(k('y'), Buffer.from([0b1010]));
    expect(await r.bitop('AND', k('and'), k('x'), k('y'))).toBe(1);
    expect(await raw.get(k('and'))).toEqual(Buffer.from([0b1000]));
    expect(await r.bitop('or', k('or'), k('x'), k('y'))).toBe(1);
    expect(await raw.get(k('or'))).toEqual(Buffer.from([0b1110]));
    expect(await r.bitop('XOR', k('xor'), k('x'), k('y'))).toBe(1);
    expect(await raw.get(k('xor'))).toEqual(Buffer.from([0b0110]));
    expect(await r.bitop('NOT', k('not'), k('x'))).toBe(1);
    expect(await raw.get(k('not'))).toEqual(Buffer.from([0b11110011]));
  });

  it('bitfield builder: set, get, incrby, overflow; null where OVERFLOW FAIL stops', async () => {
    const op = r.bitfield(k('f'));
    expect(op).toBeInstanceOf(BitFieldOperation);
    const replies = await op.set('u8', 0, 200).get('u8', 0).incrby('u8', 0, 100).incrby('u8', 0, 100, 'SAT').execute();
    expectTypeOf(replies).toEqualTypeOf<(number | null)[]>();
    expect(replies).toEqual([0, 200, 44, 144]);
    expect(await op.overflow('FAIL').incrby('u8', 0, 200).get('u8', 0).execute()).toEqual([null, 144]);
    expect(await r.bitfield(k('f'), 'SAT').incrby('i4', '#1', 100).incrby('i4', '#1', -100).execute()).toEqual([7, -8]);
    expect(await r.bitfield(k('f')).execute()).toEqual([]);
    expect(() => r.bitfield(k('f')).get('u64', 0)).toThrow(DataError);
  });

  it('bitfield builder in a pipeline: execute() queues BITFIELD and gives the pipeline back', async () => {
    const p = r.pipeline();
    const back = p.bitfield(k('pf')).set('u8', 0, 5).get('u8', 0).execute();
    expect(back).toBe(p);
    back.getbit(k('pf'), 7);
    expect(await p.execute()).toEqual([[0, 5], 1]);
  });

  it('bitfieldRo reads fields', async () => {
    await raw.set(k('ro'), Buffer.from([0x12, 0x34]));
    expect(await r.bitfieldRo(k('ro'), 'u8', 0)).toEqual([0x12]);
    expect(await raw.bitfieldRo(k('ro'), 'u4', 0, [['u4', 4], ['u8', '#1']])).toEqual([1, 2, 0x34]);
  });
});
