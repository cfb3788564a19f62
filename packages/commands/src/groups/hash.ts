/**
 * The hash commands (group 'hash' in the Redis command specifications).
 * Every export is a command declaration; the export name is the method name.
 */
import { DataError, type CommandArg, type RespValue } from '@aredis/resp-parser';
import { building } from '../building.js';
import { defineCommand, trailingOptions, returns, type Bulk, type Decoded, type KeyArg, type ValueArg } from '../define.js';
import { integer, key, number, value } from '../args.js';
import { cursorValue, entries, scanArgs, valueList, type ScanOptions } from '../collection-args.js';
import {
  integerToBoolean,
  okToBoolean,
  pairs,
  pairsToObject,
  scanCursor,
  toNumberOrNull,
} from '../callbacks.js';

/** A hash given as fields → values: a plain object or a Map (Buffer fields need a Map). */
export type HashMapping = Readonly<Record<string, ValueArg>> | ReadonlyMap<KeyArg, ValueArg>;

export interface HSetOptions {
  /** More field → value pairs. */
  mapping?: HashMapping;
  /** More pairs as a flat list `[field1, value1, field2, value2]`. */
  items?: readonly ValueArg[];
}

export const hdel = defineCommand({ name: 'HDEL', returns: returns<number>() });

export const hexists = defineCommand({ name: 'HEXISTS', reply: integerToBoolean, returns: returns<boolean>() });

export const hget = defineCommand({ name: 'HGET', returns: returns<Bulk | null>() });

/** HGETALL → a plain object of field → value (a Map under RESP3, a flat array under RESP2). */
export const hgetall = defineCommand({
  name: 'HGETALL',
  reply: pairsToObject,
  returns: returns<Record<string, Bulk>>(),
});

export const hincrby = defineCommand({
  name: 'HINCRBY',
  build: (name: KeyArg, field: ValueArg, amount: number | bigint = 1) => [
    'HINCRBY',
    key('name', name),
    value('key', field),
    integer('amount', amount),
  ],
  returns: returns<number>(),
});

export const hincrbyfloat = defineCommand({
  name: 'HINCRBYFLOAT',
  build: (name: KeyArg, field: ValueArg, amount: number = 1.0) => [
    'HINCRBYFLOAT',
    key('name', name),
    value('key', field),
    number('amount', amount),
  ],
  reply: toNumberOrNull,
  returns: returns<number>(),
});

export const hkeys = defineCommand({ name: 'HKEYS', returns: returns<Bulk[]>() });

export const hlen = defineCommand({ name: 'HLEN', returns: returns<number>() });

/** HMGET name keys [...more]: `keys` is one field or an array of fields. */
export const hmget = defineCommand({
  name: 'HMGET',
  build: (name: KeyArg, keys: ValueArg | readonly ValueArg[], ...args: ValueArg[]) => [
    'HMGET',
    key('name', name),
    ...valueList('keys', keys, args),
  ],
  returns: returns<(Bulk | null)[]>(),
});

function mappingArgs(name: string, mapping: unknown): CommandArg[] {
  const out: CommandArg[] = [];
  for (const [field, v] of entries<unknown>(name, mapping)) {
    out.push(value(`${name} field`, field), value(`${name} value`, v));
  }
  return out;
}

/** HMSET (deprecated since Redis 4.0 in favour of HSET with many pairs): true. */
export const hmset = defineCommand({
  name: 'HMSET',
  build: (name: KeyArg, mapping: HashMapping) => ['HMSET', key('name', name), ...mappingArgs('mapping', mapping)],
  reply: okToBoolean,
  returns: returns<boolean>(),
});

/**
 * HRANDFIELD key [count [WITHVALUES]]: one field (or null) without a count, an array of fields
 * with one, `[field, value]` pairs with `withvalues` (RESP2's flat array is paired up).
 */
export const hrandfield = defineCommand({
  name: 'HRANDFIELD',
  options: trailingOptions(2, { withvalues: 'flag' }),
  build: (key_: KeyArg, count?: number, options: { withvalues?: boolean } = {}) => {
    const args: CommandArg[] = ['HRANDFIELD', key('key', key_)];
    if (count !== undefined) args.push(integer('count', count));
    if (options.withvalues) {
      if (count === undefined) throw new DataError(`${building()}: option 'withvalues' needs a 'count'`);
      args.push('WITHVALUES');
    }
    return args;
  },
  reply: (reply, options) => (options.withvalues === true ? pairs(reply) : reply),
  returns: returns<Bulk | null | Bulk[] | [Bulk, Bulk][]>(),
});

/**
 * HSCAN → `[cursor, { field: value }]` (redis-py's `(cursor, dict)`); cursor 0 means the scan is
 * over. The cursor is a number, or its decimal text beyond 2^53; either goes back in as is.
 */
export const hscan = defineCommand({
  name: 'HSCAN',
  options: trailingOptions(2, { match: true, count: true }),
  build: (name: KeyArg, cursorArg: number | string = 0, options: ScanOptions = {}) => [
    'HSCAN',
    key('name', name),
    cursorValue(cursorArg),
    ...scanArgs(options),
  ],
  reply: (reply) => {
    const [next, items] = reply as [RespValue, RespValue];
    return [scanCursor(next), pairsToObject(items)];
  },
  returns: returns<[number | string, Record<string, Bulk>]>(),
});

/**
 * HSET name key value [options] or HSET name mapping: the number of fields added. Pairs can
 * come as `key`/`value`, `options.mapping` and `options.items`, in any mix (as redis-py).
 */
export const hset = defineCommand({
  name: 'HSET',
  options: trailingOptions(3, { mapping: true, items: true }),
  build: (name: KeyArg, field: ValueArg | HashMapping, val?: ValueArg, options: HSetOptions = {}) => {
    const args: CommandArg[] = ['HSET', key('name', name)];
    if (val === undefined && isMapping(field)) return [...args, ...mappingArgs('mapping', field)];
    if (field !== undefined || val !== undefined) {
      if (field === undefined || val === undefined) throw new DataError(`${building()}: 'key' and 'value' must be given together`);
      args.push(value('key', field), value('value', val));
    }
    if (options.mapping !== undefined) args.push(...mappingArgs('mapping', options.mapping));
    if (options.items !== undefined) {
      const items = options.items as unknown;
      if (!Array.isArray(items) || items.length % 2 !== 0) {
        throw new DataError(`${building()}: option 'items' must be a flat array of field, value pairs`);
      }
      for (const item of items) args.push(value('items', item));
    }
    if (args.length === 2) throw new DataError(`${building()}: needs a 'key' and 'value', a 'mapping' or 'items'`);
    return args;
  },
  returns: returns<number>(),
});

export const hsetnx = defineCommand({ name: 'HSETNX', reply: integerToBoolean, returns: returns<boolean>() });

export const hstrlen = defineCommand({ name: 'HSTRLEN', returns: returns<number>() });

export const hvals = defineCommand({ name: 'HVALS', returns: returns<Bulk[]>() });

function isMapping(v: unknown): boolean {
  return v instanceof Map || (v !== null && typeof v === 'object' && !Buffer.isBuffer(v));
}

/** Signatures that depend on an option; methods.ts merges them into SignatureOverrides. */
export interface HashSignatures<D extends boolean> {
  hset(name: KeyArg, mapping: HashMapping): Promise<number>;
  hset(name: KeyArg, key: ValueArg, value: ValueArg, options?: HSetOptions): Promise<number>;
  hset(name: KeyArg, key: ValueArg | HashMapping, value?: ValueArg, options?: HSetOptions): Promise<number>;
  hrandfield(key: KeyArg): Promise<Decoded<Bulk | null, D>>;
  hrandfield(key: KeyArg, count: number, options?: { withvalues?: false }): Promise<Decoded<Bulk[], D>>;
  hrandfield(key: KeyArg, count: number, options: { withvalues: true }): Promise<Decoded<[Bulk, Bulk][], D>>;
  hrandfield(
    key: KeyArg,
    count?: number,
    options?: { withvalues?: boolean },
  ): Promise<Decoded<Bulk | null | Bulk[] | [Bulk, Bulk][], D>>;
}
