import { ProtocolError, type CommandArg, type RespValue } from '@aredis/resp-parser';
import { defineCommand, trailingOptions, returns } from '../../define.js';
import { exclusive, key } from '../../args.js';
import { okToBoolean } from '../../callbacks.js';
import { parseInfo, type InfoReply } from '../../replies/info.js';

/** How FLUSHDB and FLUSHALL free memory: `asynchronous` (ASYNC) or `synchronous` (SYNC). */
export interface FlushOptions {
  /** Free in a background thread (FLUSHDB ASYNC). */
  asynchronous?: boolean;
  /** Free before replying (FLUSHDB SYNC, Redis 6.2+). */
  synchronous?: boolean;
}

function flushArgs(command: string, options: FlushOptions): CommandArg[] {
  exclusive(options, ['asynchronous', 'synchronous']);
  const args: CommandArg[] = [command];
  if (options.asynchronous) args.push('ASYNC');
  if (options.synchronous) args.push('SYNC');
  return args;
}

/** DBSIZE: the number of keys in the client's database. */
export const dbsize = defineCommand({ name: 'DBSIZE', returns: returns<number>() });

/** FLUSHDB [ASYNC|SYNC]: deletes every key of the client's database. */
export const flushdb = defineCommand({
  name: 'FLUSHDB',
  options: trailingOptions(0, { asynchronous: 'flag', synchronous: 'flag' }),
  build: (options: FlushOptions = {}) => flushArgs('FLUSHDB', options),
  reply: okToBoolean,
  returns: returns<boolean>(),
});

/** FLUSHALL [ASYNC|SYNC]: deletes every key of every database. */
export const flushall = defineCommand({
  name: 'FLUSHALL',
  options: trailingOptions(0, { asynchronous: 'flag', synchronous: 'flag' }),
  build: (options: FlushOptions = {}) => flushArgs('FLUSHALL', options),
  reply: okToBoolean,
  returns: returns<boolean>(),
});

/** TIME: `[seconds, microseconds]` of the server's clock, as numbers. */
export const time = defineCommand({
  name: 'TIME',
  reply: (reply) => {
    if (!Array.isArray(reply) || reply.length !== 2) throw new ProtocolError('TIME: expected [seconds, microseconds]');
    return [Number(String(reply[0])), Number(String(reply[1]))];
  },
  returns: returns<[number, number]>(),
});

/**
 * INFO [section ...]: the server's report parsed into one object (redis-py's parse_info):
 * `(await r.info()).redis_version`, `(await r.info('keyspace')).db0.keys`.
 */
export const info = defineCommand({
  name: 'INFO',
  build: (section?: string, ...sections: string[]) => {
    const args: CommandArg[] = ['INFO'];
    if (section !== undefined) args.push(key('section', section));
    for (const s of sections) args.push(key('section', s));
    return args;
  },
  reply: (reply: RespValue) => parseInfo(reply),
  returns: returns<InfoReply>(),
});

/** LASTSAVE: when the last successful save happened, as a Date (redis-py gives a datetime). */
export const lastsave = defineCommand({
  name: 'LASTSAVE',
  reply: (reply) => new Date(Number(reply) * 1000),
  returns: returns<Date>(),
});

/** SAVE: a synchronous save to disk. */
export const save = defineCommand({ name: 'SAVE', reply: okToBoolean, returns: returns<boolean>() });

/** BGSAVE [SCHEDULE]: starts a background save; `schedule` waits for a running AOF rewrite. */
export const bgsave = defineCommand({
  name: 'BGSAVE',
  options: trailingOptions(0, { schedule: 'flag' }),
  build: (options: { schedule?: boolean } = {}) => (options.schedule ? ['BGSAVE', 'SCHEDULE'] : ['BGSAVE']),
  // The reply is a status text ("Background saving started"); redis-py returns True.
  reply: () => true,
  returns: returns<boolean>(),
});

/** BGREWRITEAOF: starts an append-only-file rewrite. */
export const bgrewriteaof = defineCommand({
  name: 'BGREWRITEAOF',
  reply: () => true,
  returns: returns<boolean>(),
});

/** SWAPDB index1 index2: swaps two databases. */
export const swapdb = defineCommand({ name: 'SWAPDB', reply: okToBoolean, returns: returns<boolean>() });
