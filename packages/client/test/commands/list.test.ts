import { describe, expect, expectTypeOf, it } from 'vitest';
import { PROTOCOLS, useClients, useServer } from './harness.js';
import { DataError, ResponseError } from '@aredis/resp-parser';
import { StrictRedis } from '@aredis/client';

// Every list command against a real server, under RESP3 (the default) and RESP2: the replies
// must have the same shape under both. Blocking commands use short timeouts (0.05 s) for the
// null-on-timeout case; nothing asserts how long anything took.

const server = useServer();

describe.each(PROTOCOLS)('list commands over RESP%i', (protocol) => {
  let r: StrictRedis<true>;
  let raw: StrictRedis<false>;
  const k = (name: string) => `list:${protocol}:${name}`;

  useClients(server, protocol, (made) => ({ r, raw } = made));

  it('lpush, rpush, lpushx, rpushx, lrange, llen', async () => {
    expect(await r.rpush(k('l'), 'b', 'c')).toBe(2);
    expect(await r.lpush(k('l'), 'a')).toBe(3);
    expect(await r.lpushx(k('l'), 'z')).toBe(4);
    expect(await r.rpushx(k('l'), 'y')).toBe(5);
    expect(await r.lpushx(k('none'), 'x')).toBe(0);
    expect(await r.rpushx(k('none'), 'x')).toBe(0);
    expect(await r.lrange(k('l'), 0, -1)).toEqual(['z', 'a', 'b', 'c', 'y']);
    expect(await r.llen(k('l'))).toBe(5);
    const buffers = await raw.lrange(k('l'), 0, 0);
    expect(buffers).toEqual([Buffer.from('z')]);
  });

  it('lpop and rpop, with and without count', async () => {
    await r.rpush(k('p'), 'a', 'b', 'c', 'd', 'e');
    expect(await r.lpop(k('p'))).toBe('a');
    expect(await r.rpop(k('p'))).toBe('e');
    expect(await r.lpop(k('p'), 2)).toEqual(['b', 'c']);
    expect(await r.rpop(k('p'), 5)).toEqual(['d']);
    expect(await r.lpop(k('p'))).toBeNull();
    expect(await r.rpop(k('p'), 2)).toBeNull();
  });

  it('lindex, linsert, lset, lrem, ltrim', async () => {
    await r.rpush(k('e'), 'a', 'b', 'a', 'c', 'a');
    expect(await r.lindex(k('e'), 1)).toBe('b');
    expect(await r.lindex(k('e'), 99)).toBeNull();
    expect(await r.linsert(k('e'), 'BEFORE', 'b', 'x')).toBe(6);
    expect(await r.linsert(k('e'), 'after', 'nope', 'x')).toBe(-1);
    expect(await r.lset(k('e'), 0, 'first')).toBe(true);
    await expect(r.lset(k('e'), 99, 'v')).rejects.toBeInstanceOf(ResponseError);
    expect(await r.lrem(k('e'), 0, 'a')).toBe(2);
    expect(await r.lrange(k('e'), 0, -1)).toEqual(['first', 'x', 'b', 'c']);
    expect(await r.ltrim(k('e'), 1, 2)).toBe(true);
    expect(await r.lrange(k('e'), 0, -1)).toEqual(['x', 'b']);
  });

  it('lpos with rank, count and maxlen', async () => {
    await r.rpush(k('pos'), 'a', 'b', 'c', 'b', 'b');
    expect(await r.lpos(k('pos'), 'b')).toBe(1);
    expect(await r.lpos(k('pos'), 'b', { rank: -1 })).toBe(4);
    expect(await r.lpos(k('pos'), 'b', { rank: 2 })).toBe(3);
    expect(await r.lpos(k('pos'), 'zz')).toBeNull();
    expect(await r.lpos(k('pos'), 'b', { count: 0 })).toEqual([1, 3, 4]);
    expect(await r.lpos(k('pos'), 'b', { count: 0, maxlen: 2 })).toEqual([1]);
    expect(await r.lpos(k('pos'), 'zz', { count: 2 })).toEqual([]);
  });

  it('lmove and rpoplpush', async () => {
    await r.rpush(k('src'), 'a', 'b', 'c');
    expect(await r.lmove(k('src'), k('dst'))).toBe('a');
    expect(await r.lmove(k('src'), k('dst'), 'RIGHT', 'LEFT')).toBe('c');
    expect(await r.rpoplpush(k('src'), k('dst'))).toBe('b');
    expect(await r.lrange(k('dst'), 0, -1)).toEqual(['b', 'c', 'a']);
    expect(await r.lmove(k('src'), k('dst'))).toBeNull();
    expect(await r.rpoplpush(k('src'), k('dst'))).toBeNull();
  });

  it('lmpop → [key, values] or null', async () => {
    await r.rpush(k('mp2'), 'a', 'b', 'c');
    const popped = await r.lmpop([k('mp1'), k('mp2')], 'LEFT', { count: 2 });
    expect(popped).toEqual([k('mp2'), ['a', 'b']]);
    expect(await r.lmpop(k('mp2'), 'right')).toEqual([k('mp2'), ['c']]);
    expect(await r.lmpop([k('mp1'), k('mp2')], 'LEFT')).toBeNull();
  });

  it('blpop and brpop → [key, value], null on timeout', async () => {
    await r.rpush(k('b2'), 'x', 'y');
    expect(await r.blpop([k('b1'), k('b2')], 1)).toEqual([k('b2'), 'x']);
    expect(await r.brpop(k('b2'), 1)).toEqual([k('b2'), 'y']);
    expect(await r.blpop(k('b1'), 0.05)).toBeNull();
    expect(await r.brpop([k('b1')], 0.05)).toBeNull();
    const waiting = r.blpop(k('wake'), 0);
    await r.rpush(k('wake'), 'hello');
    expect(await waiting).toEqual([k('wake'), 'hello']);
  });

  it('brpoplpush and blmove → the value, null on timeout', async () => {
    await r.rpush(k('bs'), 'a', 'b');
    expect(await r.brpoplpush(k('bs'), k('bd'), 1)).toBe('b');
    expect(await r.blmove(k('bs'), k('bd'), 1, 'LEFT', 'LEFT')).toBe('a');
    expect(await r.lrange(k('bd'), 0, -1)).toEqual(['a', 'b']);
    expect(await r.brpoplpush(k('bs'), k('bd'), 0.05)).toBeNull();
    expect(await r.blmove(k('bs'), k('bd'), 0.05)).toBeNull();
  });

  it('blmpop → [key, values], null on timeout', async () => {
    await r.rpush(k('bm'), 'a', 'b', 'c');
    expect(await r.blmpop(1, [k('bm0'), k('bm')], 'RIGHT', { count: 2 })).toEqual([k('bm'), ['c', 'b']]);
    expect(await r.blmpop(0.05, k('bm0'), 'LEFT')).toBeNull();
    const raws = await raw.blmpop(1, k('bm'), 'LEFT');
    expect(raws).toEqual([Buffer.from(k('bm')), [Buffer.from('a')]]);
    expectTypeOf(raws).toEqualTypeOf<[Buffer, Buffer[]] | null>();
  });

  it('rejects bad arguments before sending', async () => {
    await expect(r.lpush(k('bad'))).rejects.toBeInstanceOf(DataError);
    await expect(r.blpop(k('bad'), -1)).rejects.toThrow(/BLPOP: argument 'timeout'/);
    await expect(r.lpos(k('bad'), 'x', { rank: 0 })).rejects.toBeInstanceOf(DataError);
    await expect(r.linsert(k('bad'), 'over' as 'AFTER', 'a', 'b')).rejects.toBeInstanceOf(DataError);
    expect(await r.exists(k('bad'))).toBe(0);
  });
});
