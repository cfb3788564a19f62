import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { PROTOCOLS, useClients, useServer } from './harness.js';
import { DataError } from '@aredis/resp-parser';
import { StrictRedis } from '@aredis/client';

// Every geo command against a real server, under RESP3 (the default) and RESP2: the replies
// must have the same shape under both.

const server = useServer();

const PALERMO = [13.361389, 38.115556, 'Palermo'] as const;
const CATANIA = [15.087269, 37.502669, 'Catania'] as const;

describe.each(PROTOCOLS)('geo commands over RESP%i', (protocol) => {
  let r: StrictRedis<true>;
  let raw: StrictRedis<false>;
  const k = (name: string) => `geo:${protocol}:${name}`;
  const sicily = k('sicily');

  useClients(server, protocol, (made) => ({ r, raw } = made), { confirmProtocol: false });
  beforeAll(async () => {
    expect(await r.geoadd(sicily, [...PALERMO, ...CATANIA])).toBe(2);
  });

  it('geoadd with nx, xx, ch and triples', async () => {
    const g = k('add');
    expect(await r.geoadd(g, [[1, 2, 'a'], [3, 4, 'b']])).toBe(2);
    expect(await r.geoadd(g, [[5, 6, 'a'], [7, 8, 'c']], { nx: true })).toBe(1);
    expect(await r.geoadd(g, [[5, 6, 'a'], [9, 9, 'd']], { xx: true, ch: true })).toBe(1);
    expect(await r.geoadd(g, [5, 6, 'a'], { ch: true })).toBe(0);
    await expect(r.geoadd(g, [1, 2, 'x'], { nx: true, xx: true })).rejects.toThrow(DataError);
  });

  it('geodist as a number in the unit asked for, null for a missing member', async () => {
    const metres = await r.geodist(sicily, 'Palermo', 'Catania');
    expect(metres).toBeCloseTo(166274.1516, 3);
    expect(await r.geodist(sicily, 'Palermo', 'Catania', { unit: 'km' })).toBeCloseTo(166.2742, 3);
    // redis-py's positional unit.
    expect(await raw.geodist(sicily, 'Palermo', 'Catania', 'km')).toBeCloseTo(166.2742, 3);
    expect(await r.geodist(sicily, 'Palermo', 'Catania', 'mi')).toBeCloseTo(103.3182, 3);
    await expect(r.geodist(sicily, 'Palermo', 'Catania', 'yards' as never)).rejects.toThrow(DataError);
    await expect(r.geodist(sicily, 'Palermo', 'Catania', 7 as never)).rejects.toThrow(DataError);
    expect(await r.geodist(sicily, 'Palermo', 'Nowhere')).toBeNull();
  });

  it('geohash and geopos', async () => {
    expect(await r.geohash(sicily, 'Palermo', 'Catania', 'Nowhere')).toEqual(['sqc8b49rny0', 'sqdtr74hyu0', null]);
    const pos = await r.geopos(sicily, 'Palermo', 'Nowhere');
    expect(pos[0]?.[0]).toBeCloseTo(13.361389, 5);
    expect(pos[0]?.[1]).toBeCloseTo(38.115556, 5);
    expect(pos[1]).toBeNull();
    // Strings on a client that gives Buffers too, as redis-py's callback makes them.
    const hashes = await raw.geohash(sicily, 'Palermo', 'Nowhere');
    expect(hashes).toEqual(['sqc8b49rny0', null]);
    expectTypeOf(hashes).toEqualTypeOf<(string | null)[]>();
  });

  it('georadius and georadius_ro: members alone or with dist, hash, coord; store', async () => {
    expect((await r.georadius(sicily, 15, 37, 200, { unit: 'km', sort: 'ASC' }))).toEqual(['Catania', 'Palermo']);
    const full = await r.georadius(sicily, 15, 37, 200, { unit: 'km', withdist: true, withcoord: true, withhash: true, sort: 'ASC' });
    expect(full).toHaveLength(2);
    const [name, dist, hash, coord] = full[0] ?? [];
    expect(name).toBe('Catania');
    expect(dist).toBeCloseTo(56.4413, 3);
    expect(hash).toBe(3479447370796909);
    expect(coord?.[0]).toBeCloseTo(15.087269, 5);
    expectTypeOf(full).toEqualTypeOf<[string, number, number, [number, number]][]>();
    expect(await r.georadius(sicily, 15, 37, 200, { unit: 'km', count: 1, sort: 'DESC' })).toEqual(['Palermo']);
    expect(await r.georadius(sicily, 15, 37, 200, { unit: 'km', store: k('stored') })).toBe(2);
    expect(await r.zcard(k('stored'))).toBe(2);
    expect(await r.georadius(sicily, 15, 37, 200, { unit: 'km', storeDist: k('dists') })).toBe(2);
    expect(await r.georadiusRo(sicily, 15, 37, 100, { unit: 'km', withdist: true })).toEqual([['Catania', expect.closeTo(56.4413, 3)]]);
    await expect(r.georadius(sicily, 15, 37, 200, { any: true })).rejects.toThrow(DataError);
  });

  it('georadiusbymember and georadiusbymember_ro', async () => {
    expect(await r.georadiusbymember(sicily, 'Palermo', 200, { unit: 'km', sort: 'ASC' })).toEqual(['Palermo', 'Catania']);
    const withCoord = await r.georadiusbymemberRo(sicily, 'Palermo', 10, { unit: 'km', withcoord: true });
    expect(withCoord).toHaveLength(1);
    expect(withCoord[0]?.[0]).toBe('Palermo');
    expect(withCoord[0]?.[1][1]).toBeCloseTo(38.115556, 5);
    expect(await r.georadiusbymember(sicily, 'Palermo', 200, { unit: 'km', count: 1, any: true, store: k('bm') })).toBe(1);
    expect(await r.georadiusbymemberRo(sicily, 'Catania', 1, { withhash: true })).toEqual([['Catania', 3479447370796909]]);
  });

  it('geosearch from a member or a point, by radius or box; geosearchstore', async () => {
    expect(await r.geosearch(sicily, { member: 'Palermo', radius: 200, unit: 'km', sort: 'ASC' })).toEqual(['Palermo', 'Catania']);
    const box = await r.geosearch(sicily, {
      longitude: 15,
      latitude: 37,
      width: 400,
      height: 400,
      unit: 'km',
      sort: 'ASC',
      count: 2,
      withdist: true,
    });
    expect(box.map(([member]) => member)).toEqual(['Catania', 'Palermo']);
    expect(box[0]?.[1]).toBeCloseTo(56.4413, 3);
    const buffers = await raw.geosearch(sicily, { member: 'Catania', radius: 1, withhash: true });
    expect(Buffer.isBuffer(buffers[0]?.[0])).toBe(true);
    expect(buffers[0]?.[1]).toBe(3479447370796909);
    expect(await r.geosearchstore(k('dest'), sicily, { member: 'Palermo', radius: 200, unit: 'km' })).toBe(2);
    expect(await r.geosearchstore(k('dest2'), sicily, { longitude: 15, latitude: 37, radius: 100, unit: 'km', storedist: true })).toBe(1);
    expect(Number(await r.zscore(k('dest2'), 'Catania'))).toBeCloseTo(56.4413, 3);
    await expect(r.geosearch(sicily, { radius: 1 })).rejects.toThrow(DataError);
  });
});
