import { describe, expect, expectTypeOf, it } from 'vitest';
import { PROTOCOLS, useClients, useServer } from './harness.js';
import { DataError } from '@aredis/resp-parser';
import { StrictRedis } from '@aredis/client';

// Every set command against a real server, under RESP3 (the default; set replies come as
// Sets) and RESP2 (arrays): both give arrays.

const server = useServer();

const sorted = <T>(list: readonly T[]) => [...list].sort();

describe.each(PROTOCOLS)('set commands over RESP%i', (protocol) => {
  let r: StrictRedis<true>;
  let raw: StrictRedis<false>;
  const k = (name: string) => `set:${protocol}:${name}`;

  useClients(server, protocol, (made) => ({ r, raw } = made));

  it('sadd, srem, scard, smembers as an array', async () => {
    expect(await r.sadd(k('s'), 'a', 'b', 'c', 'a')).toBe(3);
    expect(await r.srem(k('s'), 'c', 'zz')).toBe(1);
    expect(await r.scard(k('s'))).toBe(2);
    const members = await r.smembers(k('s'));
    expect(Array.isArray(members)).toBe(true);
    expect(sorted(members)).toEqual(['a', 'b']);
    expect(await r.smembers(k('none'))).toEqual([]);
    const buffers = await raw.smembers(k('s'));
    expect(sorted(buffers.map(String))).toEqual(['a', 'b']);
    expect(Buffer.isBuffer(buffers[0])).toBe(true);
  });

  it('sismember, smismember, smove as booleans', async () => {
    await r.sadd(k('m'), 'a', 'b');
    expect(await r.sismember(k('m'), 'a')).toBe(true);
    expect(await r.sismember(k('m'), 'z')).toBe(false);
    expect(await r.smismember(k('m'), ['a', 'z', 'b'])).toEqual([true, false, true]);
    expect(await r.smismember(k('m'), 'z', 'a')).toEqual([false, true]);
    expect(await r.smove(k('m'), k('m2'), 'a')).toBe(true);
    expect(await r.smove(k('m'), k('m2'), 'a')).toBe(false);
    expect(await r.smembers(k('m2'))).toEqual(['a']);
  });

  it('sdiff, sinter, sunion as arrays, and their STORE forms', async () => {
    await r.sadd(k('x'), 'a', 'b', 'c');
    await r.sadd(k('y'), 'b', 'c', 'd');
    expect(sorted(await r.sdiff([k('x'), k('y')]))).toEqual(['a']);
    expect(sorted(await r.sinter(k('x'), k('y')))).toEqual(['b', 'c']);
    expect(sorted(await r.sunion([k('x')], k('y')))).toEqual(['a', 'b', 'c', 'd']);
    expect(await r.sinter(k('x'), k('none'))).toEqual([]);
    expect(await r.sdiffstore(k('d'), k('x'), k('y'))).toBe(1);
    expect(await r.sinterstore(k('i'), [k('x'), k('y')])).toBe(2);
    expect(await r.sunionstore(k('u'), k('x'), k('y'))).toBe(4);
    expect(sorted(await r.smembers(k('i')))).toEqual(['b', 'c']);
  });

  it('sintercard with a limit', async () => {
    await r.sadd(k('c1'), 'a', 'b', 'c');
    await r.sadd(k('c2'), 'a', 'b', 'c', 'd');
    expect(await r.sintercard([k('c1'), k('c2')])).toBe(3);
    expect(await r.sintercard([k('c1'), k('c2')], { limit: 2 })).toBe(2);
  });

  it('spop and srandmember: one member, or an array with a count', async () => {
    await r.sadd(k('p'), 'a', 'b', 'c');
    const one = await r.spop(k('p'));
    expect(['a', 'b', 'c']).toContain(one);
    const two = await r.spop(k('p'), 5);
    expect(Array.isArray(two)).toBe(true);
    expect(two).toHaveLength(2);
    expect(await r.spop(k('p'))).toBeNull();
    expect(await r.spop(k('p'), 2)).toEqual([]);
    await r.sadd(k('rm'), 'a', 'b');
    expect(['a', 'b']).toContain(await r.srandmember(k('rm')));
    expect(sorted(await r.srandmember(k('rm'), 5))).toEqual(['a', 'b']);
    expect(await r.srandmember(k('rm'), -4)).toHaveLength(4);
    expect(await r.srandmember(k('none'))).toBeNull();
    expect(await r.srandmember(k('none'), 2)).toEqual([]);
  });

  it('sscan → [cursor, members], to the end', async () => {
    const all = Array.from({ length: 300 }, (_, i) => `m${i}`);
    await r.sadd(k('scan'), ...all);
    const seen = new Set<string>();
    let cursor: number | string = 0;
    do {
      const [next, page] = await r.sscan(k('scan'), cursor, { count: 40 });
      for (const m of page) seen.add(m);
      cursor = next;
    } while (cursor !== 0);
    expect(sorted([...seen])).toEqual(sorted(all));
    const [, matched] = await raw.sscan(k('scan'), 0, { match: 'm29?', count: 1000 });
    expectTypeOf(matched).toEqualTypeOf<Buffer[]>();
    expect(sorted(matched.map(String))).toEqual(Array.from({ length: 10 }, (_, i) => `m29${i}`));
  });

  it('sscanIter walks sscan replies', async () => {
    await r.sadd(k('iter'), 'a', 'b', 'c');
    const seen: string[] = [];
    for await (const member of r.sscanIter(k('iter'), { count: 1 })) seen.push(member);
    expect(sorted(seen)).toEqual(['a', 'b', 'c']);
  });

  it('rejects bad arguments before sending', async () => {
    await expect(r.sadd(k('bad'))).rejects.toBeInstanceOf(DataError);
    await expect(r.sinter([])).rejects.toThrow(/SINTER: argument 'keys'/);
    await expect(r.spop(k('bad'), 1.5)).rejects.toBeInstanceOf(DataError);
    expect(await r.exists(k('bad'))).toBe(0);
  });
});
