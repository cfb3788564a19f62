import { describe, expect, expectTypeOf, it } from 'vitest';
import { PROTOCOLS, useClients, useServer } from './harness.js';
import { DataError, ResponseError } from '@aredis/resp-parser';
import { StrictRedis } from '@aredis/client';
import { waitUntil } from '@aredis/testing';

// Every stream command against a real server, under RESP3 (the default) and RESP2: the replies
// must have the same shape under both.

const server = useServer();

describe.each(PROTOCOLS)('stream commands over RESP%i', (protocol) => {
  let r: StrictRedis<true>;
  let raw: StrictRedis<false>;
  const k = (name: string) => `stream:${protocol}:${name}`;

  useClients(server, protocol, (made) => ({ r, raw } = made), { confirmProtocol: false });

  it('xadd with ids, trimming and nomkstream; xlen; xrange/xrevrange as [id, fields]', async () => {
    const s = k('basic');
    expect(await r.xadd(s, { a: '1', b: 2 }, { id: '1-1' })).toBe('1-1');
    expect(await r.xadd(s, { c: '3' }, { id: '2-*' })).toBe('2-0');
    const auto = await r.xadd(s, { d: '4' });
    expect(auto).toMatch(/^\d+-\d+$/);
    expect(await r.xlen(s)).toBe(3);
    expect(await r.xrange(s)).toEqual([
      ['1-1', { a: '1', b: '2' }],
      ['2-0', { c: '3' }],
      [auto, { d: '4' }],
    ]);
    expect(await r.xrange(s, '(1-1', '+', { count: 1 })).toEqual([['2-0', { c: '3' }]]);
    expect(await r.xrevrange(s, '+', '-', { count: 1 })).toEqual([[auto, { d: '4' }]]);
    expect(await r.xrevrange(s)).toHaveLength(3);
    expect(await r.xadd(k('never'), { a: '1' }, { nomkstream: true })).toBeNull();
    expect(await r.xadd(s, { e: '5' }, { maxlen: 2, approximate: false })).toMatch(/-/);
    expect(await r.xlen(s)).toBe(2);
    const buffers = await raw.xrange(s);
    expect(Buffer.isBuffer(buffers[0]?.[0])).toBe(true);
    expect(Buffer.isBuffer(buffers[0]?.[1].d)).toBe(true);
    expectTypeOf(buffers).toEqualTypeOf<[Buffer, Record<string, Buffer>][]>();
    await expect(r.xadd(s, {})).rejects.toThrow(DataError);
  });

  it('xdel and xtrim (maxlen, minid, limit)', async () => {
    const s = k('trim');
    for (let i = 1; i <= 5; i += 1) await r.xadd(s, { n: i }, { id: `${i}-0` });
    expect(await r.xdel(s, '1-0', '99-0')).toBe(1);
    expect(await r.xtrim(s, { minid: '3-0', approximate: false })).toBe(1);
    expect(await r.xtrim(s, { maxlen: 1, approximate: false })).toBe(2);
    // Approximate with a limit: whole radix-tree nodes only, here the last one holding 1 entry.
    expect(await r.xtrim(s, { maxlen: 0, limit: 10 })).toBe(1);
    expect(await r.xlen(s)).toBe(0);
  });

  it('xread: [stream, entries] pairs, [] when nothing; blocking with block', async () => {
    const s1 = k('read1');
    const s2 = k('read2');
    await r.xadd(s1, { a: '1' }, { id: '1-0' });
    await r.xadd(s2, { b: '2' }, { id: '1-0' });
    expect(await r.xread({ [s1]: '0', [s2]: '0' })).toEqual([
      [s1, [['1-0', { a: '1' }]]],
      [s2, [['1-0', { b: '2' }]]],
    ]);
    expect(await r.xread({ [s1]: '$' })).toEqual([]);
    expect(await r.xread({ [s1]: '0' }, { count: 1, block: 10 })).toEqual([[s1, [['1-0', { a: '1' }]]]]);
    expect(await r.xread({ [s1]: '$' }, { block: 10 })).toEqual([]);
    const waiting = r.xread({ [s2]: '$' }, { block: 5000 });
    await waitUntil('XREAD blocked', async () => Number((await r.info('clients')).blocked_clients) >= 1, 5000, 5);
    await r.xadd(s2, { late: 'yes' }, { id: '2-0' });
    expect(await waiting).toEqual([[s2, [['2-0', { late: 'yes' }]]]]);
    expect(await r.xread({ streams: { [s1]: '0' }, count: 1 })).toEqual([[s1, [['1-0', { a: '1' }]]]]);
    const buffers = await raw.xread([[s1, '0']]);
    expect(Buffer.isBuffer(buffers[0]?.[0])).toBe(true);
  });

  it('xgroup create/setid/createconsumer/delconsumer/destroy; xreadgroup; xack', async () => {
    const s = k('group');
    expect(await r.xgroupCreate(s, 'g', '$', { mkstream: true })).toBe(true);
    await expect(r.xgroupCreate(s, 'g')).rejects.toThrow(ResponseError);
    expect(await r.xgroupCreateconsumer(s, 'g', 'c1')).toBe(1);
    expect(await r.xgroupCreateconsumer(s, 'g', 'c1')).toBe(0);
    await r.xadd(s, { a: '1' }, { id: '1-0' });
    await r.xadd(s, { b: '2' }, { id: '2-0' });
    expect(await r.xreadgroup('g', 'c1', { [s]: '>' }, { count: 1 })).toEqual([[s, [['1-0', { a: '1' }]]]]);
    expect(await r.xreadgroup('g', 'c1', { [s]: '>' }, { noack: true })).toEqual([[s, [['2-0', { b: '2' }]]]]);
    expect(await r.xreadgroup('g', 'c1', { [s]: '>' }, { block: 10 })).toEqual([]);
    // History of the pending list: an entry deleted since comes back as [id, null].
    await r.xdel(s, '1-0');
    expect(await r.xreadgroup('g', 'c1', { [s]: '0' })).toEqual([[s, [['1-0', null]]]]);
    expect(await r.xack(s, 'g', '1-0', '2-0')).toBe(1);
    expect(await r.xgroupSetid(s, 'g', '0', { entriesRead: 0 })).toBe(true);
    expect(await r.xgroupDelconsumer(s, 'g', 'c1')).toBe(0);
    expect(await r.xgroupDestroy(s, 'g')).toBe(true);
    expect(await r.xgroupDestroy(s, 'g')).toBe(false);
    const help = await r.xgroupHelp();
    expect(help.some((line) => line.includes('CREATE'))).toBe(true);
  });

  it('xpending summary and range forms, xclaim, xautoclaim', async () => {
    const s = k('pending');
    await r.xgroupCreate(s, 'g', '0', { mkstream: true });
    for (let i = 1; i <= 3; i += 1) await r.xadd(s, { n: i }, { id: `${i}-0` });
    await r.xreadgroup('g', 'alice', { [s]: '>' });
    expect(await r.xpending(s, 'g')).toEqual({ pending: 3, min: '1-0', max: '3-0', consumers: [{ name: 'alice', pending: 3 }] });
    expect(await r.xpending(k('pending-empty'), 'g').catch((e: Error) => e.constructor.name)).toBe('ResponseError');
    const range = await r.xpending(s, 'g', { min: '-', max: '+', count: 2, consumername: 'alice' });
    expect(range).toHaveLength(2);
    expect(range[0]).toMatchObject({ message_id: '1-0', consumer: 'alice', times_delivered: 1 });
    expect(typeof range[0]?.time_since_delivered).toBe('number');
    expect(await r.xclaim(s, 'g', 'bob', 0, ['1-0'])).toEqual([['1-0', { n: '1' }]]);
    expect(await r.xclaim(s, 'g', 'bob', 0, ['2-0'], { justid: true, idle: 0, retrycount: 5 })).toEqual(['2-0']);
    await r.xdel(s, '3-0');
    expect(await r.xautoclaim(s, 'g', 'carol', 0, { count: 1 })).toEqual(['2-0', [['1-0', { n: '1' }]], []]);
    // 3-0 was deleted from the stream: XAUTOCLAIM drops it from the pending list and says so.
    expect(await r.xautoclaim(s, 'g', 'carol', 0, { startId: '2-0' })).toEqual(['0-0', [['2-0', { n: '2' }]], ['3-0']]);
    expect(await r.xautoclaim(s, 'g', 'dave', 0, { justid: true })).toEqual(['1-0', '2-0']);
    const empty = await r.xpending(s, 'g', { min: '-', max: '+', count: 10, idle: 1_000_000 });
    expect(empty).toEqual([]);
  });

  it('xinfo stream (and full), groups, consumers as objects; xsetid', async () => {
    const s = k('info');
    await r.xadd(s, { a: '1' }, { id: '1-0' });
    await r.xadd(s, { b: '2' }, { id: '2-0' });
    await r.xgroupCreate(s, 'g', '0');
    await r.xreadgroup('g', 'c', { [s]: '>' }, { count: 1 });
    const info = await r.xinfoStream(s);
    expect(info).toMatchObject({
      length: 2,
      groups: 1,
      'last-generated-id': '2-0',
      'first-entry': ['1-0', { a: '1' }],
      'last-entry': ['2-0', { b: '2' }],
    });
    const full = await r.xinfoStream(s, { full: true, count: 10 });
    expect(full.entries).toEqual([
      ['1-0', { a: '1' }],
      ['2-0', { b: '2' }],
    ]);
    expect(full.groups[0]).toMatchObject({ name: 'g', 'pel-count': 1 });
    expect(full.groups[0]?.pending[0]?.slice(0, 2)).toEqual(['1-0', 'c']);
    expect(full.groups[0]?.consumers[0]).toMatchObject({ name: 'c', 'pel-count': 1 });
    expect(full.groups[0]?.consumers[0]?.pending[0]?.[0]).toBe('1-0');
    const groups = await r.xinfoGroups(s);
    expect(groups).toEqual([expect.objectContaining({ name: 'g', consumers: 1, pending: 1, 'last-delivered-id': '1-0' })]);
    const consumers = await r.xinfoConsumers(s, 'g');
    expect(consumers).toEqual([expect.objectContaining({ name: 'c', pending: 1 })]);
    expect(typeof consumers[0]?.idle).toBe('number');
    expect((await r.xinfoHelp()).length).toBeGreaterThan(1);
    expect(await r.xsetid(s, '5-0', { entriesAdded: 10, maxDeletedEntryId: '0-1' })).toBe(true);
    expect((await r.xinfoStream(s))['last-generated-id']).toBe('5-0');
    const rawInfo = await raw.xinfoStream(s);
    expect(Buffer.isBuffer(rawInfo['last-generated-id'])).toBe(true);
  });
});
