import { describe, expect, expectTypeOf, it } from 'vitest';
import { PROTOCOLS, useClients, useServer } from './harness.js';
import { DataError, ResponseError } from '@aredis/resp-parser';
import { StrictRedis } from '@aredis/client';

// Every generic command against a real server (7.0), under RESP3 (the default) and RESP2:
// the replies must have the same shape under both. WAITAOF is Redis 7.2: argument tests only
// (packages/commands/test/generic.test.ts).

const server = useServer();
const target = useServer();

describe.each(PROTOCOLS)('generic commands over RESP%i', (protocol) => {
  let r: StrictRedis<true>;
  let raw: StrictRedis<false>;
  const k = (name: string) => `generic:${protocol}:${name}`;

  useClients(server, protocol, (made) => ({ r, raw } = made));

  it('delete, unlink, exists, touch count keys', async () => {
    await r.mset({ [k('a')]: '1', [k('b')]: '2', [k('c')]: '3' });
    expect(await r.exists(k('a'), k('a'), k('none'))).toBe(2);
    expect(await r.touch(k('a'), k('b'), k('none'))).toBe(2);
    expect(await r.delete(k('a'), k('none'))).toBe(1);
    expect(await r.unlink(k('b'), k('c'))).toBe(2);
    expect(await r.exists(k('a'), k('b'), k('c'))).toBe(0);
    await expect(r.delete()).rejects.toThrow(DataError);
  });

  it('expire family as booleans, with nx/xx/gt/lt', async () => {
    await r.set(k('e'), 'v');
    expect(await r.expire(k('none'), 10)).toBe(false);
    expect(await r.expire(k('e'), 100, { xx: true })).toBe(false);
    expect(await r.expire(k('e'), 100, { nx: true })).toBe(true);
    expect(await r.expire(k('e'), 50, { gt: true })).toBe(false);
    expect(await r.expire(k('e'), 50, { lt: true })).toBe(true);
    expect(await r.ttl(k('e'))).toBeLessThanOrEqual(50);
    expect(await r.pexpire(k('e'), 200_000, { xx: true, gt: true })).toBe(true);
    expect(await r.pttl(k('e'))).toBeGreaterThan(190_000);
    const at = new Date(Date.now() + 500_000);
    expect(await r.expireat(k('e'), at)).toBe(true);
    expect(await r.expiretime(k('e'))).toBe(Math.floor(at.getTime() / 1000));
    expect(await r.pexpireat(k('e'), at.getTime() + 1000, { gt: true })).toBe(true);
    expect(await r.pexpiretime(k('e'))).toBe(at.getTime() + 1000);
    expect(await r.expireat(k('e'), Math.floor(at.getTime() / 1000) + 10, { lt: true })).toBe(false);
    await expect(r.expire(k('e'), 1, { nx: true, lt: true })).rejects.toThrow(/'nx' and 'lt'/);
  });

  it('ttl, pttl, expiretime, pexpiretime: -1 without expiry, -2 without key; persist as a boolean', async () => {
    await r.set(k('t'), 'v');
    expect(await r.ttl(k('t'))).toBe(-1);
    expect(await r.pttl(k('t'))).toBe(-1);
    expect(await r.expiretime(k('t'))).toBe(-1);
    expect(await r.pexpiretime(k('none'))).toBe(-2);
    expect(await r.ttl(k('none'))).toBe(-2);
    expect(await r.persist(k('t'))).toBe(false);
    await r.expire(k('t'), 100);
    expect(await r.persist(k('t'))).toBe(true);
    expect(await r.ttl(k('t'))).toBe(-1);
  });

  it('type as a string under both protocols and decodings', async () => {
    await r.set(k('ty-s'), 'v');
    await r.hset(k('ty-h'), 'f', 'v');
    expect(await r.type(k('ty-s'))).toBe('string');
    expect(await raw.type(k('ty-h'))).toBe('hash');
    expect(await r.type(k('none'))).toBe('none');
  });

  it('rename (true) and renamenx (boolean)', async () => {
    await r.set(k('rn1'), 'v');
    expect(await r.rename(k('rn1'), k('rn2'))).toBe(true);
    expect(await r.get(k('rn2'))).toBe('v');
    await r.set(k('rn3'), 'w');
    expect(await r.renamenx(k('rn2'), k('rn3'))).toBe(false);
    expect(await r.renamenx(k('rn2'), k('rn4'))).toBe(true);
    await expect(r.rename(k('none'), k('x'))).rejects.toThrow(ResponseError);
  });

  it('keys, scan with match/count/type, scanIter, randomkey', async () => {
    await r.mset({ [k('sc:1')]: 'a', [k('sc:2')]: 'b', [k('sc:3')]: 'c' });
    await r.hset(k('sc:h'), 'f', 'v');
    expect((await r.keys(k('sc:*'))).sort()).toEqual([k('sc:1'), k('sc:2'), k('sc:3'), k('sc:h')]);
    expect(await raw.keys(k('sc:1'))).toEqual([Buffer.from(k('sc:1'))]);
    const seen: string[] = [];
    let cursor: number | string = 0;
    do {
      const [next, page] = await r.scan(cursor, { match: k('sc:*'), count: 2, type: 'string' });
      expectTypeOf(page).toEqualTypeOf<string[]>();
      expect(typeof next).toBe('number');
      cursor = next;
      seen.push(...page);
    } while (cursor !== 0);
    expect(seen.sort()).toEqual([k('sc:1'), k('sc:2'), k('sc:3')]);
    const iterated: string[] = [];
    for await (const key of r.scanIter({ match: k('sc:*'), count: 1 })) iterated.push(key);
    expect(iterated.sort()).toEqual([k('sc:1'), k('sc:2'), k('sc:3'), k('sc:h')]);
    const hashes: Buffer[] = [];
    for await (const key of raw.scanIter({ match: k('sc:*'), type: 'hash' })) hashes.push(key);
    expect(hashes).toEqual([Buffer.from(k('sc:h'))]);
    expect(typeof (await r.randomkey())).toBe('string');
  });

  it('copy (boolean, into another db with replace), move (boolean)', async () => {
    const db1 = new StrictRedis<true>({ port: server.port, protocol, db: 1, decodeResponses: true });
    try {
      await r.set(k('cp'), 'v');
      expect(await r.copy(k('cp'), k('cp2'))).toBe(true);
      expect(await r.copy(k('cp'), k('cp2'))).toBe(false);
      expect(await r.copy(k('cp'), k('cp2'), { replace: true })).toBe(true);
      expect(await r.copy(k('cp'), k('cp-db1'), { destinationDb: 1 })).toBe(true);
      expect(await db1.get(k('cp-db1'))).toBe('v');
      expect(await r.move(k('cp2'), 1)).toBe(true);
      expect(await r.move(k('none'), 1)).toBe(false);
      expect(await db1.get(k('cp2'))).toBe('v');
      await db1.delete(k('cp-db1'), k('cp2'));
    } finally {
      await db1.close();
    }
  });

  it('dump and restore (binary: read with a client that does not decode)', async () => {
    await r.rpush(k('d'), 'a', 'b');
    const payload = await raw.dump(k('d'));
    expect(Buffer.isBuffer(payload)).toBe(true);
    expect(await raw.dump(k('none'))).toBeNull();
    expect(await raw.restore(k('d2'), 0, payload as Buffer)).toBe('OK');
    expect(await r.lrange(k('d2'), 0, -1)).toEqual(['a', 'b']);
    await expect(raw.restore(k('d2'), 0, payload as Buffer)).rejects.toThrow(/BUSYKEY/);
    expect(await raw.restore(k('d2'), 100_000, payload as Buffer, { replace: true, idletime: 5 })).toBe('OK');
    expect(await r.pttl(k('d2'))).toBeGreaterThan(90_000);
    expect(await r.objectIdletime(k('d2'))).toBeGreaterThanOrEqual(5);
    const at = Date.now() + 100_000;
    expect(await raw.restore(k('d3'), at, payload as Buffer, { absttl: true })).toBe('OK');
    expect(await r.pexpiretime(k('d3'))).toBe(at);
  });

  it('object encoding (string), idletime, refcount, freq, help', async () => {
    await r.set(k('o'), 'short');
    await r.set(k('o-int'), 12345);
    expect(await r.objectEncoding(k('o'))).toBe('embstr');
    expect(await raw.objectEncoding(k('o-int'))).toBe('int');
    expect(await r.objectEncoding(k('none'))).toBeNull();
    expect(await r.objectIdletime(k('o'))).toBeGreaterThanOrEqual(0);
    expect(await r.objectRefcount(k('o'))).toBeGreaterThanOrEqual(1);
    const help = await r.objectHelp();
    expect(help.some((line) => line.includes('ENCODING'))).toBe(true);
    await expect(r.objectFreq(k('o'))).rejects.toThrow(/LFU/);
    await r.configSet('maxmemory-policy', 'allkeys-lfu');
    try {
      expect(await r.objectFreq(k('o'))).toBeGreaterThanOrEqual(0);
    } finally {
      await r.configSet('maxmemory-policy', 'noeviction');
    }
  });

  it('sort with by, get, limit, desc, alpha, store and groups; sortRo', async () => {
    await r.rpush(k('so'), '3', '1', '2');
    await r.mset({ [k('w_1')]: '30', [k('w_2')]: '10', [k('w_3')]: '20', [k('o_1')]: 'one', [k('o_3')]: 'three' });
    expect(await r.sort(k('so'))).toEqual(['1', '2', '3']);
    expect(await raw.sort(k('so'), { desc: true })).toEqual([Buffer.from('3'), Buffer.from('2'), Buffer.from('1')]);
    expect(await r.sort(k('so'), { start: 1, num: 1 })).toEqual(['2']);
    expect(await r.sort(k('so'), { by: k('w_*') })).toEqual(['2', '3', '1']);
    expect(await r.sort(k('so'), { get: k('o_*') })).toEqual(['one', null, 'three']);
    expect(await r.sort(k('so'), { get: ['#', k('o_*')], groups: true })).toEqual([
      ['1', 'one'],
      ['2', null],
      ['3', 'three'],
    ]);
    await r.rpush(k('so-a'), 'b', 'c', 'a');
    expect(await r.sort(k('so-a'), { alpha: true })).toEqual(['a', 'b', 'c']);
    await expect(r.sort(k('so-a'))).rejects.toThrow(ResponseError);
    expect(await r.sort(k('so'), { store: k('so-dst') })).toBe(3);
    expect(await r.lrange(k('so-dst'), 0, -1)).toEqual(['1', '2', '3']);
    expect(await r.sortRo(k('so'), { by: k('w_*'), desc: true, start: 0, num: 2 })).toEqual(['1', '3']);
    expect(await r.sortRo(k('so-a'), { alpha: true, get: '#' })).toEqual(['a', 'b', 'c']);
  });

  it('migrate to another server (KEYS form, copy/replace), NOKEY when none exists', async () => {
    const there = new StrictRedis<true>({ port: target.port, protocol, decodeResponses: true });
    try {
      await r.mset({ [k('mg1')]: 'a', [k('mg2')]: 'b' });
      expect(await r.migrate('127.0.0.1', target.port, [k('mg1'), k('mg2')], 0, 5000, { copy: true })).toBe('OK');
      expect(await there.mget(k('mg1'), k('mg2'))).toEqual(['a', 'b']);
      expect(await r.exists(k('mg1'))).toBe(1);
      await expect(r.migrate('127.0.0.1', target.port, k('mg1'), 0, 5000)).rejects.toThrow(/BUSYKEY/);
      expect(await r.migrate('127.0.0.1', target.port, k('mg1'), 0, 5000, { replace: true })).toBe('OK');
      expect(await r.exists(k('mg1'))).toBe(0);
      expect(await r.migrate('127.0.0.1', target.port, k('none'), 0, 5000)).toBe('NOKEY');
    } finally {
      await there.close();
    }
  });

  it('wait on a server with no replicas gives 0 (on a connection of its own)', async () => {
    await r.set(k('w'), 'v');
    expect(await r.wait(0, 100)).toBe(0);
  });
});
