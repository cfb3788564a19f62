import { DataError, type CommandArg, type RespValue } from '@aredis/resp-parser';
import { building } from '../building.js';
import { defineCommand, trailingOptions, returns, type Bulk, type Decoded, type KeyArg, type ValueArg } from '../define.js';
import { integer, key, nonNegative, positive, value } from '../args.js';
import { arrayOrEmpty, integerToBoolean, okToBoolean, pairsToObject, texts } from '../callbacks.js';

/**
 * The stream commands (group 'stream' in the Redis command specifications).
 * Every export is a command declaration; the export name is the method name.
 * Replies follow redis-py: entries as `[id, fields]`, XINFO as objects keyed as the server
 * names its fields, XPENDING as redis-py's dicts.
 */

/** A stream entry's fields: field name → value. */
export type StreamFields = Record<string, Bulk>;
/** `[id, fields]`, as redis-py's `(id, dict)`. */
export type StreamEntry = [Bulk, StreamFields];
/** An entry read from a group's history may have been deleted since: its fields are null. */
export type PendingStreamEntry = [Bulk, StreamFields | null];
/** XREAD / XREADGROUP: `[stream name, entries]` per stream, as redis-py's RESP2 list. */
export type StreamReadReply<E = StreamEntry> = [Bulk, E[]][];

/** Field/value pairs of a new entry: an object, or a Map for Buffer field names. */
export type StreamFieldsArg = Readonly<Record<string, ValueArg>> | ReadonlyMap<KeyArg, ValueArg>;
/** Streams to read and the id to read after: `{ s: '$' }`, or a Map / pairs for Buffer names. */
export type StreamOffsets =
  | Readonly<Record<string, ValueArg>>
  | ReadonlyMap<KeyArg, ValueArg>
  | readonly (readonly [KeyArg, ValueArg])[];

// ---- argument helpers (private: a group module exports declarations only) ----

function fieldPairs(fields: unknown): CommandArg[] {
  const out: CommandArg[] = [];
  const entries =
    fields instanceof Map
      ? [...(fields as Map<unknown, unknown>)]
      : fields !== null && typeof fields === 'object' && !Array.isArray(fields) && !Buffer.isBuffer(fields)
        ? Object.entries(fields)
        : null;
  if (entries === null || entries.length === 0) {
    throw new DataError(`${building()}: argument 'fields' must be a non-empty object or Map`);
  }
  for (const [f, v] of entries) out.push(key('fields', f), value('fields', v));
  return out;
}

function streamOffsets(streams: unknown): CommandArg[] {
  let pairs: unknown[][];
  if (streams instanceof Map) pairs = [...(streams as Map<unknown, unknown>)];
  else if (Array.isArray(streams)) pairs = streams as unknown[][];
  else if (streams !== null && typeof streams === 'object' && !Buffer.isBuffer(streams)) pairs = Object.entries(streams);
  else pairs = [];
  if (pairs.length === 0) throw new DataError(`${building()}: argument 'streams' must name at least one stream`);
  const names: CommandArg[] = [];
  const ids: CommandArg[] = [];
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2) throw new DataError(`${building()}: argument 'streams' must hold [name, id] pairs`);
    names.push(key('streams', pair[0]));
    ids.push(value('streams', pair[1]));
  }
  return ['STREAMS', ...names, ...ids];
}

function ids(name: string, list: readonly unknown[]): CommandArg[] {
  if (list.length === 0) throw new DataError(`${building()}: argument '${name}' needs at least one id`);
  return list.map((id) => value(name, id));
}

/** Trimming options of XADD and XTRIM. */
export interface XTrimOptions {
  maxlen?: number;
  minid?: ValueArg;
  approximate?: boolean;
  limit?: number;
}

/** MAXLEN|MINID [=|~] threshold [LIMIT count]; approximate (`~`) unless told otherwise, as redis-py. */
function trimArgs(options: XTrimOptions): CommandArg[] {
  if (options.maxlen !== undefined && options.minid !== undefined) {
    throw new DataError(`${building()}: options 'maxlen' and 'minid' cannot be combined`);
  }
  if (options.limit !== undefined && options.approximate === false) {
    throw new DataError(`${building()}: option 'limit' needs an approximate trim`);
  }
  const approx = options.approximate === false ? [] : ['~'];
  const out: CommandArg[] = [];
  if (options.maxlen !== undefined) out.push('MAXLEN', ...approx, nonNegative('maxlen', options.maxlen));
  else if (options.minid !== undefined) out.push('MINID', ...approx, value('minid', options.minid));
  else if (options.limit !== undefined) throw new DataError(`${building()}: option 'limit' needs 'maxlen' or 'minid'`);
  if (options.limit !== undefined) out.push('LIMIT', nonNegative('limit', options.limit));
  return out;
}

/** `CONTAINER SUB name groupname`: how the XGROUP and XINFO subcommands on a group start. */
function groupHead(container: 'XGROUP' | 'XINFO', sub: string, name: unknown, groupname: unknown): CommandArg[] {
  return [container, sub, key('name', name), value('groupname', groupname)];
}

/** `[ENTRIESREAD n]` of XGROUP CREATE and XGROUP SETID. */
function entriesReadArgs(options: { entriesRead?: number }): CommandArg[] {
  return options.entriesRead === undefined ? [] : ['ENTRIESREAD', integer('entriesRead', options.entriesRead)];
}

/** `[COUNT n] [BLOCK ms]` of XREAD and XREADGROUP. */
function readArgs(options: { count?: number; block?: number }): CommandArg[] {
  const out: CommandArg[] = [];
  if (options.count !== undefined) out.push('COUNT', nonNegative('count', options.count));
  if (options.block !== undefined) out.push('BLOCK', nonNegative('block', options.block));
  return out;
}

/** `COMMAND name groupname consumername min-idle-time`: how XCLAIM and XAUTOCLAIM start. */
function claimHead(
  command: 'XCLAIM' | 'XAUTOCLAIM',
  name: unknown,
  groupname: unknown,
  consumername: unknown,
  minIdleTime: unknown,
): CommandArg[] {
  return [
    command,
    key('name', name),
    value('groupname', groupname),
    value('consumername', consumername),
    nonNegative('minIdleTime', minIdleTime),
  ];
}

// ---- reply helpers ----

function entry(raw: RespValue): PendingStreamEntry {
  const pair = arrayOrEmpty(raw);
  return [pair[0] as unknown as Bulk, pair[1] === null ? null : (pairsToObject(pair[1] ?? null) as unknown as StreamFields)];
}

function entries(raw: RespValue): PendingStreamEntry[] {
  return raw === null ? [] : arrayOrEmpty(raw).map(entry);
}

function readReply(reply: RespValue): StreamReadReply<PendingStreamEntry> {
  if (reply === null) return [];
  const pairs: [RespValue, RespValue][] =
    reply instanceof Map ? [...reply] : arrayOrEmpty(reply).map((p) => arrayOrEmpty(p) as [RespValue, RespValue]);
  return pairs.map(([name, list]) => [name as unknown as Bulk, entries(list)]);
}

function blockGiven(first: number) {
  return (args: readonly CommandArg[]): boolean => {
    for (let i = first; i < args.length && args[i] !== 'STREAMS'; i += 1) if (args[i] === 'BLOCK') return true;
    return false;
  };
}

// ---- XADD, XRANGE, XLEN, XDEL, XTRIM ----

export interface XAddOptions extends XTrimOptions {
  /** The entry id; `*` (the default) lets the server choose. */
  id?: ValueArg;
  /** Do not create the stream when it does not exist (the reply is then null). */
  nomkstream?: boolean;
}

/** XADD: the new entry's id, or null when `nomkstream` and the stream does not exist. */
export const xadd = defineCommand({
  name: 'XADD',
  options: trailingOptions(2, { id: true, nomkstream: 'flag', maxlen: true, minid: true, approximate: 'flag', limit: true }),
  build: (name: KeyArg, fields: StreamFieldsArg, options: XAddOptions = {}) => {
    const args: CommandArg[] = ['XADD', key('name', name)];
    if (options.nomkstream) args.push('NOMKSTREAM');
    args.push(...trimArgs(options));
    args.push(options.id === undefined ? '*' : value('id', options.id));
    args.push(...fieldPairs(fields));
    return args;
  },
  returns: returns<Bulk | null>(),
});

function rangeCommand(command: 'XRANGE' | 'XREVRANGE', first: string, second: string) {
  return defineCommand({
    name: command,
    options: trailingOptions(3, { count: true }),
    build: (name: KeyArg, from: ValueArg = first, to: ValueArg = second, options: { count?: number } = {}) => {
      const args: CommandArg[] = [command, key('name', name), value(first === '-' ? 'min' : 'max', from)];
      args.push(value(first === '-' ? 'max' : 'min', to));
      if (options.count !== undefined) args.push('COUNT', nonNegative('count', options.count));
      return args;
    },
    reply: (reply) => entries(reply),
    returns: returns<StreamEntry[]>(),
  });
}

/** XRANGE name [min='-'] [max='+'] [{ count }]: entries as `[id, fields]`. */
export const xrange = rangeCommand('XRANGE', '-', '+');
/** XREVRANGE name [max='+'] [min='-'] [{ count }]: entries newest first. */
export const xrevrange = rangeCommand('XREVRANGE', '+', '-');

export const xlen = defineCommand({ name: 'XLEN', returns: returns<number>() });

/** XDEL name ...ids: how many entries were deleted. */
export const xdel = defineCommand({
  name: 'XDEL',
  build: (name: KeyArg, ...entryIds: ValueArg[]) => ['XDEL', key('name', name), ...ids('ids', entryIds)],
  returns: returns<number>(),
});

/** XTRIM name { maxlen | minid, approximate = true, limit }: how many entries were evicted. */
export const xtrim = defineCommand({
  name: 'XTRIM',
  options: trailingOptions(1, { maxlen: true, minid: true, approximate: 'flag', limit: true }),
  build: (name: KeyArg, options: XTrimOptions) => {
    const trim = trimArgs(options ?? {});
    if (trim.length === 0) throw new DataError(`${building()}: one of the options 'maxlen' or 'minid' is required`);
    return ['XTRIM', key('name', name), ...trim];
  },
  returns: returns<number>(),
});

// ---- XREAD, XREADGROUP ----

export interface XReadOptions {
  count?: number;
  /** Block up to this many milliseconds (0: forever). Takes a connection of its own. */
  block?: number;
}
/** The one-object form: `xread({ streams: { s: '$' }, count, block })`. */
export interface XReadCall extends XReadOptions {
  streams: StreamOffsets;
}

/**
 * Tells the one-object form from the redis-py form: `{ streams: <object> }` cannot be stream
 * offsets, whose ids are strings, Buffers or numbers, never objects.
 */
function readCall<O extends XReadOptions>(first: unknown, options: O | undefined): [unknown, O] {
  if (first !== null && typeof first === 'object' && !Array.isArray(first) && !(first instanceof Map) && !Buffer.isBuffer(first)) {
    const inner = (first as { streams?: unknown }).streams;
    if (inner !== null && typeof inner === 'object' && !Buffer.isBuffer(inner)) {
      if (options !== undefined) throw new DataError(`${building()}: give the options inside the call object or after 'streams', not both`);
      return [inner, first as O];
    }
  }
  return [first, options ?? ({} as O)];
}

/**
 * XREAD streams [{ count, block }], as redis-py's `xread(streams, count, block)`, or in one
 * object: `xread({ streams, count, block })`. Replies `[stream, entries][]`, or `[]` when
 * nothing came (the same under RESP2 and RESP3; redis-py's RESP3 dict is not used so Buffer
 * names survive).
 */
export const xread = defineCommand({
  name: 'XREAD',
  options: trailingOptions(1, { count: true, block: true }),
  build: (streams: StreamOffsets | XReadCall, readOptions?: XReadOptions) => {
    const [offsets, options] = readCall(streams, readOptions);
    return ['XREAD', ...readArgs(options), ...streamOffsets(offsets)];
  },
  reply: (reply) => readReply(reply),
  returns: returns<StreamReadReply>(),
  // The specifications flag XREAD BLOCKING; it only waits when BLOCK is given.
  blocking: blockGiven(1),
});

export interface XReadGroupOptions extends XReadOptions {
  /** Do not add the entries to the pending entries list. */
  noack?: boolean;
}
/** The one-object form: `xreadgroup(group, consumer, { streams: { s: '>' }, count, block, noack })`. */
export interface XReadGroupCall extends XReadGroupOptions {
  streams: StreamOffsets;
}

/**
 * XREADGROUP GROUP group consumer streams [{ count, block, noack }] (or the one-object form,
 * as XREAD). Entries read again from the pending list whose data was deleted come back as
 * `[id, null]`.
 */
export const xreadgroup = defineCommand({
  name: 'XREADGROUP',
  options: trailingOptions(3, { noack: 'flag', count: true, block: true }),
  build: (
    groupname: ValueArg,
    consumername: ValueArg,
    streams: StreamOffsets | XReadGroupCall,
    readOptions?: XReadGroupOptions,
  ) => {
    const [offsets, options] = readCall(streams, readOptions);
    const args: CommandArg[] = ['XREADGROUP', 'GROUP', value('groupname', groupname)];
    args.push(value('consumername', consumername));
    args.push(...readArgs(options));
    if (options.noack) args.push('NOACK');
    return [...args, ...streamOffsets(offsets)];
  },
  reply: (reply) => readReply(reply),
  returns: returns<StreamReadReply<PendingStreamEntry>>(),
  // As XREAD: blocking only when BLOCK is given.
  blocking: blockGiven(4),
});

// ---- XGROUP ----

export interface XGroupCreateOptions {
  /** Create the stream (empty) when it does not exist. */
  mkstream?: boolean;
  /** ENTRIESREAD: the group's entries-read counter (Redis 7.0). */
  entriesRead?: number;
}

/** XGROUP CREATE name groupname [id='$'] [{ mkstream, entriesRead }]: true. */
export const xgroupCreate = defineCommand({
  name: 'XGROUP CREATE',
  options: trailingOptions(3, { mkstream: 'flag', entriesRead: true }),
  build: (name: KeyArg, groupname: ValueArg, id: ValueArg = '$', options: XGroupCreateOptions = {}) => {
    const args = [...groupHead('XGROUP', 'CREATE', name, groupname), value('id', id)];
    if (options.mkstream) args.push('MKSTREAM');
    return [...args, ...entriesReadArgs(options)];
  },
  reply: (reply) => okToBoolean(reply),
  returns: returns<boolean>(),
});

/** XGROUP DESTROY: true when the group existed. */
export const xgroupDestroy = defineCommand({
  name: 'XGROUP DESTROY',
  reply: (reply) => integerToBoolean(reply),
  returns: returns<boolean>(),
});

/** XGROUP SETID name groupname id [{ entriesRead }]: true. */
export const xgroupSetid = defineCommand({
  name: 'XGROUP SETID',
  options: trailingOptions(3, { entriesRead: true }),
  build: (name: KeyArg, groupname: ValueArg, id: ValueArg, options: { entriesRead?: number } = {}) => {
    const head = groupHead('XGROUP', 'SETID', name, groupname);
    return [...head, value('id', id), ...entriesReadArgs(options)];
  },
  reply: (reply) => okToBoolean(reply),
  returns: returns<boolean>(),
});

/** XGROUP CREATECONSUMER: 1 when created, 0 when it existed. */
export const xgroupCreateconsumer = defineCommand({ name: 'XGROUP CREATECONSUMER', returns: returns<number>() });
/** XGROUP DELCONSUMER: how many pending messages the consumer had. */
export const xgroupDelconsumer = defineCommand({ name: 'XGROUP DELCONSUMER', returns: returns<number>() });

export const xgroupHelp = defineCommand({
  name: 'XGROUP HELP',
  reply: (reply) => texts(reply),
  returns: returns<string[]>(),
});

// ---- XACK, XPENDING, XCLAIM, XAUTOCLAIM ----

/** XACK name groupname ...ids: how many were acknowledged. */
export const xack = defineCommand({
  name: 'XACK',
  build: (name: KeyArg, groupname: ValueArg, ...entryIds: ValueArg[]) => [
    'XACK',
    key('name', name),
    value('groupname', groupname),
    ...ids('ids', entryIds),
  ],
  returns: returns<number>(),
});

/** XPENDING summary, as redis-py's dict. */
export interface XPendingSummary {
  pending: number;
  min: Bulk | null;
  max: Bulk | null;
  consumers: { name: Bulk; pending: number }[];
}
/** One pending message of the range form, as redis-py's dict. */
export interface XPendingMessage {
  message_id: Bulk;
  consumer: Bulk;
  time_since_delivered: number;
  times_delivered: number;
}
/** The range form: give `min`, `max` and `count` (redis-py's xpending_range). */
export interface XPendingRangeOptions {
  min: ValueArg;
  max: ValueArg;
  count: number;
  /** Only this consumer's messages. */
  consumername?: ValueArg;
  /** Only messages idle at least this many milliseconds. */
  idle?: number;
}

function pendingReply(reply: RespValue, options: Readonly<Record<string, unknown>>): XPendingSummary | XPendingMessage[] {
  const list = arrayOrEmpty(reply);
  if (options.min !== undefined) {
    return list.map((raw) => {
      const [id, consumer, idle, times] = arrayOrEmpty(raw);
      return {
        message_id: id as unknown as Bulk,
        consumer: consumer as unknown as Bulk,
        time_since_delivered: Number(idle),
        times_delivered: Number(times),
      };
    });
  }
  const consumers = list[3] === null || list[3] === undefined ? [] : arrayOrEmpty(list[3]);
  return {
    pending: Number(list[0]),
    min: (list[1] ?? null) as unknown as Bulk | null,
    max: (list[2] ?? null) as unknown as Bulk | null,
    consumers: consumers.map((raw) => {
      const [cname, count] = arrayOrEmpty(raw);
      return { name: cname as unknown as Bulk, pending: Number(String(count)) };
    }),
  };
}

/**
 * XPENDING name groupname: the summary; with `{ min, max, count }` (and optionally
 * `consumername`, `idle`): the range form, one object a message.
 */
export const xpending = defineCommand({
  name: 'XPENDING',
  options: trailingOptions(2, { min: true, max: true, count: true, consumername: true, idle: true }),
  build: (name: KeyArg, groupname: ValueArg, range?: XPendingRangeOptions) => {
    const args: CommandArg[] = ['XPENDING', key('name', name), value('groupname', groupname)];
    if (range === undefined) return args;
    if (range.min === undefined || range.max === undefined || range.count === undefined) {
      throw new DataError(`${building()}: the range form needs 'min', 'max' and 'count'`);
    }
    if (range.idle !== undefined) args.push('IDLE', nonNegative('idle', range.idle));
    args.push(value('min', range.min), value('max', range.max));
    args.push(nonNegative('count', range.count));
    if (range.consumername !== undefined) args.push(value('consumername', range.consumername));
    return args;
  },
  reply: pendingReply,
  returns: returns<XPendingSummary | XPendingMessage[]>(),
});

export interface XClaimOptions {
  /** IDLE ms: set the idle time. */
  idle?: number;
  /** TIME ms: set the idle time as a unix time in milliseconds. */
  time?: number;
  retrycount?: number;
  force?: boolean;
  /** Return only the ids. */
  justid?: boolean;
  lastid?: ValueArg;
}

/** XCLAIM name groupname consumername minIdleTime messageIds [options]: entries, or ids with `justid`. */
export const xclaim = defineCommand({
  name: 'XCLAIM',
  options: trailingOptions(5, { idle: true, time: true, retrycount: true, force: 'flag', justid: 'flag', lastid: true }),
  build: (
    name: KeyArg,
    groupname: ValueArg,
    consumername: ValueArg,
    minIdleTime: number,
    messageIds: readonly ValueArg[],
    options: XClaimOptions = {},
  ) => {
    if (!Array.isArray(messageIds)) throw new DataError(`${building()}: argument 'messageIds' must be an array of ids`);
    const args = claimHead('XCLAIM', name, groupname, consumername, minIdleTime);
    args.push(...ids('messageIds', messageIds));
    if (options.idle !== undefined) args.push('IDLE', nonNegative('idle', options.idle));
    if (options.time !== undefined) args.push('TIME', integer('time', options.time));
    if (options.retrycount !== undefined) args.push('RETRYCOUNT', nonNegative('retrycount', options.retrycount));
    if (options.force) args.push('FORCE');
    if (options.justid) args.push('JUSTID');
    if (options.lastid !== undefined) args.push('LASTID', value('lastid', options.lastid));
    return args;
  },
  reply: (reply, options) => (options.justid ? arrayOrEmpty(reply) : entries(reply)),
  returns: returns<StreamEntry[] | Bulk[]>(),
});

export interface XAutoClaimOptions {
  /** Where to start scanning the pending list; default `0-0`. */
  startId?: ValueArg;
  count?: number;
  /** Return only the ids (redis-py then returns just the id list). */
  justid?: boolean;
}

/** XAUTOCLAIM: `[next start id, entries, deleted ids]`; with `justid`, the claimed ids only (as redis-py). */
export const xautoclaim = defineCommand({
  name: 'XAUTOCLAIM',
  options: trailingOptions(4, { startId: true, count: true, justid: 'flag' }),
  build: (
    name: KeyArg,
    groupname: ValueArg,
    consumername: ValueArg,
    minIdleTime: number,
    options: XAutoClaimOptions = {},
  ) => {
    const args = claimHead('XAUTOCLAIM', name, groupname, consumername, minIdleTime);
    args.push(options.startId === undefined ? '0-0' : value('startId', options.startId));
    if (options.count !== undefined) args.push('COUNT', positive('count', options.count));
    if (options.justid) args.push('JUSTID');
    return args;
  },
  reply: (reply, options) => {
    const list = arrayOrEmpty(reply);
    if (options.justid) return arrayOrEmpty(list[1] ?? null);
    return [list[0], entries(list[1] ?? null), arrayOrEmpty(list[2] ?? null)];
  },
  returns: returns<[Bulk, StreamEntry[], Bulk[]] | Bulk[]>(),
});

// ---- XINFO, XSETID ----

/** What XINFO STREAM tells with or without FULL, keys as the server names them. */
export interface XInfoStreamCommon {
  length: number;
  'radix-tree-keys': number;
  'radix-tree-nodes': number;
  'last-generated-id': Bulk;
  'max-deleted-entry-id': Bulk;
  'entries-added': number;
  'recorded-first-entry-id': Bulk;
}
/** XINFO STREAM (not full), keys as the server names them. */
export interface XInfoStream extends XInfoStreamCommon {
  groups: number;
  'first-entry': StreamEntry | null;
  'last-entry': StreamEntry | null;
}
/** A consumer in XINFO STREAM FULL. */
export interface XInfoStreamFullConsumer {
  name: Bulk;
  'seen-time': number;
  /** Redis 7.2. */
  'active-time'?: number;
  'pel-count': number;
  /** Its pending entries: `[id, delivery time, delivery count]`. */
  pending: [Bulk, number, number][];
}
/** A group in XINFO STREAM FULL. */
export interface XInfoStreamFullGroup {
  name: Bulk;
  'last-delivered-id': Bulk;
  'entries-read': number | null;
  lag: number | null;
  'pel-count': number;
  /** The group's pending entries: `[id, consumer, delivery time, delivery count]`. */
  pending: [Bulk, Bulk, number, number][];
  consumers: XInfoStreamFullConsumer[];
}
/** XINFO STREAM FULL: every entry (up to `count`) and every group with its consumers. */
export interface XInfoStreamFull extends XInfoStreamCommon {
  entries: StreamEntry[];
  groups: XInfoStreamFullGroup[];
}
export interface XInfoGroup {
  name: Bulk;
  consumers: number;
  pending: number;
  'last-delivered-id': Bulk;
  'entries-read': number | null;
  lag: number | null;
}
export interface XInfoConsumer {
  name: Bulk;
  pending: number;
  idle: number;
  /** Redis 7.2. */
  inactive?: number;
}

function infoObject(raw: RespValue): Record<string, RespValue> {
  return pairsToObject(raw);
}

function fullGroup(raw: RespValue): Record<string, unknown> {
  const group: Record<string, unknown> = infoObject(raw);
  group.pending = arrayOrEmpty((group.pending ?? null) as RespValue).map(arrayOrEmpty);
  group.consumers = arrayOrEmpty((group.consumers ?? null) as RespValue).map((c) => {
    const consumer: Record<string, unknown> = infoObject(c);
    consumer.pending = arrayOrEmpty((consumer.pending ?? null) as RespValue).map(arrayOrEmpty);
    return consumer;
  });
  return group;
}

/**
 * XINFO STREAM name [{ full, count }]: an object keyed as the server names its fields;
 * `first-entry` / `last-entry` as `[id, fields]`. With `full`, `entries` is a list of
 * `[id, fields]` (redis-py makes a dict of it) and `groups` a list of objects.
 */
export const xinfoStream = defineCommand({
  name: 'XINFO STREAM',
  options: trailingOptions(1, { full: 'flag', count: true }),
  build: (name: KeyArg, options: { full?: boolean; count?: number } = {}) => {
    const args: CommandArg[] = ['XINFO', 'STREAM', key('name', name)];
    if (options.count !== undefined && !options.full) throw new DataError(`${building()}: option 'count' needs 'full'`);
    if (options.full) args.push('FULL');
    if (options.count !== undefined) args.push('COUNT', nonNegative('count', options.count));
    return args;
  },
  reply: (reply, options) => {
    const info: Record<string, unknown> = infoObject(reply);
    if (options.full) {
      info.entries = entries((info.entries ?? null) as RespValue);
      info.groups = arrayOrEmpty((info.groups ?? null) as RespValue).map(fullGroup);
    } else {
      for (const end of ['first-entry', 'last-entry']) {
        const raw = (info[end] ?? null) as RespValue;
        info[end] = raw === null ? null : entry(raw);
      }
    }
    return info;
  },
  returns: returns<XInfoStream | XInfoStreamFull>(),
});

/** XINFO GROUPS name: one object a group. */
export const xinfoGroups = defineCommand({
  name: 'XINFO GROUPS',
  reply: (reply) => arrayOrEmpty(reply).map(infoObject),
  returns: returns<XInfoGroup[]>(),
});

/** XINFO CONSUMERS name groupname: one object a consumer. */
export const xinfoConsumers = defineCommand({
  name: 'XINFO CONSUMERS',
  reply: (reply) => arrayOrEmpty(reply).map(infoObject),
  returns: returns<XInfoConsumer[]>(),
});

export const xinfoHelp = defineCommand({
  name: 'XINFO HELP',
  reply: (reply) => texts(reply),
  returns: returns<string[]>(),
});

export interface XSetIdOptions {
  entriesAdded?: number;
  maxDeletedEntryId?: ValueArg;
}

/** XSETID name lastid [{ entriesAdded, maxDeletedEntryId }]: true. */
export const xsetid = defineCommand({
  name: 'XSETID',
  options: trailingOptions(2, { entriesAdded: true, maxDeletedEntryId: true }),
  build: (name: KeyArg, lastid: ValueArg, options: XSetIdOptions = {}) => {
    const args: CommandArg[] = ['XSETID', key('name', name), value('lastid', lastid)];
    if (options.entriesAdded !== undefined) args.push('ENTRIESADDED', integer('entriesAdded', options.entriesAdded));
    if (options.maxDeletedEntryId !== undefined) {
      args.push('MAXDELETEDID', value('maxDeletedEntryId', options.maxDeletedEntryId));
    }
    return args;
  },
  reply: (reply) => okToBoolean(reply),
  returns: returns<boolean>(),
});

// ---- replies that depend on an option ----

/** `name groupname consumername minIdleTime`: how XCLAIM and XAUTOCLAIM calls start. */
type ClaimHead = [name: KeyArg, groupname: ValueArg, consumername: ValueArg, minIdleTime: number];

/**
 * The overloads of XCLAIM and XAUTOCLAIM: `Args`, then options of type `O`; the ids alone with
 * `justid`, else the `Full` reply.
 */
interface ClaimSignatures<D extends boolean, Args extends readonly unknown[], O extends { justid?: boolean }, Full> {
  (...args: [...Args, options: O & { justid: true }]): Promise<Decoded<Bulk[], D>>;
  (...args: [...Args, options?: O & { justid?: false }]): Promise<Decoded<Full, D>>;
  (...args: [...Args, options?: O]): Promise<Decoded<Full | Bulk[], D>>;
}

/** Signatures that depend on an option; methods.ts merges them into SignatureOverrides. */
export interface StreamSignatures<D extends boolean> {
  xpending(name: KeyArg, groupname: ValueArg): Promise<Decoded<XPendingSummary, D>>;
  xpending(name: KeyArg, groupname: ValueArg, range: XPendingRangeOptions): Promise<Decoded<XPendingMessage[], D>>;
  xpending(
    name: KeyArg,
    groupname: ValueArg,
    range?: XPendingRangeOptions,
  ): Promise<Decoded<XPendingSummary | XPendingMessage[], D>>;

  xclaim: ClaimSignatures<D, [...ClaimHead, messageIds: readonly ValueArg[]], XClaimOptions, StreamEntry[]>;
  xautoclaim: ClaimSignatures<D, ClaimHead, XAutoClaimOptions, [Bulk, StreamEntry[], Bulk[]]>;

  xinfoStream(name: KeyArg, options: { full: true; count?: number }): Promise<Decoded<XInfoStreamFull, D>>;
  xinfoStream(name: KeyArg, options?: { full?: false }): Promise<Decoded<XInfoStream, D>>;
  xinfoStream(name: KeyArg, options?: { full?: boolean; count?: number }): Promise<Decoded<XInfoStream | XInfoStreamFull, D>>;
}
