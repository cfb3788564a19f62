import { DataError, ProtocolError, type CommandArg, type RespValue } from '@aredis/resp-parser';
import { building } from '../../building.js';
import { defineCommand, trailingOptions, returns, type Bulk } from '../../define.js';
import { exclusive, integer, key, nonNegative } from '../../args.js';
import { okToBoolean, text } from '../../callbacks.js';

/** REPLICAOF/SLAVEOF host port, or NO ONE when called without arguments (redis-py's slaveof()). */
function replicaArgs(command: string, host: unknown, port: unknown): CommandArg[] {
  if (host === undefined && port === undefined) return [command, 'NO', 'ONE'];
  if (host === undefined || port === undefined) throw new DataError(`${command}: arguments 'host' and 'port' go together`);
  return [command, key('host', host), integer('port', port)];
}

/** REPLICAOF host port: replicate that server; `replicaof()` (NO ONE) makes this server a master. */
export const replicaof = defineCommand({
  name: 'REPLICAOF',
  build: (host?: string, port?: number) => replicaArgs('REPLICAOF', host, port),
  reply: okToBoolean,
  returns: returns<boolean>(),
});

/** SLAVEOF: the old name of REPLICAOF (deprecated since 5.0), same arguments. */
export const slaveof = defineCommand({
  name: 'SLAVEOF',
  build: (host?: string, port?: number) => replicaArgs('SLAVEOF', host, port),
  reply: okToBoolean,
  returns: returns<boolean>(),
});

/**
 * ROLE: `['master', offset, [[ip, port, offset], ...]]`, `['slave', masterHost, masterPort,
 * state, offset]` or `['sentinel', [masterName, ...]]`. The role is text; numbers are numbers.
 */
export type RoleReply =
  | ['master', number, [Bulk, number, number][]]
  | ['slave', Bulk, number, Bulk, number]
  | ['sentinel', Bulk[]];

export const role = defineCommand({
  name: 'ROLE',
  reply: (reply) => {
    if (!Array.isArray(reply) || reply.length === 0) throw new ProtocolError('ROLE: expected an array');
    const kind = text(reply[0] as RespValue);
    if (kind === 'master') {
      const replicas = Array.isArray(reply[2]) ? reply[2] : [];
      return [kind, Number(reply[1]), replicas.map((r) => {
        const [ip, port, offset] = r as RespValue[];
        return [ip, Number(port), Number(offset)];
      })];
    }
    if (kind === 'slave') return [kind, reply[1], Number(reply[2]), reply[3], Number(reply[4])];
    return [kind, ...reply.slice(1)];
  },
  returns: returns<RoleReply>(),
});

export interface FailoverOptions {
  /** Fail over to this replica (TO host port). */
  host?: string;
  port?: number;
  /** With a target: fail over even if the replica does not catch up in time (FORCE). */
  force?: boolean;
  /** Stop a failover in progress (ABORT). */
  abort?: boolean;
  /** Give up after this many milliseconds (TIMEOUT). */
  timeout?: number;
}

/** FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT ms]: hands this master's role to a replica. */
export const failover = defineCommand({
  name: 'FAILOVER',
  options: trailingOptions(0, { host: true, port: true, force: 'flag', abort: 'flag', timeout: true }),
  build: (options: FailoverOptions = {}) => {
    const args: CommandArg[] = ['FAILOVER'];
    if ((options.host === undefined) !== (options.port === undefined)) throw new DataError(`${building()}: options 'host' and 'port' go together`);
    if (options.force && options.host === undefined) throw new DataError(`${building()}: option 'force' needs 'host' and 'port'`);
    exclusive(options, ['abort', 'host']);
    exclusive(options, ['abort', 'timeout']);
    if (options.host !== undefined) {
      args.push('TO', key('host', options.host), integer('port', options.port));
      if (options.force) args.push('FORCE');
    }
    if (options.abort) args.push('ABORT');
    if (options.timeout !== undefined) args.push('TIMEOUT', nonNegative('timeout', options.timeout));
    return args;
  },
  reply: okToBoolean,
  returns: returns<boolean>(),
});

export interface ShutdownOptions {
  /** Save first even without save points (SAVE). */
  save?: boolean;
  /** Do not save (NOSAVE). */
  nosave?: boolean;
  /** Do not wait for lagging replicas (NOW, Redis 7.0+). */
  now?: boolean;
  /** Ignore errors that would stop the shutdown (FORCE, Redis 7.0+). */
  force?: boolean;
  /** Cancel a shutdown in progress (ABORT, Redis 7.0+): the reply is then `true`. */
  abort?: boolean;
}

/**
 * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. A successful shutdown closes the connection
 * without a reply, so the promise rejects with the connection's error (redis-py likewise
 * expects the ConnectionError); a refused one rejects with the server's error; ABORT gives `true`.
 */
export const shutdown = defineCommand({
  name: 'SHUTDOWN',
  options: trailingOptions(0, { save: 'flag', nosave: 'flag', now: 'flag', force: 'flag', abort: 'flag' }),
  build: (options: ShutdownOptions = {}) => {
    exclusive(options, ['save', 'nosave']);
    if (options.abort && (options.save || options.nosave || options.now || options.force)) {
      throw new DataError(`${building()}: option 'abort' cannot be combined with other options`);
    }
    const args: CommandArg[] = ['SHUTDOWN'];
    if (options.nosave) args.push('NOSAVE');
    if (options.save) args.push('SAVE');
    if (options.now) args.push('NOW');
    if (options.force) args.push('FORCE');
    if (options.abort) args.push('ABORT');
    return args;
  },
  reply: okToBoolean,
  returns: returns<boolean>(),
});
