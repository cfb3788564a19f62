/**
 * The set commands (group 'set' in the Redis command specifications).
 * Every export is a command declaration; the export name is the method name.
 * RESP3 sends set replies as Sets; they are arrays here under both protocols (redis-py gives a
 * Python set, but an array is what a JS caller indexes and what RESP2 sends).
 */
import type { CommandArg, RespValue } from '@aredis/resp-parser';
import { defineCommand, trailingOptions, returns, type Bulk, type Decoded, type KeyArg, type ValueArg } from '../define.js';
import { integer, key, nonNegative } from '../args.js';
import { cursorValue, keyList, scanArgs, valueList, type ScanOptions } from '../collection-args.js';
import { arrayOrEmpty, integerToBoolean, integersToBooleans, scanCursor, toArray } from '../callbacks.js';

type Keys = KeyArg | readonly KeyArg[];

export const sadd = defineCommand({ name: 'SADD', returns: returns<number>() });

export const scard = defineCommand({ name: 'SCARD', returns: returns<number>() });

function setOp(command: 'SDIFF' | 'SINTER' | 'SUNION') {
  return (keys: Keys, ...args: KeyArg[]): CommandArg[] => [command, ...keyList('keys', keys, args)];
}

function setStore(command: 'SDIFFSTORE' | 'SINTERSTORE' | 'SUNIONSTORE') {
  return (dest: KeyArg, keys: Keys, ...args: KeyArg[]): CommandArg[] => [
    command,
    key('dest', dest),
    ...keyList('keys', keys, args),
  ];
}

/** SDIFF keys [...more]: the members of the first set not in the others, as an array. */
export const sdiff = defineCommand({
  name: 'SDIFF',
  build: setOp('SDIFF'),
  reply: arrayOrEmpty,
  returns: returns<Bulk[]>(),
});

export const sdiffstore = defineCommand({ name: 'SDIFFSTORE', build: setStore('SDIFFSTORE'), returns: returns<number>() });

export const sinter = defineCommand({
  name: 'SINTER',
  build: setOp('SINTER'),
  reply: arrayOrEmpty,
  returns: returns<Bulk[]>(),
});

/** SINTERCARD numkeys keys [LIMIT n]: the size of the intersection (numkeys is counted for you). */
export const sintercard = defineCommand({
  name: 'SINTERCARD',
  options: trailingOptions(1, { limit: true }),
  build: (keys: Keys, options: { limit?: number } = {}) => {
    const list = keyList('keys', keys);
    const args: CommandArg[] = ['SINTERCARD', list.length, ...list];
    if (options.limit !== undefined) args.push('LIMIT', nonNegative('limit', options.limit));
    return args;
  },
  returns: returns<number>(),
});

export const sinterstore = defineCommand({ name: 'SINTERSTORE', build: setStore('SINTERSTORE'), returns: returns<number>() });

export const sismember = defineCommand({ name: 'SISMEMBER', reply: integerToBoolean, returns: returns<boolean>() });

/** SMEMBERS: every member, as an array. */
export const smembers = defineCommand({ name: 'SMEMBERS', reply: arrayOrEmpty, returns: returns<Bulk[]>() });

/** SMISMEMBER name values [...more]: one boolean per value. */
export const smismember = defineCommand({
  name: 'SMISMEMBER',
  build: (name: KeyArg, values: ValueArg | readonly ValueArg[], ...args: ValueArg[]) => [
    'SMISMEMBER',
    key('name', name),
    ...valueList('values', values, args),
  ],
  reply: integersToBooleans,
  returns: returns<boolean[]>(),
});

export const smove = defineCommand({ name: 'SMOVE', reply: integerToBoolean, returns: returns<boolean>() });

/** SPOP name [count]: one member (or null); with a count, an array of members. */
export const spop = defineCommand({
  name: 'SPOP',
  build: (name: KeyArg, count?: number) => {
    const args: CommandArg[] = ['SPOP', key('name', name)];
    if (count !== undefined) args.push(nonNegative('count', count));
    return args;
  },
  reply: (reply: RespValue) => (reply instanceof Set ? [...reply] : reply),
  returns: returns<Bulk | null | Bulk[]>(),
});

/** SRANDMEMBER name [number]: one member (or null); with a number, an array (negative: may repeat). */
export const srandmember = defineCommand({
  name: 'SRANDMEMBER',
  build: (name: KeyArg, number?: number) => {
    const args: CommandArg[] = ['SRANDMEMBER', key('name', name)];
    if (number !== undefined) args.push(integer('number', number));
    return args;
  },
  reply: (reply: RespValue) => (reply instanceof Set ? [...reply] : reply),
  returns: returns<Bulk | null | Bulk[]>(),
});

export const srem = defineCommand({ name: 'SREM', returns: returns<number>() });

/** SSCAN → `[cursor, members]` (redis-py's `(cursor, list)`); cursor 0 means the scan is over. */
export const sscan = defineCommand({
  name: 'SSCAN',
  options: trailingOptions(2, { match: true, count: true }),
  build: (name: KeyArg, cursor: number | string = 0, options: ScanOptions = {}) => [
    'SSCAN',
    key('name', name),
    cursorValue(cursor),
    ...scanArgs(options),
  ],
  reply: (reply: RespValue) => {
    const [next, items] = reply as [RespValue, RespValue];
    return [scanCursor(next), toArray(items) ?? []];
  },
  returns: returns<[number | string, Bulk[]]>(),
});

export const sunion = defineCommand({
  name: 'SUNION',
  build: setOp('SUNION'),
  reply: arrayOrEmpty,
  returns: returns<Bulk[]>(),
});

export const sunionstore = defineCommand({ name: 'SUNIONSTORE', build: setStore('SUNIONSTORE'), returns: returns<number>() });

/** Signatures that depend on an option; methods.ts merges them into SignatureOverrides. */
export interface SetSignatures<D extends boolean> {
  spop(name: KeyArg): Promise<Decoded<Bulk | null, D>>;
  spop(name: KeyArg, count: number): Promise<Decoded<Bulk[], D>>;
  spop(name: KeyArg, count?: number): Promise<Decoded<Bulk | null | Bulk[], D>>;
  srandmember(name: KeyArg): Promise<Decoded<Bulk | null, D>>;
  srandmember(name: KeyArg, number: number): Promise<Decoded<Bulk[], D>>;
  srandmember(name: KeyArg, number?: number): Promise<Decoded<Bulk | null | Bulk[], D>>;
}
