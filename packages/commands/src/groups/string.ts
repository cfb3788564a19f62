/**
 * The string commands (group 'string' in the Redis command specifications).
 * Every export is a command declaration; the export name is the method name.
 */
import { DataError, ProtocolError, type CommandArg, type RespValue } from '@aredis/resp-parser';
import { building } from '../building.js';
import { defineCommand, trailingOptions, returns, type Bulk, type Decoded, type KeyArg, type ValueArg } from '../define.js';
import { exclusive, integer, key, nonNegative, number, positive, value } from '../args.js';
import { integerToBoolean, okToBoolean, pairsToObject, toNumberOrNull } from '../callbacks.js';
import { keyList, options, unixMilliseconds, unixSeconds } from '../group-args.js';

export const get = defineCommand({ name: 'GET', returns: returns<Bulk | null>() });

export interface SetOptions {
  /** Expire after this many seconds. */
  ex?: number;
  /** Expire after this many milliseconds. */
  px?: number;
  /** Expire at this unix time in seconds (or at this Date). */
  exat?: number | Date;
  /** Expire at this unix time in milliseconds (or at this Date). */
  pxat?: number | Date;
  /** Only set if the key does not exist. */
  nx?: boolean;
  /** Only set if the key exists. */
  xx?: boolean;
  /** Keep the key's current time to live. */
  keepttl?: boolean;
  /** Return the old value (SET ... GET). */
  get?: boolean;
}

/**
 * SET: `true` when set, `null` when NX/XX prevented it; with `get: true`, the old value
 * (or null), as redis-py returns.
 */
export const set = defineCommand({
  name: 'SET',
  options: trailingOptions(2, { ex: true, px: true, exat: true, pxat: true, nx: 'flag', xx: 'flag', keepttl: 'flag', get: 'flag' }),
  build: (name: KeyArg, val: ValueArg, setOptions: SetOptions = {}) => {
    const o = options(setOptions);
    const args: CommandArg[] = ['SET', key('name', name), value('value', val)];
    exclusive(o, ['ex', 'px', 'exat', 'pxat', 'keepttl']);
    exclusive(o, ['nx', 'xx']);
    if (o.ex !== undefined) args.push('EX', positive('ex', o.ex));
    if (o.px !== undefined) args.push('PX', positive('px', o.px));
    if (o.exat !== undefined) args.push('EXAT', unixSeconds('exat', o.exat));
    if (o.pxat !== undefined) args.push('PXAT', unixMilliseconds('pxat', o.pxat));
    if (o.keepttl) args.push('KEEPTTL');
    if (o.nx) args.push('NX');
    if (o.xx) args.push('XX');
    if (o.get) args.push('GET');
    return args;
  },
  reply: (reply, options) => (options.get ? reply : reply === null ? null : reply === 'OK'),
  returns: returns<boolean | null | Bulk>(),
});

export const append = defineCommand({ name: 'APPEND', returns: returns<number>() });

/** DECR, or DECRBY when an amount is given (redis-py's `decr(name, amount=1)`). */
export const decr = defineCommand({
  name: 'DECR',
  build: (name: KeyArg, amount?: number | bigint) =>
    amount === undefined
      ? ['DECR', key('name', name)]
      : ['DECRBY', key('name', name), integer('amount', amount)],
  returns: returns<number>(),
});

export const decrby = defineCommand({
  name: 'DECRBY',
  build: (name: KeyArg, amount: number | bigint = 1) => [
    'DECRBY',
    key('name', name),
    integer('amount', amount),
  ],
  returns: returns<number>(),
});

export const getdel = defineCommand({ name: 'GETDEL', returns: returns<Bulk | null>() });

export interface GetExOptions {
  /** Expire after this many seconds. */
  ex?: number;
  /** Expire after this many milliseconds. */
  px?: number;
  /** Expire at this unix time in seconds (or at this Date). */
  exat?: number | Date;
  /** Expire at this unix time in milliseconds (or at this Date). */
  pxat?: number | Date;
  /** Remove the time to live. */
  persist?: boolean;
}

export const getex = defineCommand({
  name: 'GETEX',
  options: trailingOptions(1, { ex: true, px: true, exat: true, pxat: true, persist: 'flag' }),
  build: (name: KeyArg, getexOptions: GetExOptions = {}) => {
    const o = options(getexOptions);
    exclusive(o, ['ex', 'px', 'exat', 'pxat', 'persist']);
    const args: CommandArg[] = ['GETEX', key('name', name)];
    if (o.ex !== undefined) args.push('EX', positive('ex', o.ex));
    if (o.px !== undefined) args.push('PX', positive('px', o.px));
    if (o.exat !== undefined) args.push('EXAT', unixSeconds('exat', o.exat));
    if (o.pxat !== undefined) args.push('PXAT', unixMilliseconds('pxat', o.pxat));
    if (o.persist) args.push('PERSIST');
    return args;
  },
  returns: returns<Bulk | null>(),
});

export const getrange = defineCommand({ name: 'GETRANGE', returns: returns<Bulk>() });

/** GETSET (deprecated since Redis 6.2 in favour of SET ... GET): the old value or null. */
export const getset = defineCommand({ name: 'GETSET', returns: returns<Bulk | null>() });

/** INCR, or INCRBY when an amount is given (redis-py's `incr(name, amount=1)`). */
export const incr = defineCommand({
  name: 'INCR',
  build: (name: KeyArg, amount?: number | bigint) =>
    amount === undefined
      ? ['INCR', key('name', name)]
      : ['INCRBY', key('name', name), integer('amount', amount)],
  returns: returns<number>(),
});

export const incrby = defineCommand({
  name: 'INCRBY',
  build: (name: KeyArg, amount: number | bigint = 1) => [
    'INCRBY',
    key('name', name),
    integer('amount', amount),
  ],
  returns: returns<number>(),
});

/** INCRBYFLOAT: the new value as a number (redis-py's float). */
export const incrbyfloat = defineCommand({
  name: 'INCRBYFLOAT',
  build: (name: KeyArg, amount: number = 1) => [
    'INCRBYFLOAT',
    key('name', name),
    number('amount', amount),
  ],
  reply: (reply) => toNumberOrNull(reply),
  returns: returns<number>(),
});

export interface LcsOptions {
  /** Only the length of the match (LEN). */
  len?: boolean;
  /** The matching ranges (IDX). */
  idx?: boolean;
  /** With `idx`: only matches at least this long (MINMATCHLEN). */
  minmatchlen?: number;
  /** With `idx`: give each match's length too (WITHMATCHLEN). */
  withmatchlen?: boolean;
}

/** A range `[start, end]` in each string, and with `withmatchlen` the match's length. */
export type LcsMatch = [a: [number, number], b: [number, number]] | [a: [number, number], b: [number, number], length: number];
/** LCS with `idx`: the same object under RESP2 (a flat list there) and RESP3 (a map). */
export interface LcsIdxResult {
  matches: LcsMatch[];
  len: number;
}

function lcsIdx(reply: RespValue): LcsIdxResult {
  const fields = pairsToObject(reply);
  const { matches, len } = fields;
  if (!Array.isArray(matches) || typeof len !== 'number') throw new ProtocolError('LCS: expected matches and len');
  return { matches: matches as LcsMatch[], len };
}

/**
 * LCS: the common subsequence; with `len` its length; with `idx` `{ matches, len }` (an object
 * under both protocols; redis-py gives RESP2's flat list as it came).
 */
export const lcs = defineCommand({
  name: 'LCS',
  options: trailingOptions(2, { len: 'flag', idx: 'flag', minmatchlen: true, withmatchlen: 'flag' }),
  build: (key1: KeyArg, key2: KeyArg, lcsOptions: LcsOptions = {}) => {
    const o = options(lcsOptions);
    exclusive(o, ['len', 'idx']);
    const args: CommandArg[] = ['LCS', key('key1', key1), key('key2', key2)];
    if (o.len) args.push('LEN');
    if (o.idx) args.push('IDX');
    if (!o.idx && (o.minmatchlen !== undefined || o.withmatchlen)) {
      throw new DataError(`${building()}: options 'minmatchlen' and 'withmatchlen' need 'idx'`);
    }
    if (o.minmatchlen !== undefined) args.push('MINMATCHLEN', nonNegative('minmatchlen', o.minmatchlen));
    if (o.withmatchlen) args.push('WITHMATCHLEN');
    return args;
  },
  reply: (reply, o) => (o.idx ? lcsIdx(reply) : reply),
  returns: returns<Bulk | number | LcsIdxResult>(),
});

/**
 * MGET: `mget(['a', 'b'])`, `mget('a', 'b')` or both mixed, as redis-py's `mget(keys, *args)`.
 * No keys at all (`mget([])`) is `[]` without asking the server, as redis-py answers it.
 */
export const mget = defineCommand({
  name: 'MGET',
  build: (keys: KeyArg | readonly KeyArg[], ...args: KeyArg[]) =>
    Array.isArray(keys) && keys.length === 0 && args.length === 0 ? ['MGET'] : ['MGET', ...keyList('keys', keys, args)],
  localReply: (command) => (command.length === 1 ? [] : undefined),
  returns: returns<(Bulk | null)[]>(),
});

/** Key/value pairs of MSET and MSETNX: a plain object or a Map. */
export type Mapping = Readonly<Record<string, ValueArg>> | ReadonlyMap<KeyArg, ValueArg>;

function mappingArgs(command: string, mapping: unknown): CommandArg[] {
  const out: CommandArg[] = [command];
  if (mapping instanceof Map) {
    for (const [k, v] of mapping) out.push(key('mapping', k), value('mapping', v));
  } else if (mapping !== null && typeof mapping === 'object' && !Array.isArray(mapping) && !Buffer.isBuffer(mapping)) {
    for (const [k, v] of Object.entries(mapping)) out.push(k, value('mapping', v));
  } else {
    throw new DataError(`${command}: argument 'mapping' must be an object or a Map`);
  }
  if (out.length === 1) throw new DataError(`${command}: argument 'mapping' must not be empty`);
  return out;
}

/** MSET: `true` (redis-py's bool for OK). */
export const mset = defineCommand({
  name: 'MSET',
  build: (mapping: Mapping) => mappingArgs('MSET', mapping),
  reply: (reply) => okToBoolean(reply),
  returns: returns<boolean>(),
});

/** MSETNX: `true` when every key was set, `false` when none was (one existed). */
export const msetnx = defineCommand({
  name: 'MSETNX',
  build: (mapping: Mapping) => mappingArgs('MSETNX', mapping),
  reply: (reply) => integerToBoolean(reply),
  returns: returns<boolean>(),
});

/** PSETEX (deprecated since Redis 2.6.12): `true`. */
export const psetex = defineCommand({
  name: 'PSETEX',
  reply: (reply) => okToBoolean(reply),
  returns: returns<boolean>(),
});

/** SETEX (deprecated since Redis 2.6.12): `true`. */
export const setex = defineCommand({
  name: 'SETEX',
  reply: (reply) => okToBoolean(reply),
  returns: returns<boolean>(),
});

/** SETNX (deprecated since Redis 2.6.12): `true` when set. */
export const setnx = defineCommand({
  name: 'SETNX',
  reply: (reply) => integerToBoolean(reply),
  returns: returns<boolean>(),
});

export const setrange = defineCommand({
  name: 'SETRANGE',
  build: (name: KeyArg, offset: number, val: ValueArg) => [
    'SETRANGE',
    key('name', name),
    nonNegative('offset', offset),
    value('value', val),
  ],
  returns: returns<number>(),
});

export const strlen = defineCommand({ name: 'STRLEN', returns: returns<number>() });

/** SUBSTR (deprecated since Redis 2.0, GETRANGE's old name); `end` defaults to -1 as in redis-py. */
export const substr = defineCommand({
  name: 'SUBSTR',
  build: (name: KeyArg, start: number, end: number = -1) => [
    'SUBSTR',
    key('name', name),
    integer('start', start),
    integer('end', end),
  ],
  returns: returns<Bulk>(),
});

/** Signatures that depend on an option; methods.ts merges them into SignatureOverrides. */
export interface StringSignatures<D extends boolean> {
  set(name: KeyArg, value: ValueArg, options: SetOptions & { get: true }): Promise<Decoded<Bulk, D> | null>;
  set(name: KeyArg, value: ValueArg, options?: SetOptions & { get?: false }): Promise<boolean | null>;
  set(name: KeyArg, value: ValueArg, options?: SetOptions): Promise<Decoded<Bulk, D> | boolean | null>;
  lcs(key1: KeyArg, key2: KeyArg, options: LcsOptions & { len: true }): Promise<number>;
  lcs(key1: KeyArg, key2: KeyArg, options: LcsOptions & { idx: true }): Promise<LcsIdxResult>;
  lcs(key1: KeyArg, key2: KeyArg, options?: LcsOptions & { len?: false; idx?: false }): Promise<Decoded<Bulk, D>>;
  lcs(key1: KeyArg, key2: KeyArg, options?: LcsOptions): Promise<Decoded<Bulk, D> | number | LcsIdxResult>;
}
