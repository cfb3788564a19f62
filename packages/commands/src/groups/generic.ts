/**
 * The generic commands (group 'generic' in the Redis command specifications): keys, expiry,
 * SCAN, SORT, OBJECT, DUMP/RESTORE, MIGRATE, WAIT. Every export is a command declaration; the
 * export name is the method name (DEL is `delete`).
 */
import { building } from '../building.js';
import { DataError, type CommandArg, type RespValue } from '@aredis/resp-parser';
import { defineCommand, trailingOptions, returns, type Bulk, type Decoded, type KeyArg } from '../define.js';
import { exclusive, integer, key, nonNegative, value } from '../args.js';
import { integerToBoolean, okToBoolean, scanReply } from '../callbacks.js';
import { keyList, options, pushInteger, unixMilliseconds, unixSeconds } from '../group-args.js';

const del = defineCommand({ name: 'DEL', returns: returns<number>() });
export { del as delete };

export const unlink = defineCommand({ name: 'UNLINK', returns: returns<number>() });

/** EXISTS: how many of the keys exist (a key named twice counts twice). */
export const exists = defineCommand({ name: 'EXISTS', returns: returns<number>() });

export const touch = defineCommand({ name: 'TOUCH', returns: returns<number>() });

/** EXPIRE family conditions (Redis 7.0): NX alone; XX with GT or LT allowed; not GT with LT. */
export interface ExpireOptions {
  /** Set only when the key has no expiry. */
  nx?: boolean;
  /** Set only when the key has an expiry. */
  xx?: boolean;
  /** Set only when the new expiry is later. */
  gt?: boolean;
  /** Set only when the new expiry is sooner. */
  lt?: boolean;
}

function expireArgs(command: string, name: unknown, time: CommandArg, given: ExpireOptions | undefined): CommandArg[] {
  const o = options(given);
  exclusive(o, ['nx', 'xx']);
  exclusive(o, ['nx', 'gt', 'lt']);
  const args: CommandArg[] = [command, key('name', name), time];
  if (o.nx) args.push('NX');
  if (o.xx) args.push('XX');
  if (o.gt) args.push('GT');
  if (o.lt) args.push('LT');
  return args;
}

/** EXPIRE: `true` when the timeout was set. */
export const expire = defineCommand({
  name: 'EXPIRE',
  options: trailingOptions(2, { nx: 'flag', xx: 'flag', gt: 'flag', lt: 'flag' }),
  build: (name: KeyArg, time: number, expireOptions?: ExpireOptions) =>
    expireArgs('EXPIRE', name, integer('time', time), expireOptions),
  reply: (reply) => integerToBoolean(reply),
  returns: returns<boolean>(),
});

export const pexpire = defineCommand({
  name: 'PEXPIRE',
  options: trailingOptions(2, { nx: 'flag', xx: 'flag', gt: 'flag', lt: 'flag' }),
  build: (name: KeyArg, time: number, expireOptions?: ExpireOptions) =>
    expireArgs('PEXPIRE', name, integer('time', time), expireOptions),
  reply: (reply) => integerToBoolean(reply),
  returns: returns<boolean>(),
});

/** EXPIREAT: `when` is a unix time in seconds or a Date. */
export const expireat = defineCommand({
  name: 'EXPIREAT',
  options: trailingOptions(2, { nx: 'flag', xx: 'flag', gt: 'flag', lt: 'flag' }),
  build: (name: KeyArg, when: number | Date, expireOptions?: ExpireOptions) =>
    expireArgs('EXPIREAT', name, unixSeconds('when', when), expireOptions),
  reply: (reply) => integerToBoolean(reply),
  returns: returns<boolean>(),
});

/** PEXPIREAT: `when` is a unix time in milliseconds or a Date. */
export const pexpireat = defineCommand({
  name: 'PEXPIREAT',
  options: trailingOptions(2, { nx: 'flag', xx: 'flag', gt: 'flag', lt: 'flag' }),
  build: (name: KeyArg, when: number | Date, expireOptions?: ExpireOptions) =>
    expireArgs('PEXPIREAT', name, unixMilliseconds('when', when), expireOptions),
  reply: (reply) => integerToBoolean(reply),
  returns: returns<boolean>(),
});

/** EXPIRETIME: unix seconds, -1 without expiry, -2 without key. */
export const expiretime = defineCommand({ name: 'EXPIRETIME', returns: returns<number>() });

export const pexpiretime = defineCommand({ name: 'PEXPIRETIME', returns: returns<number>() });

/** TTL: seconds, -1 without expiry, -2 without key. */
export const ttl = defineCommand({ name: 'TTL', returns: returns<number>() });

export const pttl = defineCommand({ name: 'PTTL', returns: returns<number>() });

/** PERSIST: `true` when a timeout was removed. */
export const persist = defineCommand({
  name: 'PERSIST',
  reply: (reply) => integerToBoolean(reply),
  returns: returns<boolean>(),
});

/** TYPE: `'string'`, `'list'`, ..., `'none'`; a status reply, so always a string. */
export const type = defineCommand({
  name: 'TYPE',
  reply: (reply) => String(reply),
  returns: returns<string>(),
});

/** RENAME: `true`. */
export const rename = defineCommand({
  name: 'RENAME',
  reply: (reply) => okToBoolean(reply),
  returns: returns<boolean>(),
});

/** RENAMENX: `true` when renamed, `false` when `dst` existed. */
export const renamenx = defineCommand({
  name: 'RENAMENX',
  reply: (reply) => integerToBoolean(reply),
  returns: returns<boolean>(),
});

export const keys = defineCommand({
  name: 'KEYS',
  build: (pattern: string | Buffer = '*') => ['KEYS', key('pattern', pattern)],
  returns: returns<Bulk[]>(),
});

export interface ScanOptions {
  /** Only keys matching this glob-style pattern (MATCH). */
  match?: string | Buffer;
  /** Work per call hint (COUNT). */
  count?: number;
  /** Only keys of this type, such as `'string'` or `'hash'` (TYPE; redis-py's `_type`). */
  type?: string;
}

/** A SCAN-family cursor: a number, or a decimal string beyond 2^53. */
export type Cursor = number | string;

function cursorArg(cursor: unknown): CommandArg {
  if (typeof cursor === 'string' && /^\d+$/.test(cursor)) return cursor;
  if (typeof cursor === 'bigint' && cursor >= 0n) return cursor;
  if (typeof cursor === 'number' && Number.isSafeInteger(cursor) && cursor >= 0) return cursor;
  throw new DataError(`${building()}: argument 'cursor' must be a non-negative integer or its decimal string`);
}

/** SCAN: `[cursor, keys]` as redis-py's `(cursor, list)`; cursor 0 means done. */
export const scan = defineCommand({
  name: 'SCAN',
  options: trailingOptions(1, { match: true, count: true, type: true }),
  build: (cursor: Cursor = 0, scanOptions?: ScanOptions) => {
    const o = options(scanOptions);
    const args: CommandArg[] = ['SCAN', cursorArg(cursor)];
    if (o.match !== undefined) args.push('MATCH', key('match', o.match));
    pushInteger(args, 'COUNT', 'count', o.count, 1);
    if (o.type !== undefined) args.push('TYPE', key('type', o.type));
    return args;
  },
  reply: (reply) => scanReply(reply),
  returns: returns<[cursor: Cursor, keys: Bulk[]]>(),
});

export const randomkey = defineCommand({ name: 'RANDOMKEY', returns: returns<Bulk | null>() });

export interface CopyOptions {
  /** Copy into this database (DB). */
  destinationDb?: number;
  /** Overwrite an existing destination (REPLACE). */
  replace?: boolean;
}

/** COPY: `true` when copied. */
export const copy = defineCommand({
  name: 'COPY',
  options: trailingOptions(2, { destinationDb: true, replace: 'flag' }),
  build: (source: KeyArg, destination: KeyArg, copyOptions?: CopyOptions) => {
    const o = options(copyOptions);
    const args: CommandArg[] = ['COPY', key('source', source), key('destination', destination)];
    pushInteger(args, 'DB', 'destinationDb', o.destinationDb);
    if (o.replace) args.push('REPLACE');
    return args;
  },
  reply: (reply) => integerToBoolean(reply),
  returns: returns<boolean>(),
});

/** MOVE: `true` when moved to database `db`. */
export const move = defineCommand({
  name: 'MOVE',
  build: (name: KeyArg, db: number) => ['MOVE', key('name', name), nonNegative('db', db)],
  reply: (reply) => integerToBoolean(reply),
  returns: returns<boolean>(),
});

/**
 * DUMP: the serialized value (a Buffer, even on a client that decodes responses: it is
 * binary, as redis-py's NEVER_DECODE), or null. RESTORE takes it back.
 */
export const dump = defineCommand({ name: 'DUMP', returns: returns<Buffer | null>(), neverDecode: true });

export interface RestoreOptions {
  /** Overwrite an existing key (REPLACE). */
  replace?: boolean;
  /** `ttl` is an absolute unix time in milliseconds (ABSTTL). */
  absttl?: boolean;
  /** Set the key's idle time in seconds (IDLETIME). */
  idletime?: number;
  /** Set the key's LFU frequency (FREQ). */
  frequency?: number;
}

/** RESTORE: `'OK'` (redis-py has no callback for it). `ttl` 0 means no expiry. */
export const restore = defineCommand({
  name: 'RESTORE',
  options: trailingOptions(3, { replace: 'flag', absttl: 'flag', idletime: true, frequency: true }),
  build: (name: KeyArg, ttl: number, serialized: Buffer | string, restoreOptions?: RestoreOptions) => {
    const o = options(restoreOptions);
    exclusive(o, ['idletime', 'frequency']);
    const args: CommandArg[] = [
      'RESTORE',
      key('name', name),
      nonNegative('ttl', ttl),
      key('value', serialized),
    ];
    if (o.replace) args.push('REPLACE');
    if (o.absttl) args.push('ABSTTL');
    pushInteger(args, 'IDLETIME', 'idletime', o.idletime);
    pushInteger(args, 'FREQ', 'frequency', o.frequency);
    return args;
  },
  returns: returns<string>(),
});

/** OBJECT ENCODING: the encoding's name as a string (redis-py's str), or null without key. */
export const objectEncoding = defineCommand({
  name: 'OBJECT ENCODING',
  reply: (reply) => (reply === null ? null : String(reply)),
  returns: returns<string | null>(),
});

/** OBJECT FREQ: the LFU counter (needs an LFU maxmemory-policy). */
export const objectFreq = defineCommand({ name: 'OBJECT FREQ', returns: returns<number | null>() });

export const objectIdletime = defineCommand({ name: 'OBJECT IDLETIME', returns: returns<number | null>() });

export const objectRefcount = defineCommand({ name: 'OBJECT REFCOUNT', returns: returns<number | null>() });

/** OBJECT HELP: the help lines (status replies, so strings). */
export const objectHelp = defineCommand({
  name: 'OBJECT HELP',
  reply: (reply) => (Array.isArray(reply) ? reply.map(String) : []),
  returns: returns<string[]>(),
});

export interface SortRoOptions {
  /** LIMIT start: the first element (needs `num`). */
  start?: number;
  /** LIMIT count: how many elements (needs `start`). */
  num?: number;
  /** Sort by these external keys (BY pattern; `'nosort'` skips sorting). */
  by?: string | Buffer;
  /** Give these external keys' values instead of the elements (GET, repeated; `'#'` is the element). */
  get?: string | Buffer | readonly (string | Buffer)[];
  /** Descending (DESC). */
  desc?: boolean;
  /** Sort as strings (ALPHA). */
  alpha?: boolean;
}

export interface SortOptions extends SortRoOptions {
  /** Store the result as a list at this key (STORE); the reply is then its length. */
  store?: KeyArg;
  /** With two or more `get` patterns: the reply grouped into one array per element. */
  groups?: boolean;
}

function sortArgs(command: 'SORT' | 'SORT_RO', name: unknown, o: SortOptions): CommandArg[] {
  const args: CommandArg[] = [command, key('name', name)];
  if (o.by !== undefined) args.push('BY', key('by', o.by));
  if ((o.start === undefined) !== (o.num === undefined)) {
    throw new DataError(`${command}: options 'start' and 'num' must be given together`);
  }
  if (o.start !== undefined) args.push('LIMIT', integer('start', o.start), integer('num', o.num));
  const gets = o.get === undefined ? [] : Array.isArray(o.get) ? (o.get as unknown[]) : [o.get];
  for (const g of gets) args.push('GET', key('get', g));
  if (o.desc) args.push('DESC');
  if (o.alpha) args.push('ALPHA');
  if (o.store !== undefined) args.push('STORE', key('store', o.store));
  if (o.groups && gets.length < 2) {
    throw new DataError(`${command}: option 'groups' needs 'get' with at least two patterns`);
  }
  if (o.groups && o.store !== undefined) throw new DataError(`${command}: options 'groups' and 'store' cannot be combined`);
  return args;
}

function sortReply(reply: RespValue, o: Readonly<Record<string, unknown>>): unknown {
  if (!o.groups || !Array.isArray(reply) || !Array.isArray(o.get)) return reply;
  const size = o.get.length;
  const out: RespValue[][] = [];
  for (let i = 0; i < reply.length; i += size) out.push(reply.slice(i, i + size));
  return out;
}

/**
 * SORT: the sorted elements (or GET values, null where missing); with `store`, the stored
 * list's length; with `groups`, one array per element as redis-py's tuples.
 */
export const sort = defineCommand({
  name: 'SORT',
  options: trailingOptions(1, { store: true, groups: 'flag', start: true, num: true, by: true, get: true, desc: 'flag', alpha: 'flag' }),
  build: (name: KeyArg, sortOptions?: SortOptions) => sortArgs('SORT', name, options(sortOptions)),
  reply: sortReply,
  returns: returns<(Bulk | null)[] | (Bulk | null)[][] | number>(),
});

/** SORT_RO: SORT without STORE, allowed on replicas. */
export const sortRo = defineCommand({
  name: 'SORT_RO',
  options: trailingOptions(1, { start: true, num: true, by: true, get: true, desc: 'flag', alpha: 'flag' }),
  build: (key_: KeyArg, sortOptions?: SortRoOptions) => {
    const o = options(sortOptions) as SortOptions;
    if (o.store !== undefined || o.groups !== undefined) {
      throw new DataError(`${building()}: options 'store' and 'groups' belong to sort()`);
    }
    return sortArgs('SORT_RO', key_, o);
  },
  returns: returns<(Bulk | null)[]>(),
});

export interface MigrateOptions {
  /** Leave the keys on this server (COPY). */
  copy?: boolean;
  /** Overwrite keys on the target (REPLACE). */
  replace?: boolean;
  /** The target's password (AUTH). */
  auth?: string | Buffer;
  /** The target's ACL user and password (AUTH2). */
  auth2?: readonly [username: string | Buffer, password: string | Buffer];
}

/**
 * MIGRATE: moves `keys` (one or many) to another server's `destinationDb`, giving up after
 * `timeout` ms. `'OK'`, or `'NOKEY'` when none existed. Always uses the `KEYS` form, as redis-py.
 */
export const migrate = defineCommand({
  name: 'MIGRATE',
  options: trailingOptions(5, { copy: 'flag', replace: 'flag', auth: true, auth2: true }),
  build: (
    host: string,
    port: number,
    keys_: KeyArg | readonly KeyArg[],
    destinationDb: number,
    timeout: number,
    migrateOptions?: MigrateOptions,
  ) => {
    const o = options(migrateOptions);
    exclusive(o, ['auth', 'auth2']);
    const list = keyList('keys', keys_);
    const args: CommandArg[] = [
      'MIGRATE',
      key('host', host),
      integer('port', port),
      '',
      nonNegative('destinationDb', destinationDb),
      nonNegative('timeout', timeout),
    ];
    if (o.copy) args.push('COPY');
    if (o.replace) args.push('REPLACE');
    if (o.auth !== undefined) args.push('AUTH', value('auth', o.auth));
    if (o.auth2 !== undefined) {
      if (!Array.isArray(o.auth2) || o.auth2.length !== 2) {
        throw new DataError(`${building()}: option 'auth2' must be [username, password]`);
      }
      args.push('AUTH2', value('auth2', o.auth2[0]), value('auth2', o.auth2[1]));
    }
    args.push('KEYS', ...list);
    return args;
  },
  reply: (reply) => String(reply),
  returns: returns<string>(),
});

/** WAIT: how many replicas acknowledged this connection's writes within `timeout` ms (0: forever). */
export const wait = defineCommand({
  name: 'WAIT',
  build: (numReplicas: number, timeout: number) => [
    'WAIT',
    nonNegative('numReplicas', numReplicas),
    nonNegative('timeout', timeout),
  ],
  returns: returns<number>(),
  // Not flagged BLOCKING by the specifications, but holds the connection until the replicas
  // answer or the timeout passes: it needs a connection of its own.
  blocking: true,
});

/** WAITAOF (Redis 7.2): `[local, replicas]` that fsynced this connection's writes. */
export const waitaof = defineCommand({
  name: 'WAITAOF',
  build: (numLocal: number, numReplicas: number, timeout: number) => [
    'WAITAOF',
    nonNegative('numLocal', numLocal),
    nonNegative('numReplicas', numReplicas),
    nonNegative('timeout', timeout),
  ],
  returns: returns<[local: number, replicas: number]>(),
  // As WAIT: holds the connection until the fsyncs are acknowledged, without the BLOCKING flag.
  blocking: true,
});

/** Signatures that depend on an option; methods.ts merges them into SignatureOverrides. */
export interface GenericSignatures<D extends boolean> {
  sort(name: KeyArg, options: SortOptions & { store: KeyArg }): Promise<number>;
  sort(name: KeyArg, options: SortOptions & { groups: true }): Promise<Decoded<Bulk | null, D>[][]>;
  sort(name: KeyArg, options?: SortOptions & { store?: undefined; groups?: false }): Promise<Decoded<Bulk | null, D>[]>;
  sort(name: KeyArg, options?: SortOptions): Promise<Decoded<(Bulk | null)[] | (Bulk | null)[][] | number, D>>;
}
