/**
 * The list commands (group 'list' in the Redis command specifications).
 * Every export is a command declaration; the export name is the method name.
 */
import { DataError, type CommandArg } from '@aredis/resp-parser';
import { building } from '../building.js';
import { defineCommand, trailingOptions, returns, type Bulk, type Decoded, type KeyArg, type ValueArg } from '../define.js';
import { integer, key, nonNegative, positive, value } from '../args.js';
import { oneOf } from '../group-args.js';
import { keyList, timeout } from '../collection-args.js';
import { okToBoolean } from '../callbacks.js';

/** A list end: `LEFT` (head) or `RIGHT` (tail), any case. */
export type ListEnd = 'LEFT' | 'RIGHT' | 'left' | 'right';
const ENDS = ['LEFT', 'RIGHT'] as const;

export interface LPosOptions {
  /** Which match to start from: 1 the first, -1 the last, 2 the second... */
  rank?: number;
  /** Return up to this many positions (0: all) as an array. */
  count?: number;
  /** Compare at most this many elements. */
  maxlen?: number;
}

export interface MPopOptions {
  /** Pop up to this many elements (default 1). */
  count?: number;
}

function countArg(options: MPopOptions | undefined): CommandArg[] {
  if (options?.count === undefined) return [];
  return ['COUNT', positive('count', options.count)];
}

/** BLPOP keys timeout: `[key, value]`, or null when the timeout passed. */
export const blpop = defineCommand({
  name: 'BLPOP',
  build: (keys: KeyArg | readonly KeyArg[], seconds: number = 0) => ['BLPOP', ...keyList('keys', keys), timeout(seconds)],
  returns: returns<[Bulk, Bulk] | null>(),
});

/** BRPOP keys timeout: `[key, value]`, or null when the timeout passed. */
export const brpop = defineCommand({
  name: 'BRPOP',
  build: (keys: KeyArg | readonly KeyArg[], seconds: number = 0) => ['BRPOP', ...keyList('keys', keys), timeout(seconds)],
  returns: returns<[Bulk, Bulk] | null>(),
});

/** BRPOPLPUSH (deprecated since 6.2 for BLMOVE): the moved value, or null on timeout. */
export const brpoplpush = defineCommand({
  name: 'BRPOPLPUSH',
  build: (src: KeyArg, dst: KeyArg, seconds: number = 0) => [
    'BRPOPLPUSH',
    key('src', src),
    key('dst', dst),
    timeout(seconds),
  ],
  returns: returns<Bulk | null>(),
});

/** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout: the moved value, or null on timeout. */
export const blmove = defineCommand({
  name: 'BLMOVE',
  build: (firstList: KeyArg, secondList: KeyArg, seconds: number, src: ListEnd = 'LEFT', dest: ListEnd = 'RIGHT') => [
    'BLMOVE',
    key('first_list', firstList),
    key('second_list', secondList),
    oneOf('src', ENDS, src),
    oneOf('dest', ENDS, dest),
    timeout(seconds),
  ],
  returns: returns<Bulk | null>(),
});

/** BLMPOP timeout numkeys keys LEFT|RIGHT [COUNT n]: `[key, values]`, or null on timeout. */
export const blmpop = defineCommand({
  name: 'BLMPOP',
  options: trailingOptions(3, { count: true }),
  build: (seconds: number, keys: KeyArg | readonly KeyArg[], direction: ListEnd, options?: MPopOptions) => {
    const list = keyList('keys', keys);
    return [
      'BLMPOP',
      timeout(seconds),
      list.length,
      ...list,
      oneOf('direction', ENDS, direction),
      ...countArg(options),
    ];
  },
  returns: returns<[Bulk, Bulk[]] | null>(),
});

export const lindex = defineCommand({ name: 'LINDEX', returns: returns<Bulk | null>() });

/** LINSERT name BEFORE|AFTER refvalue value: the new length, -1 when refvalue is absent, 0 when the key is. */
export const linsert = defineCommand({
  name: 'LINSERT',
  build: (name: KeyArg, where: 'BEFORE' | 'AFTER' | 'before' | 'after', refvalue: ValueArg, val: ValueArg) => [
    'LINSERT',
    key('name', name),
    oneOf('where', ['BEFORE', 'AFTER'] as const, where),
    value('refvalue', refvalue),
    value('value', val),
  ],
  returns: returns<number>(),
});

export const llen = defineCommand({ name: 'LLEN', returns: returns<number>() });

/** LMOVE source destination LEFT|RIGHT LEFT|RIGHT: the moved value, or null when the source is empty. */
export const lmove = defineCommand({
  name: 'LMOVE',
  build: (firstList: KeyArg, secondList: KeyArg, src: ListEnd = 'LEFT', dest: ListEnd = 'RIGHT') => [
    'LMOVE',
    key('first_list', firstList),
    key('second_list', secondList),
    oneOf('src', ENDS, src),
    oneOf('dest', ENDS, dest),
  ],
  returns: returns<Bulk | null>(),
});

/** LMPOP numkeys keys LEFT|RIGHT [COUNT n]: `[key, values]`, or null when every list is empty. */
export const lmpop = defineCommand({
  name: 'LMPOP',
  options: trailingOptions(2, { count: true }),
  build: (keys: KeyArg | readonly KeyArg[], direction: ListEnd, options?: MPopOptions) => {
    const list = keyList('keys', keys);
    return ['LMPOP', list.length, ...list, oneOf('direction', ENDS, direction), ...countArg(options)];
  },
  returns: returns<[Bulk, Bulk[]] | null>(),
});

function popBuild(command: 'LPOP' | 'RPOP') {
  return (name: KeyArg, count?: number): CommandArg[] => {
    const args: CommandArg[] = [command, key('name', name)];
    if (count !== undefined) args.push(nonNegative('count', count));
    return args;
  };
}

/** LPOP name [count]: one value (or null); with a count, an array (or null when the key is absent). */
export const lpop = defineCommand({
  name: 'LPOP',
  build: popBuild('LPOP'),
  returns: returns<Bulk | Bulk[] | null>(),
});

/** LPOS name value [RANK r] [COUNT c] [MAXLEN m]: a position or null; with `count`, an array of positions. */
export const lpos = defineCommand({
  name: 'LPOS',
  options: trailingOptions(2, { rank: true, count: true, maxlen: true }),
  build: (name: KeyArg, val: ValueArg, options: LPosOptions = {}) => {
    const args: CommandArg[] = ['LPOS', key('name', name), value('value', val)];
    if (options.rank !== undefined) {
      const rank = integer('rank', options.rank);
      if (rank === 0 || rank === 0n) throw new DataError(`${building()}: argument 'rank' must not be 0`);
      args.push('RANK', rank);
    }
    if (options.count !== undefined) args.push('COUNT', nonNegative('count', options.count));
    if (options.maxlen !== undefined) args.push('MAXLEN', nonNegative('maxlen', options.maxlen));
    return args;
  },
  returns: returns<number | null | number[]>(),
});

export const lpush = defineCommand({ name: 'LPUSH', returns: returns<number>() });
export const lpushx = defineCommand({ name: 'LPUSHX', returns: returns<number>() });

export const lrange = defineCommand({ name: 'LRANGE', returns: returns<Bulk[]>() });

export const lrem = defineCommand({ name: 'LREM', returns: returns<number>() });

/** LSET: true (an out-of-range index or missing key is a ResponseError). */
export const lset = defineCommand({ name: 'LSET', reply: okToBoolean, returns: returns<boolean>() });

/** LTRIM: true. */
export const ltrim = defineCommand({ name: 'LTRIM', reply: okToBoolean, returns: returns<boolean>() });

/** RPOP name [count]: one value (or null); with a count, an array (or null when the key is absent). */
export const rpop = defineCommand({
  name: 'RPOP',
  build: popBuild('RPOP'),
  returns: returns<Bulk | Bulk[] | null>(),
});

/** RPOPLPUSH (deprecated since 6.2 for LMOVE): the moved value, or null when src is empty. */
export const rpoplpush = defineCommand({ name: 'RPOPLPUSH', returns: returns<Bulk | null>() });

export const rpush = defineCommand({ name: 'RPUSH', returns: returns<number>() });
export const rpushx = defineCommand({ name: 'RPUSHX', returns: returns<number>() });

/** Signatures that depend on an option; methods.ts merges them into SignatureOverrides. */
export interface ListSignatures<D extends boolean> {
  lpop(name: KeyArg): Promise<Decoded<Bulk | null, D>>;
  lpop(name: KeyArg, count: number): Promise<Decoded<Bulk[] | null, D>>;
  lpop(name: KeyArg, count?: number): Promise<Decoded<Bulk | Bulk[] | null, D>>;
  rpop(name: KeyArg): Promise<Decoded<Bulk | null, D>>;
  rpop(name: KeyArg, count: number): Promise<Decoded<Bulk[] | null, D>>;
  rpop(name: KeyArg, count?: number): Promise<Decoded<Bulk | Bulk[] | null, D>>;
  lpos(name: KeyArg, value: ValueArg, options: LPosOptions & { count: number }): Promise<number[]>;
  lpos(name: KeyArg, value: ValueArg, options?: LPosOptions & { count?: undefined }): Promise<number | null>;
  lpos(name: KeyArg, value: ValueArg, options?: LPosOptions): Promise<number | null | number[]>;
}
