import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataError, type RespValue } from '@aredis/resp-parser';
import { COMMANDS, type ChainedCommandMethods, type CommandMethods } from '@aredis/commands';
import type { GeoSearchOptions } from '../src/groups/geo.js';
import type { XPendingRangeOptions } from '../src/groups/stream.js';
import { reply } from './helpers.js';

describe('geo commands: arguments', () => {
  it('GEOADD: flat values or triples, nx/xx/ch', () => {
    expect(COMMANDS.geoadd.build('g', [13.36, 38.11, 'Palermo'])).toEqual(['GEOADD', 'g', 13.36, 38.11, 'Palermo']);
    expect(COMMANDS.geoadd.build('g', [[13.36, 38.11, 'a'], [15.08, 37.5, 'b']], { xx: true, ch: true })).toEqual([
      'GEOADD', 'g', 'XX', 'CH', 13.36, 38.11, 'a', 15.08, 37.5, 'b',
    ]);
    expect(COMMANDS.geoadd.build('g', [1, 2, 'm'], { nx: true })).toEqual(['GEOADD', 'g', 'NX', 1, 2, 'm']);
    expect(() => COMMANDS.geoadd.build('g', [1, 2, 'm'], { nx: true, xx: true })).toThrow(/'nx' and 'xx'/);
    expect(() => COMMANDS.geoadd.build('g', [1, 2])).toThrow(/GEOADD: argument 'values'/);
    expect(() => COMMANDS.geoadd.build('g', [])).toThrow(DataError);
    expect(() => COMMANDS.geoadd.build('g', [[null as unknown as number, 2, 'm']])).toThrow(/'values'/);
  });

  it('GEODIST with a unit, GEOHASH, GEOPOS', () => {
    expect(COMMANDS.geodist.build('g', 'a', 'b')).toEqual(['GEODIST', 'g', 'a', 'b']);
    expect(COMMANDS.geodist.build('g', 'a', 'b', { unit: 'KM' })).toEqual(['GEODIST', 'g', 'a', 'b', 'km']);
    expect(() => COMMANDS.geodist.build('g', 'a', 'b', { unit: 'yd' as never })).toThrow(/GEODIST: argument 'unit'/);
    expect(COMMANDS.geohash.build('g', 'a', 'b')).toEqual(['GEOHASH', 'g', 'a', 'b']);
    expect(COMMANDS.geopos.build('g', 'a')).toEqual(['GEOPOS', 'g', 'a']);
    expect(() => COMMANDS.geopos.build('g', {} as never)).toThrow(/GEOPOS: argument 'members'/);
  });

  it('GEORADIUS and GEORADIUSBYMEMBER (and _RO): unit default m, extras, count/any, sort, store', () => {
    expect(COMMANDS.georadius.build('g', 15, 37, 200)).toEqual(['GEORADIUS', 'g', 15, 37, 200, 'm']);
    expect(
      COMMANDS.georadius.build('g', 15, 37, 200, { unit: 'km', withdist: true, withcoord: true, withhash: true, count: 2, any: true, sort: 'desc' }),
    ).toEqual(['GEORADIUS', 'g', 15, 37, 200, 'km', 'WITHDIST', 'WITHCOORD', 'WITHHASH', 'COUNT', 2, 'ANY', 'DESC']);
    expect(COMMANDS.georadius.build('g', 15, 37, 200, { store: 'dst' })).toEqual(['GEORADIUS', 'g', 15, 37, 200, 'm', 'STORE', 'dst']);
    expect(COMMANDS.georadiusbymember.build('g', 'a', 100, { storeDist: 'dst', sort: 'ASC' })).toEqual([
      'GEORADIUSBYMEMBER', 'g', 'a', 100, 'm', 'ASC', 'STOREDIST', 'dst',
    ]);
    expect(COMMANDS.georadiusRo.build('g', 15, 37, 1, { unit: 'mi', withdist: true })).toEqual(['GEORADIUS_RO', 'g', 15, 37, 1, 'mi', 'WITHDIST']);
    expect(COMMANDS.georadiusbymemberRo.build('g', 'a', 1, { count: 1 })).toEqual(['GEORADIUSBYMEMBER_RO', 'g', 'a', 1, 'm', 'COUNT', 1]);
    expect(() => COMMANDS.georadius.build('g', 15, 37, 200, { any: true })).toThrow(/'any' needs 'count'/);
    expect(() => COMMANDS.georadius.build('g', 15, 37, 200, { store: 'a', storeDist: 'b' })).toThrow(/'store' and 'storeDist'/);
    expect(() => COMMANDS.georadius.build('g', 15, 37, 200, { store: 'a', withdist: true })).toThrow(DataError);
    expect(() => COMMANDS.georadius.build('g', 15, 37, 200, { sort: 'UP' as never })).toThrow(/'sort'/);
    expect(() => COMMANDS.georadiusbymember.build('g', 'a', '1' as unknown as number)).not.toThrow(); // '1' is a valid number text
    expect(() => COMMANDS.georadius.build('g', NaN, 37, 1)).toThrow(/'longitude'/);
    expect(() => COMMANDS.georadiusRo.build('g', 1, 2, 3, { store: 'x' })).toThrow(/GEORADIUS_RO: options 'store'.*use GEORADIUS\)/);
  });

  it('GEOSEARCH and GEOSEARCHSTORE: from member or lon/lat, by radius or box', () => {
    expect(COMMANDS.geosearch.build('g', { member: 'a', radius: 10 })).toEqual(['GEOSEARCH', 'g', 'FROMMEMBER', 'a', 'BYRADIUS', 10, 'm']);
    expect(
      COMMANDS.geosearch.build('g', { longitude: 15, latitude: 37, width: 400, height: 200, unit: 'km', sort: 'ASC', count: 3, any: true, withcoord: true, withdist: true, withhash: true }),
    ).toEqual(['GEOSEARCH', 'g', 'FROMLONLAT', 15, 37, 'BYBOX', 400, 200, 'km', 'COUNT', 3, 'ANY', 'ASC', 'WITHDIST', 'WITHCOORD', 'WITHHASH']);
    expect(COMMANDS.geosearchstore.build('d', 'g', { member: 'a', radius: 1, storedist: true })).toEqual([
      'GEOSEARCHSTORE', 'd', 'g', 'FROMMEMBER', 'a', 'BYRADIUS', 1, 'm', 'STOREDIST',
    ]);
    expect(() => COMMANDS.geosearch.build('g', { radius: 1 })).toThrow(/'member', or 'longitude' and 'latitude'/);
    expect(() => COMMANDS.geosearch.build('g', { member: 'a', longitude: 1, latitude: 2, radius: 1 })).toThrow(/not both/);
    expect(() => COMMANDS.geosearch.build('g', { member: 'a' })).toThrow(/'radius', or 'width' and 'height'/);
    expect(() => COMMANDS.geosearch.build('g', { member: 'a', radius: 1, width: 2, height: 3 })).toThrow(/not both/);
    expect(() => COMMANDS.geosearchstore.build('d', 'g', undefined as never)).toThrow(/GEOSEARCHSTORE: argument 'options'/);
  });

  it('flags: the read-only variants may go to replicas, the storing ones not', () => {
    expect(COMMANDS.georadiusRo.readonly).toBe(true);
    expect(COMMANDS.georadiusbymemberRo.readonly).toBe(true);
    expect(COMMANDS.geosearch.readonly).toBe(true);
    expect(COMMANDS.geodist.readonly).toBe(true);
    expect(COMMANDS.georadius.readonly).toBe(false);
    expect(COMMANDS.georadiusbymember.readonly).toBe(false);
    expect(COMMANDS.geosearchstore.readonly).toBe(false);
  });
});

describe('geo commands: replies', () => {
  it('GEODIST and GEOPOS as numbers (RESP2 strings, RESP3 doubles for GEODIST)', () => {
    expect(reply('geodist', '166274.1516')).toBe(166274.1516);
    expect(reply('geodist', 166274.1516)).toBe(166274.1516);
    expect(reply('geodist', null)).toBe(null);
    expect(reply('geopos', [['13.36', '38.11'], null])).toEqual([[13.36, 38.11], null]);
  });

  it('searches as redis-py: members alone, or [member, dist?, hash?, [lon, lat]?]', () => {
    expect(reply('geosearch', ['a', 'b'])).toEqual(['a', 'b']);
    const raw: RespValue = [['a', '190.4424', 3479099956230698, ['13.36', '38.11']]];
    expect(reply('geosearch', raw, { withdist: true, withhash: true, withcoord: true })).toEqual([
      ['a', 190.4424, 3479099956230698, [13.36, 38.11]],
    ]);
    expect(reply('georadius', [['a', ['1', '2']]], { withcoord: true })).toEqual([['a', [1, 2]]]);
    expect(reply('georadiusbymember', [['a', '0.5']], { withdist: true })).toEqual([['a', 0.5]]);
    expect(reply('georadiusRo', [['a', 7]], { withhash: true })).toEqual([['a', 7]]);
    expect(reply('georadiusbymemberRo', ['a'])).toEqual(['a']);
    expect(reply('georadius', 2, { store: 'd' })).toBe(2);
    expect(reply('georadiusbymember', 2, { storeDist: 'd' })).toBe(2);
  });
});

describe('geo commands: types', () => {
  it('the extras asked for decide the match type; decodeResponses decides string or Buffer', () => {
    type S = CommandMethods<true>;
    type B = CommandMethods<false>;
    expectTypeOf<ReturnType<S['geohash']>>().toEqualTypeOf<Promise<(string | null)[]>>();
    expectTypeOf<ReturnType<B['geopos']>>().toEqualTypeOf<Promise<([number, number] | null)[]>>();
    // Checked by the type checker only (`pnpm typecheck`): never called.
    const overloads = (s: S, b: B) => {
      expectTypeOf(s.geosearch('g', { member: 'a', radius: 1 })).resolves.toEqualTypeOf<string[]>();
      expectTypeOf(b.geosearch('g', { member: 'a', radius: 1, withdist: true, withcoord: true })).resolves.toEqualTypeOf<
        [Buffer, number, [number, number]][]
      >();
      expectTypeOf(s.georadius('g', 1, 2, 3, { withhash: true })).resolves.toEqualTypeOf<[string, number][]>();
      expectTypeOf(s.georadius('g', 1, 2, 3, { store: 'd' })).resolves.toEqualTypeOf<number>();
      expectTypeOf(s.georadiusbymemberRo('g', 'a', 3)).resolves.toEqualTypeOf<string[]>();
      const dynamic = { withdist: Math.random() > 0.5 };
      expectTypeOf(s.geosearch('g', { member: 'a', radius: 1, ...dynamic })).resolves.toEqualTypeOf<
        string[] | [string, ...(number | [number, number])[]][]
      >();
    };
    expect(typeof overloads).toBe('function');
  });

  it('pipelines take the most general overload', () => {
    type P = ChainedCommandMethods<true, 'self'>;
    expectTypeOf<Parameters<P['geosearch']>>().toEqualTypeOf<[name: string | Buffer, options: GeoSearchOptions]>();
    expectTypeOf<ReturnType<P['georadius']>>().toEqualTypeOf<'self'>();
    expectTypeOf<Parameters<P['xpending']>[2]>().toEqualTypeOf<XPendingRangeOptions | undefined>();
  });
});
