import { describe, expect, expectTypeOf, it } from 'vitest';
import { PROTOCOLS, useClients, useServer } from './harness.js';
import { DataError, ResponseError } from '@aredis/resp-parser';
import { StrictRedis } from '@aredis/client';

// Every hash command against a real server, under RESP3 (the default) and RESP2: the replies
// must have the same shape under both.

const server = useServer();

describe.each(PROTOCOLS)('hash commands over RESP%i', (protocol) => {
  let r: StrictRedis<true>;
  let raw: StrictRedis<false>;
  const k = (name: string) => `hash:${protocol}:${name}`;

  useClients(server, protocol, (made) => ({ r, raw } = made));

  it('hset with key/value, a mapping, items; hget; hgetall as an object', async () => {
    expect(await r.hset(k('h'), 'f1', 'v1')).toBe(1);
    expect(await r.hset(k('h'), { f2: 'v2', f3: 3 })).toBe(2);
    expect(await r.hset(k('h'), 'f1', 'v1b', { mapping: { f4: 'v4' }, items: ['f5', 'v5'] })).toBe(2);
    expect(await r.hget(k('h'), 'f1')).toBe('v1b');
    expect(await r.hget(k('h'), 'nope')).toBeNull();
    const all = await r.hgetall(k('h'));
    expect(all).toEqual({ f1: 'v1b', f2: 'v2', f3: '3', f4: 'v4', f5: 'v5' });
    expect(Object.getPrototypeOf(all)).toBe(Object.prototype);
    expect(await r.hgetall(k('missing'))).toEqual({});
    const buffers = await raw.hgetall(k('h'));
    expect(Buffer.isBuffer(buffers.f2)).toBe(true);
    expectTypeOf(buffers).toEqualTypeOf<{ [x: string]: Buffer }>();
  });

  it('hmget, hkeys, hvals, hlen, hstrlen', async () => {
    await r.hset(k('m'), { a: '1', b: 'two' });
    expect(await r.hmget(k('m'), ['a', 'x', 'b'])).toEqual(['1', null, 'two']);
    expect(await r.hmget(k('m'), 'b', 'a')).toEqual(['two', '1']);
    expect((await r.hkeys(k('m'))).sort()).toEqual(['a', 'b']);
    expect((await r.hvals(k('m'))).sort()).toEqual(['1', 'two']);
    expect(await r.hlen(k('m'))).toBe(2);
    expect(await r.hstrlen(k('m'), 'b')).toBe(3);
    expect(await r.hstrlen(k('m'), 'none')).toBe(0);
  });

  it('hdel, hexists and hsetnx as booleans', async () => {
    await r.hset(k('d'), { a: '1', b: '2', c: '3' });
    expect(await r.hexists(k('d'), 'a')).toBe(true);
    expect(await r.hdel(k('d'), 'a', 'b', 'zz')).toBe(2);
    expect(await r.hexists(k('d'), 'a')).toBe(false);
    expect(await r.hsetnx(k('d'), 'c', 'new')).toBe(false);
    expect(await r.hsetnx(k('d'), 'n', 'new')).toBe(true);
    expect(await r.hget(k('d'), 'n')).toBe('new');
  });

  it('hincrby (integer) and hincrbyfloat (number)', async () => {
    expect(await r.hincrby(k('i'), 'n')).toBe(1);
    expect(await r.hincrby(k('i'), 'n', 41)).toBe(42);
    expect(await r.hincrbyfloat(k('i'), 'f', 1.5)).toBe(1.5);
    expect(await r.hincrbyfloat(k('i'), 'f')).toBe(2.5);
    await expect(r.hincrby(k('i'), 'f', 1)).rejects.toBeInstanceOf(ResponseError);
  });

  it('hmset (deprecated) → true', async () => {
    expect(await r.hmset(k('hm'), { a: '1', b: '2' })).toBe(true);
    expect(await r.hgetall(k('hm'))).toEqual({ a: '1', b: '2' });
  });

  it('hrandfield: one field, an array, [field, value] pairs', async () => {
    await r.hset(k('rand'), { a: '1', b: '2' });
    expect(['a', 'b']).toContain(await r.hrandfield(k('rand')));
    expect(await r.hrandfield(k('nothing'))).toBeNull();
    const fields = await r.hrandfield(k('rand'), 2);
    expect([...fields].sort()).toEqual(['a', 'b']);
    const pairs = await r.hrandfield(k('rand'), 2, { withvalues: true });
    expect([...pairs].sort()).toEqual([['a', '1'], ['b', '2']]);
    expect(await r.hrandfield(k('rand'), -3, { withvalues: true })).toHaveLength(3);
  });

  it('hscan → [cursor, object], to the end', async () => {
    const mapping: Record<string, string> = {};
    for (let i = 0; i < 300; i++) mapping[`f${i}`] = `v${i}`;
    await r.hset(k('scan'), mapping);
    const seen: Record<string, string> = {};
    let cursor: number | string = 0;
    do {
      const [next, page]: [number | string, Record<string, string>] = await r.hscan(k('scan'), cursor, { count: 50 });
      Object.assign(seen, page);
      cursor = next;
    } while (cursor !== 0);
    expect(seen).toEqual(mapping);
    const [, matched] = await r.hscan(k('scan'), 0, { match: 'f29?', count: 1000 });
    expect(Object.keys(matched).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `f29${i}`));
  });

  it('hscanIter walks hscan replies: [field, value] pairs', async () => {
    await r.hset(k('iter'), { a: '1', b: '2', c: '3' });
    const seen: [string, string][] = [];
    for await (const pair of r.hscanIter(k('iter'), { count: 1 })) seen.push(pair);
    expect(seen.sort()).toEqual([['a', '1'], ['b', '2'], ['c', '3']]);
  });

  it('rejects bad arguments before sending', async () => {
    await expect(r.hset(k('bad'), {})).rejects.toBeInstanceOf(DataError);
    await expect(r.hincrby(k('bad'), 'f', 1.5)).rejects.toThrow(/HINCRBY: argument 'amount'/);
    await expect(r.hrandfield(k('bad'), undefined, { withvalues: true })).rejects.toBeInstanceOf(DataError);
    expect(await r.exists(k('bad'))).toBe(0);
  });
});
