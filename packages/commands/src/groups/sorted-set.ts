/**
 * The sorted-set commands (group 'sorted_set' in the Redis command specifications).
 * Every export is a command declaration; the export name is the method name.
 * Scores are numbers under both protocols (RESP2 sends them as text); WITHSCORES replies are
 * `[member, score]` pairs (RESP2's flat arrays are paired up), as redis-py's zset_score_pairs.
 */
import { building } from '../building.js';
import { DataError, type CommandArg, type RespValue } from '@aredis/resp-parser';
import { defineCommand, trailingOptions, returns, type Bulk, type Decoded, type KeyArg, type ValueArg } from '../define.js';
import { exclusive, integer, key, nonNegative, positive, value } from '../args.js';
import { oneOf } from '../group-args.js';
import { cursorValue, entries, keyList, limit, scanArgs, score, timeout, valueList, type ScanOptions } from '../collection-args.js';
import { castScorePairs, scanCursor, scorePairs, toNumberOrNull, toNumbersOrNulls } from '../callbacks.js';

/** A score, or a score bound: a number (±Infinity too) or Redis's text (`'(1.5'`, `'-inf'`, `'+inf'`). */
export type Score = number | string;
/** A lexicographic bound: `'[a'`, `'(a'`, `'-'`, `'+'`. */
export type LexBound = string | Buffer;
/** Members → scores: a plain object, or a Map (Buffer members need a Map). */
export type ZMapping = Readonly<Record<string, Score>> | ReadonlyMap<KeyArg, Score>;
/** Keys of ZUNION/ZINTER/ZDIFF: a key, an array of keys, or keys → weights (redis-py's dict form). */
export type ZKeys = KeyArg | readonly KeyArg[] | Readonly<Record<string, number>> | ReadonlyMap<KeyArg, number>;
export type Aggregate = 'SUM' | 'MIN' | 'MAX' | 'sum' | 'min' | 'max';

export interface ZAddOptions {
  /** Only add new members. */
  nx?: boolean;
  /** Only update existing members. */
  xx?: boolean;
  /** Only update when the new score is greater. */
  gt?: boolean;
  /** Only update when the new score is less. */
  lt?: boolean;
  /** Count changed members, not only added ones. */
  ch?: boolean;
  /** Increment the one member's score (like ZINCRBY): the new score, or null when a condition stopped it. */
  incr?: boolean;
}

export interface ZRangeOptions {
  /** Reverse order (REV); with byscore/bylex, `start` is then the high bound. */
  rev?: boolean;
  /** redis-py's name for `rev`. */
  desc?: boolean;
  /** `start`/`end` are scores. */
  byscore?: boolean;
  /** `start`/`end` are lexicographic bounds. */
  bylex?: boolean;
  /** LIMIT offset (with `num`, and byscore or bylex). */
  offset?: number;
  /** LIMIT count (with `offset`). */
  num?: number;
  /** `[member, score]` pairs. */
  withscores?: boolean;
  /** redis-py's score_cast_func: makes each score (given as its text) with withscores; default a number. */
  scoreCastFunc?: ScoreCast<unknown>;
}
export type ZRangeStoreOptions = Omit<ZRangeOptions, 'withscores' | 'scoreCastFunc'>;

export interface ZRangeByScoreOptions {
  /** LIMIT offset (with `num`). */
  start?: number;
  /** LIMIT count (with `start`). */
  num?: number;
  withscores?: boolean;
  /** redis-py's score_cast_func: makes each score (given as its text) with withscores; default a number. */
  scoreCastFunc?: ScoreCast<unknown>;
}
export type ZRangeByLexOptions = Omit<ZRangeByScoreOptions, 'withscores' | 'scoreCastFunc'>;

/** A score cast (redis-py's score_cast_func): gets the score's text (`'1.5'`, `'inf'`). */
export type ScoreCast<S> = (score: string) => S;

/** The options of ZREVRANGE. */
export interface ZRevRangeOptions {
  withscores?: boolean;
  /** redis-py's score_cast_func: makes each score (given as its text) with withscores; default a number. */
  scoreCastFunc?: ScoreCast<unknown>;
}

export interface ZCombineOptions {
  /** How scores of a member in several sets combine (SUM by default). */
  aggregate?: Aggregate;
  /** A weight per key, in order (or give keys as `{ key: weight }`). */
  weights?: readonly number[];
}
export interface ZCombineReadOptions extends ZCombineOptions {
  withscores?: boolean;
}

export interface ZMPopOptions {
  /** Pop the lowest scores. */
  min?: boolean;
  /** Pop the highest scores. */
  max?: boolean;
  /** Up to this many members (default 1). */
  count?: number;
}

const withscoresReply = (reply: RespValue, options: Readonly<Record<string, unknown>>) =>
  options.withscores === true ? castScorePairs(reply, options.scoreCastFunc as ScoreCast<unknown> | undefined) : reply;

/** `scoreCastFunc` is a function, and shapes scores only: it needs withscores. */
function checkScoreCast(options: { withscores?: boolean; scoreCastFunc?: unknown }): void {
  if (options.scoreCastFunc === undefined) return;
  if (typeof options.scoreCastFunc !== 'function') throw new DataError(`${building()}: option 'scoreCastFunc' must be a function`);
  if (options.withscores !== true) throw new DataError(`${building()}: option 'scoreCastFunc' needs 'withscores' (it shapes scores)`);
}

// ---- argument builders (not exported: every export of a group is a command) ----

function mappingArgs(mapping: unknown): CommandArg[] {
  const out: CommandArg[] = [];
  for (const [member, s] of entries<unknown>('mapping', mapping)) {
    out.push(score('mapping score', s), value('mapping member', member));
  }
  return out;
}

/** Keys (and weights, from `{ key: weight }` or `options.weights`) → `numkeys key... [WEIGHTS w...]`. */
function combineKeys(keys: unknown, weights: unknown): CommandArg[] {
  let list: KeyArg[];
  let w: unknown[] | undefined;
  const isMapping = keys instanceof Map || (keys !== null && typeof keys === 'object' && !Array.isArray(keys) && !Buffer.isBuffer(keys));
  if (isMapping) {
    if (weights !== undefined) throw new DataError(`${building()}: give weights either as '{ key: weight }' or as 'weights', not both`);
    const pairs = entries<unknown>('keys', keys);
    list = pairs.map(([k]) => k);
    w = pairs.map(([, v]) => v);
  } else {
    list = keyList('keys', keys);
    if (weights !== undefined) {
      if (!Array.isArray(weights) || weights.length !== list.length) {
        throw new DataError(`${building()}: option 'weights' must be an array with one weight per key (${list.length})`);
      }
      w = weights as unknown[];
    }
  }
  const args: CommandArg[] = [list.length, ...list];
  if (w !== undefined) args.push('WEIGHTS', ...w.map((x) => score('weights', x)));
  return args;
}

function combine(command: 'ZUNION' | 'ZINTER' | 'ZUNIONSTORE' | 'ZINTERSTORE', dest: unknown, keys: unknown, options: ZCombineReadOptions) {
  const args: CommandArg[] = [command];
  if (dest !== undefined) args.push(key('dest', dest));
  args.push(...combineKeys(keys, options.weights));
  if (options.aggregate !== undefined) args.push('AGGREGATE', oneOf('aggregate', ['SUM', 'MIN', 'MAX'] as const, options.aggregate));
  if (options.withscores) args.push('WITHSCORES');
  return args;
}

/** ZRANGE / ZRANGESTORE bounds and options, with redis-py's checks. */
function rangeArgs(start: unknown, end: unknown, options: ZRangeOptions): CommandArg[] {
  exclusive(options, ['byscore', 'bylex']);
  if (options.bylex && options.withscores) throw new DataError(`${building()}: option 'withscores' cannot be combined with 'bylex'`);
  checkScoreCast(options);
  const bounds: CommandArg[] = options.byscore
    ? [score('start', start), score('end', end)]
    : options.bylex
      ? [key('start', start), key('end', end)]
      : [integer('start', start), integer('end', end)];
  const args: CommandArg[] = [...bounds];
  if (options.byscore) args.push('BYSCORE');
  if (options.bylex) args.push('BYLEX');
  if (options.rev || options.desc) args.push('REV');
  const lim = limit(options.offset, options.num);
  if (lim.length > 0 && !options.byscore && !options.bylex) {
    throw new DataError(`${building()}: options 'offset' and 'num' need 'byscore' or 'bylex'`);
  }
  args.push(...lim);
  if (options.withscores) args.push('WITHSCORES');
  return args;
}

function mpopArgs(keys: unknown, options: ZMPopOptions): CommandArg[] {
  const list = keyList('keys', keys);
  exclusive(options, ['min', 'max']);
  if (!options.min && !options.max) throw new DataError(`${building()}: one of the options 'min' or 'max' is required`);
  const args: CommandArg[] = [list.length, ...list, options.min ? 'MIN' : 'MAX'];
  if (options.count !== undefined) args.push('COUNT', positive('count', options.count));
  return args;
}

const mpopReply = (reply: RespValue) => {
  if (reply === null) return null;
  const [name, members] = reply as [RespValue, RespValue];
  return [name, scorePairs(members)];
};

function popBuild(command: 'ZPOPMIN' | 'ZPOPMAX') {
  return (name: KeyArg, count?: number): CommandArg[] => {
    const args: CommandArg[] = [command, key('name', name)];
    if (count !== undefined) args.push(nonNegative('count', count));
    return args;
  };
}

function bpopBuild(command: 'BZPOPMIN' | 'BZPOPMAX') {
  return (keys: KeyArg | readonly KeyArg[], seconds: number = 0): CommandArg[] => [
    command,
    ...keyList('keys', keys),
    timeout(seconds),
  ];
}

const bpopReply = (reply: RespValue) => {
  if (reply === null) return null;
  const [name, member, s] = reply as [RespValue, RespValue, RespValue];
  return [name, member, toNumberOrNull(s)];
};

function rankBuild(command: 'ZRANK' | 'ZREVRANK') {
  return (name: KeyArg, val: ValueArg, options: { withscore?: boolean } = {}): CommandArg[] => {
    const args: CommandArg[] = [command, key('name', name), value('value', val)];
    if (options.withscore) args.push('WITHSCORE');
    return args;
  };
}

const rankReply = (reply: RespValue, options: Readonly<Record<string, unknown>>) => {
  if (options.withscore !== true || reply === null) return reply;
  const [rank, s] = reply as [RespValue, RespValue];
  return [rank, toNumberOrNull(s)];
};

function byScoreBuild(command: 'ZRANGEBYSCORE' | 'ZREVRANGEBYSCORE') {
  return (name: KeyArg, first: Score, second: Score, options: ZRangeByScoreOptions = {}): CommandArg[] => {
    const [a, b] = command === 'ZRANGEBYSCORE' ? ['min', 'max'] : ['max', 'min'];
    const args: CommandArg[] = [command, key('name', name), score(a!, first), score(b!, second)];
    checkScoreCast(options);
    if (options.withscores) args.push('WITHSCORES');
    args.push(...limit(options.start, options.num, ['start', 'num']));
    return args;
  };
}

function byLexBuild(command: 'ZRANGEBYLEX' | 'ZREVRANGEBYLEX') {
  return (name: KeyArg, first: LexBound, second: LexBound, options: ZRangeByLexOptions = {}): CommandArg[] => {
    const [a, b] = command === 'ZRANGEBYLEX' ? ['min', 'max'] : ['max', 'min'];
    return [
      command,
      key('name', name),
      key(a!, first),
      key(b!, second),
      ...limit(options.start, options.num, ['start', 'num']),
    ];
  };
}

// ---- the commands ----

/** BZMPOP timeout numkeys keys MIN|MAX [COUNT n]: `[key, [member, score][]]`, or null on timeout. */
export const bzmpop = defineCommand({
  name: 'BZMPOP',
  options: trailingOptions(2, { min: 'flag', max: 'flag', count: true }),
  build: (seconds: number, keys: KeyArg | readonly KeyArg[], options: ZMPopOptions) => [
    'BZMPOP',
    timeout(seconds),
    ...mpopArgs(keys, options ?? {}),
  ],
  reply: mpopReply,
  returns: returns<[Bulk, [Bulk, number][]] | null>(),
});

/** BZPOPMAX keys timeout: `[key, member, score]`, or null on timeout. */
export const bzpopmax = defineCommand({
  name: 'BZPOPMAX',
  build: bpopBuild('BZPOPMAX'),
  reply: bpopReply,
  returns: returns<[Bulk, Bulk, number] | null>(),
});

/** BZPOPMIN keys timeout: `[key, member, score]`, or null on timeout. */
export const bzpopmin = defineCommand({
  name: 'BZPOPMIN',
  build: bpopBuild('BZPOPMIN'),
  reply: bpopReply,
  returns: returns<[Bulk, Bulk, number] | null>(),
});

/**
 * ZADD name mapping [options]: the number of members added (changed, with `ch`); with `incr`,
 * the member's new score, or null when nx/xx/gt/lt stopped it.
 */
export const zadd = defineCommand({
  name: 'ZADD',
  options: trailingOptions(2, { nx: 'flag', xx: 'flag', gt: 'flag', lt: 'flag', ch: 'flag', incr: 'flag' }),
  build: (name: KeyArg, mapping: ZMapping, options: ZAddOptions = {}) => {
    exclusive(options, ['nx', 'xx']);
    exclusive(options, ['gt', 'lt']);
    exclusive(options, ['nx', 'gt']);
    exclusive(options, ['nx', 'lt']);
    const args: CommandArg[] = ['ZADD', key('name', name)];
    const pairs = mappingArgs(mapping);
    if (options.incr && pairs.length !== 2) throw new DataError(`${building()}: option 'incr' takes a mapping of exactly one member`);
    if (options.nx) args.push('NX');
    if (options.xx) args.push('XX');
    if (options.gt) args.push('GT');
    if (options.lt) args.push('LT');
    if (options.ch) args.push('CH');
    if (options.incr) args.push('INCR');
    return [...args, ...pairs];
  },
  // An integer without INCR; with it a double (RESP3), its text (RESP2) or null.
  reply: toNumberOrNull,
  returns: returns<number | null>(),
});

export const zcard = defineCommand({ name: 'ZCARD', returns: returns<number>() });

export const zcount = defineCommand({
  name: 'ZCOUNT',
  build: (name: KeyArg, min: Score, max: Score) => ['ZCOUNT', key('name', name), score('min', min), score('max', max)],
  returns: returns<number>(),
});

/** ZDIFF numkeys keys [WITHSCORES]: members of the first set not in the others. */
export const zdiff = defineCommand({
  name: 'ZDIFF',
  options: trailingOptions(1, { withscores: 'flag' }),
  build: (keys: KeyArg | readonly KeyArg[], options: { withscores?: boolean } = {}) => {
    const list = keyList('keys', keys);
    const args: CommandArg[] = ['ZDIFF', list.length, ...list];
    if (options.withscores) args.push('WITHSCORES');
    return args;
  },
  reply: withscoresReply,
  returns: returns<Bulk[] | [Bulk, number][]>(),
});

export const zdiffstore = defineCommand({
  name: 'ZDIFFSTORE',
  build: (dest: KeyArg, keys: KeyArg | readonly KeyArg[]) => {
    const list = keyList('keys', keys);
    return ['ZDIFFSTORE', key('dest', dest), list.length, ...list];
  },
  returns: returns<number>(),
});

/** ZINCRBY name amount value: the new score. (The spec types the increment as an integer; Redis takes a double.) */
export const zincrby = defineCommand({
  name: 'ZINCRBY',
  build: (name: KeyArg, amount: number, val: ValueArg) => [
    'ZINCRBY',
    key('name', name),
    score('amount', amount),
    value('value', val),
  ],
  reply: toNumberOrNull,
  returns: returns<number>(),
});

/** ZINTER numkeys keys [WEIGHTS] [AGGREGATE] [WITHSCORES]. */
export const zinter = defineCommand({
  name: 'ZINTER',
  options: trailingOptions(1, { withscores: 'flag', aggregate: true, weights: true }),
  build: (keys: ZKeys, options: ZCombineReadOptions = {}) => combine('ZINTER', undefined, keys, options),
  reply: withscoresReply,
  returns: returns<Bulk[] | [Bulk, number][]>(),
});

/** ZINTERCARD numkeys keys [LIMIT n] (numkeys is counted for you). */
export const zintercard = defineCommand({
  name: 'ZINTERCARD',
  options: trailingOptions(1, { limit: true }),
  build: (keys: KeyArg | readonly KeyArg[], options: { limit?: number } = {}) => {
    const list = keyList('keys', keys);
    const args: CommandArg[] = ['ZINTERCARD', list.length, ...list];
    if (options.limit !== undefined) args.push('LIMIT', nonNegative('limit', options.limit));
    return args;
  },
  returns: returns<number>(),
});

export const zinterstore = defineCommand({
  name: 'ZINTERSTORE',
  options: trailingOptions(2, { aggregate: true, weights: true }),
  build: (dest: KeyArg, keys: ZKeys, options: ZCombineOptions = {}) => combine('ZINTERSTORE', dest, keys, options),
  returns: returns<number>(),
});

export const zlexcount = defineCommand({
  name: 'ZLEXCOUNT',
  build: (name: KeyArg, min: LexBound, max: LexBound) => ['ZLEXCOUNT', key('name', name), key('min', min), key('max', max)],
  returns: returns<number>(),
});

/** ZMPOP numkeys keys MIN|MAX [COUNT n]: `[key, [member, score][]]`, or null when all are empty. */
export const zmpop = defineCommand({
  name: 'ZMPOP',
  options: trailingOptions(1, { min: 'flag', max: 'flag', count: true }),
  build: (keys: KeyArg | readonly KeyArg[], options: ZMPopOptions) => ['ZMPOP', ...mpopArgs(keys, options ?? {})],
  reply: mpopReply,
  returns: returns<[Bulk, [Bulk, number][]] | null>(),
});

/** ZMSCORE key members: a score or null per member. */
export const zmscore = defineCommand({
  name: 'ZMSCORE',
  build: (key_: KeyArg, members: readonly ValueArg[]) => ['ZMSCORE', key('key', key_), ...valueList('members', members)],
  reply: toNumbersOrNulls,
  returns: returns<(number | null)[]>(),
});

/** ZPOPMAX name [count]: `[member, score][]` (always pairs, as redis-py). */
export const zpopmax = defineCommand({
  name: 'ZPOPMAX',
  build: popBuild('ZPOPMAX'),
  reply: scorePairs,
  returns: returns<[Bulk, number][]>(),
});

/** ZPOPMIN name [count]: `[member, score][]` (always pairs, as redis-py). */
export const zpopmin = defineCommand({
  name: 'ZPOPMIN',
  build: popBuild('ZPOPMIN'),
  reply: scorePairs,
  returns: returns<[Bulk, number][]>(),
});

/** ZRANDMEMBER key [count [WITHSCORES]]: one member or null; an array with a count; pairs with withscores. */
export const zrandmember = defineCommand({
  name: 'ZRANDMEMBER',
  options: trailingOptions(2, { withscores: 'flag' }),
  build: (key_: KeyArg, count?: number, options: { withscores?: boolean } = {}) => {
    const args: CommandArg[] = ['ZRANDMEMBER', key('key', key_)];
    if (count !== undefined) args.push(integer('count', count));
    if (options.withscores) {
      if (count === undefined) throw new DataError(`${building()}: option 'withscores' needs a 'count'`);
      args.push('WITHSCORES');
    }
    return args;
  },
  reply: withscoresReply,
  returns: returns<Bulk | null | Bulk[] | [Bulk, number][]>(),
});

/** ZRANGE name start end [BYSCORE|BYLEX] [REV] [LIMIT offset num] [WITHSCORES]. */
export const zrange = defineCommand({
  name: 'ZRANGE',
  options: trailingOptions(3, {
    rev: 'flag',
    desc: 'flag',
    byscore: 'flag',
    bylex: 'flag',
    offset: true,
    num: true,
    withscores: 'flag',
    scoreCastFunc: true,
  }),
  build: (name: KeyArg, start: Score | LexBound, end: Score | LexBound, options: ZRangeOptions = {}) => [
    'ZRANGE',
    key('name', name),
    ...rangeArgs(start, end, options),
  ],
  reply: withscoresReply,
  returns: returns<Bulk[] | [Bulk, number][]>(),
});

/** ZRANGEBYLEX (deprecated since 6.2 for ZRANGE ... BYLEX) name min max [LIMIT start num]. */
export const zrangebylex = defineCommand({
  name: 'ZRANGEBYLEX',
  options: trailingOptions(3, { start: true, num: true }),
  build: byLexBuild('ZRANGEBYLEX'),
  returns: returns<Bulk[]>(),
});

/** ZRANGEBYSCORE (deprecated since 6.2 for ZRANGE ... BYSCORE) name min max [WITHSCORES] [LIMIT start num]. */
export const zrangebyscore = defineCommand({
  name: 'ZRANGEBYSCORE',
  options: trailingOptions(3, { start: true, num: true, withscores: 'flag', scoreCastFunc: true }),
  build: byScoreBuild('ZRANGEBYSCORE'),
  reply: withscoresReply,
  returns: returns<Bulk[] | [Bulk, number][]>(),
});

/** ZRANGESTORE dest name start end [BYSCORE|BYLEX] [REV] [LIMIT offset num]: the stored count. */
export const zrangestore = defineCommand({
  name: 'ZRANGESTORE',
  options: trailingOptions(4, { offset: true, num: true, rev: 'flag', desc: 'flag', byscore: 'flag', bylex: 'flag' }),
  build: (dest: KeyArg, name: KeyArg, start: Score | LexBound, end: Score | LexBound, options: ZRangeStoreOptions = {}) => [
    'ZRANGESTORE',
    key('dest', dest),
    key('name', name),
    ...rangeArgs(start, end, { ...options, withscores: false }),
  ],
  returns: returns<number>(),
});

/** ZRANK name value [WITHSCORE (Redis 7.2)]: the rank or null; with withscore `[rank, score]` or null. */
export const zrank = defineCommand({
  name: 'ZRANK',
  options: trailingOptions(2, { withscore: 'flag' }),
  build: rankBuild('ZRANK'),
  reply: rankReply,
  returns: returns<number | null | [number, number]>(),
});

export const zrem = defineCommand({ name: 'ZREM', returns: returns<number>() });

export const zremrangebylex = defineCommand({
  name: 'ZREMRANGEBYLEX',
  build: (name: KeyArg, min: LexBound, max: LexBound) => [
    'ZREMRANGEBYLEX',
    key('name', name),
    key('min', min),
    key('max', max),
  ],
  returns: returns<number>(),
});

export const zremrangebyrank = defineCommand({ name: 'ZREMRANGEBYRANK', returns: returns<number>() });

export const zremrangebyscore = defineCommand({
  name: 'ZREMRANGEBYSCORE',
  build: (name: KeyArg, min: Score, max: Score) => [
    'ZREMRANGEBYSCORE',
    key('name', name),
    score('min', min),
    score('max', max),
  ],
  returns: returns<number>(),
});

/** ZREVRANGE (deprecated since 6.2 for ZRANGE ... REV) name start end [WITHSCORES]. */
export const zrevrange = defineCommand({
  name: 'ZREVRANGE',
  options: trailingOptions(3, { withscores: 'flag', scoreCastFunc: true }),
  build: (name: KeyArg, start: number, end: number, options: ZRevRangeOptions = {}) => {
    const args: CommandArg[] = [
      'ZREVRANGE',
      key('name', name),
      integer('start', start),
      integer('end', end),
    ];
    checkScoreCast(options);
    if (options.withscores) args.push('WITHSCORES');
    return args;
  },
  reply: withscoresReply,
  returns: returns<Bulk[] | [Bulk, number][]>(),
});

/** ZREVRANGEBYLEX (deprecated since 6.2) name max min [LIMIT start num]. */
export const zrevrangebylex = defineCommand({
  name: 'ZREVRANGEBYLEX',
  options: trailingOptions(3, { start: true, num: true }),
  build: byLexBuild('ZREVRANGEBYLEX'),
  returns: returns<Bulk[]>(),
});

/** ZREVRANGEBYSCORE (deprecated since 6.2) name max min [WITHSCORES] [LIMIT start num]. */
export const zrevrangebyscore = defineCommand({
  name: 'ZREVRANGEBYSCORE',
  options: trailingOptions(3, { start: true, num: true, withscores: 'flag', scoreCastFunc: true }),
  build: byScoreBuild('ZREVRANGEBYSCORE'),
  reply: withscoresReply,
  returns: returns<Bulk[] | [Bulk, number][]>(),
});

/** ZREVRANK name value [WITHSCORE (Redis 7.2)]: the rank from the top or null; with withscore `[rank, score]`. */
export const zrevrank = defineCommand({
  name: 'ZREVRANK',
  options: trailingOptions(2, { withscore: 'flag' }),
  build: rankBuild('ZREVRANK'),
  reply: rankReply,
  returns: returns<number | null | [number, number]>(),
});

/** ZSCAN → `[cursor, [member, score][]]` (redis-py's `(cursor, list of tuples)`). */
export const zscan = defineCommand({
  name: 'ZSCAN',
  options: trailingOptions(2, { match: true, count: true }),
  build: (name: KeyArg, cursor: number | string = 0, options: ScanOptions = {}) => [
    'ZSCAN',
    key('name', name),
    cursorValue(cursor),
    ...scanArgs(options),
  ],
  reply: (reply: RespValue) => {
    const [next, items] = reply as [RespValue, RespValue];
    return [scanCursor(next), scorePairs(items)];
  },
  returns: returns<[number | string, [Bulk, number][]]>(),
});

export const zscore = defineCommand({ name: 'ZSCORE', reply: toNumberOrNull, returns: returns<number | null>() });

/** ZUNION numkeys keys [WEIGHTS] [AGGREGATE] [WITHSCORES]. */
export const zunion = defineCommand({
  name: 'ZUNION',
  options: trailingOptions(1, { withscores: 'flag', aggregate: true, weights: true }),
  build: (keys: ZKeys, options: ZCombineReadOptions = {}) => combine('ZUNION', undefined, keys, options),
  reply: withscoresReply,
  returns: returns<Bulk[] | [Bulk, number][]>(),
});

export const zunionstore = defineCommand({
  name: 'ZUNIONSTORE',
  options: trailingOptions(2, { aggregate: true, weights: true }),
  build: (dest: KeyArg, keys: ZKeys, options: ZCombineOptions = {}) => combine('ZUNIONSTORE', dest, keys, options),
  returns: returns<number>(),
});

type Scored<D extends boolean> = Decoded<[Bulk, number][], D>;
type CastScored<D extends boolean, S> = [Decoded<Bulk, D>, S][];
type CastTo<S> = { withscores: true; scoreCastFunc: ScoreCast<S> };
type Members<D extends boolean> = Decoded<Bulk[], D>;
type WithScores = { withscores: true };
type NoScores = { withscores?: false };

/** Signatures that depend on an option; methods.ts merges them into SignatureOverrides. */
export interface SortedSetSignatures<D extends boolean> {
  zadd(name: KeyArg, mapping: ZMapping, options: ZAddOptions & { incr: true }): Promise<number | null>;
  zadd(name: KeyArg, mapping: ZMapping, options?: ZAddOptions & { incr?: false }): Promise<number>;
  zadd(name: KeyArg, mapping: ZMapping, options?: ZAddOptions): Promise<number | null>;

  zrange<S>(name: KeyArg, start: Score | LexBound, end: Score | LexBound, options: ZRangeOptions & CastTo<S>): Promise<CastScored<D, S>>;
  zrange(name: KeyArg, start: Score | LexBound, end: Score | LexBound, options: ZRangeOptions & WithScores): Promise<Scored<D>>;
  zrange(name: KeyArg, start: Score | LexBound, end: Score | LexBound, options?: ZRangeOptions & NoScores): Promise<Members<D>>;
  zrange(name: KeyArg, start: Score | LexBound, end: Score | LexBound, options?: ZRangeOptions): Promise<Members<D> | Scored<D>>;

  zrangebyscore<S>(name: KeyArg, min: Score, max: Score, options: ZRangeByScoreOptions & CastTo<S>): Promise<CastScored<D, S>>;
  zrangebyscore(name: KeyArg, min: Score, max: Score, options: ZRangeByScoreOptions & WithScores): Promise<Scored<D>>;
  zrangebyscore(name: KeyArg, min: Score, max: Score, options?: ZRangeByScoreOptions & NoScores): Promise<Members<D>>;
  zrangebyscore(name: KeyArg, min: Score, max: Score, options?: ZRangeByScoreOptions): Promise<Members<D> | Scored<D>>;

  zrevrangebyscore<S>(name: KeyArg, max: Score, min: Score, options: ZRangeByScoreOptions & CastTo<S>): Promise<CastScored<D, S>>;
  zrevrangebyscore(name: KeyArg, max: Score, min: Score, options: ZRangeByScoreOptions & WithScores): Promise<Scored<D>>;
  zrevrangebyscore(name: KeyArg, max: Score, min: Score, options?: ZRangeByScoreOptions & NoScores): Promise<Members<D>>;
  zrevrangebyscore(name: KeyArg, max: Score, min: Score, options?: ZRangeByScoreOptions): Promise<Members<D> | Scored<D>>;

  zrevrange<S>(name: KeyArg, start: number, end: number, options: CastTo<S>): Promise<CastScored<D, S>>;
  zrevrange(name: KeyArg, start: number, end: number, options: WithScores): Promise<Scored<D>>;
  zrevrange(name: KeyArg, start: number, end: number, options?: NoScores): Promise<Members<D>>;
  zrevrange(name: KeyArg, start: number, end: number, options?: ZRevRangeOptions): Promise<Members<D> | Scored<D> | CastScored<D, unknown>>;

  zunion(keys: ZKeys, options: ZCombineReadOptions & WithScores): Promise<Scored<D>>;
  zunion(keys: ZKeys, options?: ZCombineReadOptions & NoScores): Promise<Members<D>>;
  zunion(keys: ZKeys, options?: ZCombineReadOptions): Promise<Members<D> | Scored<D>>;

  zinter(keys: ZKeys, options: ZCombineReadOptions & WithScores): Promise<Scored<D>>;
  zinter(keys: ZKeys, options?: ZCombineReadOptions & NoScores): Promise<Members<D>>;
  zinter(keys: ZKeys, options?: ZCombineReadOptions): Promise<Members<D> | Scored<D>>;

  zdiff(keys: KeyArg | readonly KeyArg[], options: WithScores): Promise<Scored<D>>;
  zdiff(keys: KeyArg | readonly KeyArg[], options?: NoScores): Promise<Members<D>>;
  zdiff(keys: KeyArg | readonly KeyArg[], options?: { withscores?: boolean }): Promise<Members<D> | Scored<D>>;

  zrandmember(key: KeyArg): Promise<Decoded<Bulk | null, D>>;
  zrandmember(key: KeyArg, count: number, options: WithScores): Promise<Scored<D>>;
  zrandmember(key: KeyArg, count: number, options?: NoScores): Promise<Members<D>>;
  zrandmember(key: KeyArg, count?: number, options?: { withscores?: boolean }): Promise<Decoded<Bulk | null, D> | Members<D> | Scored<D>>;

  zrank(name: KeyArg, value: ValueArg, options: { withscore: true }): Promise<[number, number] | null>;
  zrank(name: KeyArg, value: ValueArg, options?: { withscore?: false }): Promise<number | null>;
  zrank(name: KeyArg, value: ValueArg, options?: { withscore?: boolean }): Promise<number | null | [number, number]>;
  zrevrank(name: KeyArg, value: ValueArg, options: { withscore: true }): Promise<[number, number] | null>;
  zrevrank(name: KeyArg, value: ValueArg, options?: { withscore?: false }): Promise<number | null>;
  zrevrank(name: KeyArg, value: ValueArg, options?: { withscore?: boolean }): Promise<number | null | [number, number]>;
}
