import { DataError, type CommandArg, type RespValue } from '@aredis/resp-parser';
import { building } from '../building.js';
import { defineCommand, trailingOptions, returns, type Bulk, type Decoded, type KeyArg, type ValueArg } from '../define.js';
import { exclusive, key, number, positive, value } from '../args.js';
import { arrayOrEmpty, toNumberOrNull } from '../callbacks.js';
import { options as optionsObject } from '../group-args.js';

/**
 * The geo commands (group 'geo' in the Redis command specifications).
 * Every export is a command declaration; the export name is the method name.
 * Search replies are shaped as redis-py's parse_geosearch_generic: members alone, or
 * `[member, dist?, hash?, [lon, lat]?]` per match when any of withdist/withhash/withcoord is set.
 */

export type GeoUnit = 'm' | 'km' | 'ft' | 'mi' | 'M' | 'KM' | 'FT' | 'MI';
/** `[longitude, latitude, member]`. */
export type GeoTriple = readonly [number, number, ValueArg];

const UNITS = new Set(['m', 'km', 'ft', 'mi']);

function unit(u: unknown): string {
  if (typeof u === 'string' && UNITS.has(u.toLowerCase())) return u.toLowerCase();
  throw new DataError(`${building()}: argument 'unit' must be one of m, km, ft, mi`);
}

/** A search's unit: `m` unless given. */
function searchUnit(u: unknown): string {
  return u === undefined ? 'm' : unit(u);
}

function members(list: readonly unknown[]): CommandArg[] {
  return list.map((m) => value('members', m));
}

export interface GeoAddOptions {
  /** Only add new members. */
  nx?: boolean;
  /** Only update existing members. */
  xx?: boolean;
  /** Count changed members, not only added ones. */
  ch?: boolean;
}

/**
 * GEOADD name values [{ nx, xx, ch }]: `values` is redis-py's flat `[lon, lat, member, ...]`,
 * or a list of `[lon, lat, member]` triples. The number of members added (or changed with `ch`).
 */
export const geoadd = defineCommand({
  name: 'GEOADD',
  options: trailingOptions(2, { nx: 'flag', xx: 'flag', ch: 'flag' }),
  build: (name: KeyArg, values: readonly (GeoTriple | ValueArg)[], options: GeoAddOptions = {}) => {
    const args: CommandArg[] = ['GEOADD', key('name', name)];
    exclusive(options, ['nx', 'xx']);
    if (options.nx) args.push('NX');
    if (options.xx) args.push('XX');
    if (options.ch) args.push('CH');
    if (!Array.isArray(values) || values.length === 0) {
      throw new DataError(`${building()}: argument 'values' must be a non-empty list of longitude, latitude, member`);
    }
    const flat = (values as unknown[]).flatMap((v) => (Array.isArray(v) ? (v as unknown[]) : [v]));
    if (flat.length % 3 !== 0) throw new DataError(`${building()}: argument 'values' must hold longitude, latitude, member triples`);
    for (let i = 0; i < flat.length; i += 3) {
      args.push(number('values', flat[i]), number('values', flat[i + 1]), value('values', flat[i + 2]));
    }
    return args;
  },
  returns: returns<number>(),
});

/**
 * GEODIST name place1 place2 [unit]: the distance as a number in `unit` (metres by default),
 * null when a member is missing. The unit is given as redis-py does (`geodist(n, a, b, 'km')`)
 * or as an option (`{ unit: 'km' }`).
 */
export const geodist = defineCommand({
  name: 'GEODIST',
  options: trailingOptions(3, { unit: true }),
  build: (name: KeyArg, place1: ValueArg, place2: ValueArg, unitOrOptions: GeoUnit | { unit?: GeoUnit } = {}) => {
    const args: CommandArg[] = ['GEODIST', key('name', name), value('place1', place1)];
    args.push(value('place2', place2));
    const given = typeof unitOrOptions === 'string' ? unitOrOptions : optionsObject(unitOrOptions).unit;
    if (given !== undefined) args.push(unit(given));
    return args;
  },
  reply: (reply) => toNumberOrNull(reply),
  returns: returns<number | null>(),
});

/**
 * GEOHASH name ...members: each member's geohash as a string (whether the client decodes or
 * not, as redis-py's callback makes them), null when missing.
 */
export const geohash = defineCommand({
  name: 'GEOHASH',
  build: (name: KeyArg, ...values: ValueArg[]) => ['GEOHASH', key('name', name), ...members(values)],
  reply: (reply) => arrayOrEmpty(reply).map((hash) => (hash === null ? null : String(hash))),
  returns: returns<(string | null)[]>(),
});

function lonLat(raw: RespValue): [number, number] | null {
  if (raw === null) return null;
  const pair = arrayOrEmpty(raw);
  return [toNumberOrNull(pair[0] ?? null) as number, toNumberOrNull(pair[1] ?? null) as number];
}

/** GEOPOS name ...members: `[longitude, latitude]` as numbers per member, null when missing. */
export const geopos = defineCommand({
  name: 'GEOPOS',
  build: (name: KeyArg, ...values: ValueArg[]) => ['GEOPOS', key('name', name), ...members(values)],
  reply: (reply) => arrayOrEmpty(reply).map(lonLat),
  returns: returns<([number, number] | null)[]>(),
});

// ---- the search family ----

/** What each search may add to a match. */
export interface GeoWithOptions {
  withdist?: boolean;
  withcoord?: boolean;
  withhash?: boolean;
}
export interface GeoCountSortOptions {
  /** At most this many matches. */
  count?: number;
  /** With `count`: stop at the first `count` matches found, not the nearest. */
  any?: boolean;
  /** Nearest first (`ASC`) or farthest first (`DESC`). */
  sort?: 'ASC' | 'DESC' | 'asc' | 'desc';
}
export interface GeoRadiusOptions extends GeoWithOptions, GeoCountSortOptions {
  /** Default `m`. */
  unit?: GeoUnit;
}
export interface GeoRadiusStoreOptions extends GeoRadiusOptions {
  /** STORE: store the members in this sorted set (the reply is then their count). */
  store?: KeyArg;
  /** STOREDIST: store the distances in this sorted set. */
  storeDist?: KeyArg;
}
/** Where GEOSEARCH starts (`member`, or `longitude` and `latitude`) and the shape it searches. */
export interface GeoSearchShape extends GeoCountSortOptions {
  member?: ValueArg;
  longitude?: number;
  latitude?: number;
  /** BYRADIUS. */
  radius?: number;
  /** BYBOX width and height. */
  width?: number;
  height?: number;
  /** Default `m`. */
  unit?: GeoUnit;
}
export interface GeoSearchOptions extends GeoSearchShape, GeoWithOptions {}
export interface GeoSearchStoreOptions extends GeoSearchShape {
  /** Store the distances as the scores. */
  storedist?: boolean;
}

/** A match with the extras asked for, in the server's order: member, dist, hash, coord. */
export type GeoMatch<O extends GeoWithOptions> = [
  Bulk,
  ...(O extends { withdist: true } ? [number] : []),
  ...(O extends { withhash: true } ? [number] : []),
  ...(O extends { withcoord: true } ? [[number, number]] : []),
];
/** A match when which extras were asked for is not known to the type checker. */
export type GeoMatchAny = [Bulk, ...(number | [number, number])[]];
type Flag<O, K extends keyof GeoWithOptions> = O extends { [P in K]: true }
  ? 'yes'
  : K extends keyof O
    ? [O[K]] extends [false | undefined]
      ? 'no'
      : 'maybe'
    : 'no';
type Flags<O extends GeoWithOptions> = Flag<O, 'withdist'> | Flag<O, 'withhash'> | Flag<O, 'withcoord'>;
/** The reply of a search given options O: members alone, or matches with their extras. */
export type GeoSearchReply<O extends GeoWithOptions> = 'maybe' extends Flags<O>
  ? Bulk[] | GeoMatchAny[]
  : 'yes' extends Flags<O>
    ? GeoMatch<O>[]
    : Bulk[];

function countSort(options: GeoCountSortOptions): CommandArg[] {
  const out: CommandArg[] = [];
  if (options.any && options.count === undefined) throw new DataError(`${building()}: option 'any' needs 'count'`);
  if (options.count !== undefined) out.push('COUNT', positive('count', options.count));
  if (options.any) out.push('ANY');
  if (options.sort !== undefined) {
    const s = typeof options.sort === 'string' ? options.sort.toUpperCase() : '';
    if (s !== 'ASC' && s !== 'DESC') throw new DataError(`${building()}: option 'sort' must be 'ASC' or 'DESC'`);
    out.push(s);
  }
  return out;
}

function withFlags(options: GeoWithOptions): CommandArg[] {
  const out: CommandArg[] = [];
  if (options.withdist) out.push('WITHDIST');
  if (options.withcoord) out.push('WITHCOORD');
  if (options.withhash) out.push('WITHHASH');
  return out;
}

/** redis-py's parse_geosearch_generic: casts each extra in the order the server sends it. */
function searchReply(reply: RespValue, options: Readonly<Record<string, unknown>>): unknown {
  if (options.store !== undefined || options.storeDist !== undefined) return reply;
  if (!options.withdist && !options.withcoord && !options.withhash) return arrayOrEmpty(reply);
  return arrayOrEmpty(reply).map((raw) => {
    const item = arrayOrEmpty(raw);
    const out: unknown[] = [item[0]];
    let i = 1;
    if (options.withdist) out.push(toNumberOrNull(item[i++] ?? null));
    if (options.withhash) out.push(Number(item[i++]));
    if (options.withcoord) out.push(lonLat(item[i++] ?? null));
    return out;
  });
}

function radiusTail(command: string, given: GeoRadiusStoreOptions, storing: boolean): CommandArg[] {
  const options = optionsObject(given);
  const out: CommandArg[] = [searchUnit(options.unit), ...withFlags(options)];
  out.push(...countSort(options));
  if (!storing) {
    if (options.store !== undefined || options.storeDist !== undefined) {
      throw new DataError(`${command}: options 'store' and 'storeDist' are not accepted (use ${command.slice(0, -3)})`);
    }
    return out;
  }
  exclusive(options, ['store', 'storeDist']);
  if ((options.store !== undefined || options.storeDist !== undefined) && (options.withdist || options.withcoord || options.withhash)) {
    throw new DataError(`${command}: 'store'/'storeDist' cannot be combined with withdist, withcoord or withhash`);
  }
  if (options.store !== undefined) out.push('STORE', key('store', options.store));
  if (options.storeDist !== undefined) out.push('STOREDIST', key('storeDist', options.storeDist));
  return out;
}

/** The keys of GEORADIUS and GEORADIUSBYMEMBER options (and their _RO forms). */
const RADIUS_OPTIONS = {
  store: true,
  storeDist: true,
  unit: true,
  withdist: 'flag',
  withcoord: 'flag',
  withhash: 'flag',
  count: true,
  any: 'flag',
  sort: true,
} as const;

function radiusCommand(command: 'GEORADIUS' | 'GEORADIUS_RO', storing: boolean) {
  return defineCommand({
    name: command,
    options: trailingOptions(4, RADIUS_OPTIONS),
    build: (name: KeyArg, longitude: number, latitude: number, radius: number, options: GeoRadiusStoreOptions = {}) => [
      command,
      key('name', name),
      number('longitude', longitude),
      number('latitude', latitude),
      number('radius', radius),
      ...radiusTail(command, options, storing),
    ],
    reply: searchReply,
    returns: returns<Bulk[] | GeoMatchAny[] | number>(),
  });
}

function byMemberCommand(command: 'GEORADIUSBYMEMBER' | 'GEORADIUSBYMEMBER_RO', storing: boolean) {
  return defineCommand({
    name: command,
    options: trailingOptions(3, RADIUS_OPTIONS),
    build: (name: KeyArg, member: ValueArg, radius: number, options: GeoRadiusStoreOptions = {}) => [
      command,
      key('name', name),
      value('member', member),
      number('radius', radius),
      ...radiusTail(command, options, storing),
    ],
    reply: searchReply,
    returns: returns<Bulk[] | GeoMatchAny[] | number>(),
  });
}

/** GEORADIUS name longitude latitude radius [options] (deprecated by Redis for GEOSEARCH). */
export const georadius = radiusCommand('GEORADIUS', true);
/** GEORADIUS_RO: GEORADIUS without STORE, for replicas. */
export const georadiusRo = radiusCommand('GEORADIUS_RO', false);
/** GEORADIUSBYMEMBER name member radius [options]. */
export const georadiusbymember = byMemberCommand('GEORADIUSBYMEMBER', true);
/** GEORADIUSBYMEMBER_RO: without STORE, for replicas. */
export const georadiusbymemberRo = byMemberCommand('GEORADIUSBYMEMBER_RO', false);

type Convert = (name: string, v: unknown) => CommandArg;

/**
 * A part of a search given one of two ways, never both: the option `single` (`TOKEN value`), or
 * the options `first` and `second` together (`TOKEN first second`). redis-py's checks.
 */
function eitherOr<O extends object>(
  options: O,
  [single, token, convert]: [single: keyof O & string, token: string, convert: Convert],
  [first, second, pairToken, convertPair]: [first: keyof O & string, second: keyof O & string, token: string, convert: Convert],
): CommandArg[] {
  const one = options[single];
  const a = options[first];
  const b = options[second];
  if (one !== undefined && (a !== undefined || b !== undefined)) {
    throw new DataError(`${building()}: give either '${single}' or '${first}' and '${second}', not both`);
  }
  if (one !== undefined) return [token, convert(single, one)];
  if (a !== undefined && b !== undefined) return [pairToken, convertPair(first, a), convertPair(second, b)];
  throw new DataError(`${building()}: '${single}', or '${first}' and '${second}', is required`);
}

/** FROMMEMBER|FROMLONLAT, BYRADIUS|BYBOX, unit, COUNT [ANY], ASC|DESC: redis-py's checks. */
function searchShape(options: GeoSearchShape): CommandArg[] {
  if (options === null || typeof options !== 'object') throw new DataError(`${building()}: argument 'options' is required`);
  return [
    ...eitherOr(options, ['member', 'FROMMEMBER', value], ['longitude', 'latitude', 'FROMLONLAT', number]),
    ...eitherOr(options, ['radius', 'BYRADIUS', number], ['width', 'height', 'BYBOX', number]),
    searchUnit(options.unit),
    ...countSort(options),
  ];
}

/**
 * GEOSEARCH name { member | longitude+latitude, radius | width+height, unit, sort, count,
 * any, withcoord, withdist, withhash }.
 */
export const geosearch = defineCommand({
  name: 'GEOSEARCH',
  options: trailingOptions(1, { member: true, longitude: true, latitude: true, radius: true, width: true, height: true, unit: true, count: true, any: 'flag', sort: true, withdist: 'flag', withcoord: 'flag', withhash: 'flag' }),
  build: (name: KeyArg, options: GeoSearchOptions) => [
    'GEOSEARCH',
    key('name', name),
    ...searchShape(options),
    ...withFlags(options),
  ],
  reply: searchReply,
  returns: returns<Bulk[] | GeoMatchAny[]>(),
});

/** GEOSEARCHSTORE dest name { ...as GEOSEARCH, storedist }: how many members were stored. */
export const geosearchstore = defineCommand({
  name: 'GEOSEARCHSTORE',
  options: trailingOptions(2, { storedist: 'flag', member: true, longitude: true, latitude: true, radius: true, width: true, height: true, unit: true, count: true, any: 'flag', sort: true }),
  build: (dest: KeyArg, name: KeyArg, options: GeoSearchStoreOptions) => {
    const args: CommandArg[] = ['GEOSEARCHSTORE', key('dest', dest), key('name', name)];
    args.push(...searchShape(options));
    if (options.storedist) args.push('STOREDIST');
    return args;
  },
  returns: returns<number>(),
});

/**
 * The overloads of GEORADIUS_RO-like searches, given the arguments that place the centre
 * (`[longitude, latitude]` or `[member]`): the matches, shaped by the options.
 */
interface RadiusSearch<D extends boolean, Center extends readonly unknown[]> {
  <const O extends GeoRadiusOptions = object>(
    name: KeyArg,
    ...centerRadiusOptions: [...Center, radius: number, options?: O]
  ): Promise<Decoded<GeoSearchReply<O>, D>>;
  (name: KeyArg, ...centerRadiusOptions: [...Center, radius: number, options?: GeoRadiusOptions]): Promise<Decoded<Bulk[] | GeoMatchAny[], D>>;
}

/** The same with STORE/STOREDIST (GEORADIUS, GEORADIUSBYMEMBER): storing gives the count stored. */
interface RadiusStoreSearch<D extends boolean, Center extends readonly unknown[]> {
  (
    name: KeyArg,
    ...centerRadiusOptions: [...Center, radius: number, options: GeoRadiusOptions & ({ store: KeyArg } | { storeDist: KeyArg })]
  ): Promise<number>;
  <const O extends GeoRadiusOptions = object>(
    name: KeyArg,
    ...centerRadiusOptions: [...Center, radius: number, options?: O]
  ): Promise<Decoded<GeoSearchReply<O>, D>>;
  (
    name: KeyArg,
    ...centerRadiusOptions: [...Center, radius: number, options?: GeoRadiusStoreOptions]
  ): Promise<Decoded<Bulk[] | GeoMatchAny[], D> | number>;
}

type LonLat = [longitude: number, latitude: number];

/** Signatures that depend on an option; methods.ts merges them into SignatureOverrides. */
export interface GeoSignatures<D extends boolean> {
  georadius: RadiusStoreSearch<D, LonLat>;
  georadiusRo: RadiusSearch<D, LonLat>;
  georadiusbymember: RadiusStoreSearch<D, [member: ValueArg]>;
  georadiusbymemberRo: RadiusSearch<D, [member: ValueArg]>;

  geosearch<const O extends GeoSearchOptions>(name: KeyArg, options: O): Promise<Decoded<GeoSearchReply<O>, D>>;
  geosearch(name: KeyArg, options: GeoSearchOptions): Promise<Decoded<Bulk[] | GeoMatchAny[], D>>;
}
