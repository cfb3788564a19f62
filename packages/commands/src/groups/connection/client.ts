import { DataError, ProtocolError, type CommandArg, type RespValue } from '@aredis/resp-parser';
import { building } from '../../building.js';
import { defineCommand, trailingOptions, returns, type Bulk } from '../../define.js';
import { exclusive, integer, key, nonNegative, value } from '../../args.js';
import { integerToBoolean, okToBoolean, pairsToObject, texts, toArray } from '../../callbacks.js';
import { parseClientInfo, parseClientList, type ClientInfo } from '../../replies/client.js';

/**
 * The CLIENT subcommands (group 'connection'). They act on the connection that carries them:
 * on a client whose commands share multiplexed connections, CLIENT SETNAME, TRACKING, CACHING,
 * NO-EVICT and NO-TOUCH change whichever pooled connection sent them (as with redis-py's pool);
 * use the `clientName` option to name every connection. CLIENT REPLY is excluded (excluded.ts).
 */

export type { ClientInfo } from '../../replies/client.js';
export type ClientType = 'normal' | 'master' | 'replica' | 'pubsub';
const CLIENT_TYPES: readonly string[] = ['normal', 'master', 'replica', 'pubsub', 'slave'];

function clientType(name: string, type: unknown): string {
  if (typeof type === 'string' && CLIENT_TYPES.includes(type.toLowerCase())) return type;
  throw new DataError(`${building()}: argument '${name}' must be one of ${CLIENT_TYPES.join(', ')}`);
}

function onOff(name: string, on: unknown): 'ON' | 'OFF' {
  if (typeof on !== 'boolean') throw new DataError(`${building()}: argument '${name}' must be a boolean`);
  return on ? 'ON' : 'OFF';
}

export interface ClientListOptions {
  /** Only clients of this type (TYPE). */
  type?: ClientType;
  /** Only these client ids (ID, Redis 6.2+). */
  clientId?: readonly (number | bigint)[];
}

/** CLIENT LIST: every connected client, each parsed into an object (like CLIENT INFO). */
export const clientList = defineCommand({
  name: 'CLIENT LIST',
  options: trailingOptions(0, { type: true, clientId: true }),
  build: (options: ClientListOptions = {}) => {
    const args: CommandArg[] = ['CLIENT', 'LIST'];
    if (options.type !== undefined) args.push('TYPE', clientType('type', options.type));
    if (options.clientId !== undefined) {
      if (!Array.isArray(options.clientId) || options.clientId.length === 0) {
        throw new DataError(`${building()}: argument 'clientId' must be a non-empty array of ids`);
      }
      args.push('ID', ...options.clientId.map((id) => integer('clientId', id)));
    }
    return args;
  },
  reply: (reply) => parseClientList(reply),
  returns: returns<ClientInfo[]>(),
});

/** CLIENT INFO: this connection, parsed into an object (redis-py's parse_client_info). */
export const clientInfo = defineCommand({
  name: 'CLIENT INFO',
  reply: (reply) => parseClientInfo(reply),
  returns: returns<ClientInfo>(),
});

/** CLIENT ID: this connection's id. */
export const clientId = defineCommand({ name: 'CLIENT ID', returns: returns<number>() });

/** CLIENT GETNAME: this connection's name, or null. */
export const clientGetname = defineCommand({ name: 'CLIENT GETNAME', returns: returns<Bulk | null>() });

/** CLIENT SETNAME name: names the connection that carries it (see the note above). */
export const clientSetname = defineCommand({
  name: 'CLIENT SETNAME',
  build: (name: string | Buffer) => ['CLIENT', 'SETNAME', key('name', name)],
  reply: okToBoolean,
  returns: returns<boolean>(),
});

/** Filters of CLIENT KILL's new form (redis-py's client_kill_filter). */
export interface ClientKillFilters {
  id?: number | bigint;
  type?: ClientType;
  /** `ip:port` of the client. */
  addr?: string;
  /** `ip:port` of the server side of the connection (Redis 6.2+). */
  laddr?: string;
  user?: string;
  /** Whether the calling client may kill itself (the server's default: true, i.e. SKIPME YES). */
  skipme?: boolean;
}

/**
 * CLIENT KILL: `clientKill('127.0.0.1:5000')` (the old form: `true`), or
 * `clientKill({ id, type, addr, laddr, user, skipme })` (the number of clients killed).
 */
export const clientKill = defineCommand({
  name: 'CLIENT KILL',
  options: trailingOptions(0, { id: true, type: true, addr: true, laddr: true, user: true, skipme: 'flag' }),
  build: (target: string | ClientKillFilters) => {
    if (typeof target === 'string') return ['CLIENT', 'KILL', target];
    if (target === null || typeof target !== 'object' || Array.isArray(target)) {
      throw new DataError(`${building()}: argument 'target' must be an ip:port string or an object of filters`);
    }
    const args: CommandArg[] = ['CLIENT', 'KILL'];
    if (target.id !== undefined) args.push('ID', integer('id', target.id));
    if (target.type !== undefined) args.push('TYPE', clientType('type', target.type));
    if (target.addr !== undefined) args.push('ADDR', key('addr', target.addr));
    if (target.laddr !== undefined) args.push('LADDR', key('laddr', target.laddr));
    if (target.user !== undefined) args.push('USER', key('user', target.user));
    if (target.skipme !== undefined) args.push('SKIPME', target.skipme ? 'YES' : 'NO');
    if (args.length === 2) throw new DataError(`${building()}: argument 'target' must hold at least one filter`);
    return args;
  },
  reply: (reply) => (typeof reply === 'number' ? reply : okToBoolean(reply)),
  returns: returns<boolean | number>(),
});

/** Signatures that depend on an option; methods.ts merges them into SignatureOverrides. */
export interface ClientSignatures<D extends boolean> {
  clientKill(address: string): Promise<boolean>;
  clientKill(filters: ClientKillFilters): Promise<number>;
  clientKill(target: string | ClientKillFilters): Promise<boolean | number>;
}

/** CLIENT PAUSE timeout [WRITE|ALL]: pauses clients for `timeout` ms; `{ all: false }` pauses writes only. */
export const clientPause = defineCommand({
  name: 'CLIENT PAUSE',
  options: trailingOptions(1, { all: 'flag' }),
  build: (timeout: number, options: { all?: boolean } = {}) => {
    const args: CommandArg[] = ['CLIENT', 'PAUSE', nonNegative('timeout', timeout)];
    if (options.all === false) args.push('WRITE');
    return args;
  },
  reply: okToBoolean,
  returns: returns<boolean>(),
});

/** CLIENT UNPAUSE: ends a CLIENT PAUSE. */
export const clientUnpause = defineCommand({ name: 'CLIENT UNPAUSE', reply: okToBoolean, returns: returns<boolean>() });

export interface ClientTrackingOptions {
  /** Send invalidations to this client id (REDIRECT): needed under RESP2. */
  clientId?: number | bigint;
  /** Broadcast mode prefixes (PREFIX, repeated). */
  prefix?: readonly (string | Buffer)[];
  bcast?: boolean;
  optin?: boolean;
  optout?: boolean;
  noloop?: boolean;
}

/**
 * CLIENT TRACKING ON|OFF: server-assisted client-side caching on the connection that carries it.
 * Under RESP3 its invalidations arrive as push frames (the connection's push handler).
 */
export const clientTracking = defineCommand({
  name: 'CLIENT TRACKING',
  options: trailingOptions(1, { clientId: true, prefix: true, bcast: 'flag', optin: 'flag', optout: 'flag', noloop: 'flag' }),
  build: (on: boolean, options: ClientTrackingOptions = {}) => {
    const args: CommandArg[] = ['CLIENT', 'TRACKING', onOff('on', on)];
    exclusive(options, ['optin', 'optout']);
    if (options.clientId !== undefined) args.push('REDIRECT', integer('clientId', options.clientId));
    for (const p of options.prefix ?? []) args.push('PREFIX', key('prefix', p));
    if (options.bcast) args.push('BCAST');
    if (options.optin) args.push('OPTIN');
    if (options.optout) args.push('OPTOUT');
    if (options.noloop) args.push('NOLOOP');
    return args;
  },
  reply: okToBoolean,
  returns: returns<boolean>(),
});

export interface ClientTrackingInfo {
  flags: string[];
  redirect: number;
  prefixes: Bulk[];
}

/** CLIENT TRACKINGINFO: `{ flags, redirect, prefixes }` of this connection's tracking. */
export const clientTrackinginfo = defineCommand({
  name: 'CLIENT TRACKINGINFO',
  reply: (reply) => {
    const o = pairsToObject(reply);
    if (!('flags' in o)) throw new ProtocolError('CLIENT TRACKINGINFO: expected flags, redirect and prefixes');
    return { flags: texts(o.flags as RespValue), redirect: Number(o.redirect), prefixes: toArray(o.prefixes as RespValue) ?? [] };
  },
  returns: returns<ClientTrackingInfo>(),
});

/** CLIENT CACHING YES|NO: whether the next command's keys are tracked (OPTIN/OPTOUT modes). */
export const clientCaching = defineCommand({
  name: 'CLIENT CACHING',
  build: (yes: boolean) => {
    if (typeof yes !== 'boolean') throw new DataError(`${building()}: argument 'yes' must be a boolean`);
    return ['CLIENT', 'CACHING', yes ? 'YES' : 'NO'];
  },
  reply: okToBoolean,
  returns: returns<boolean>(),
});

/** CLIENT GETREDIR: the id invalidations are redirected to; 0 tracking without redirect, -1 no tracking. */
export const clientGetredir = defineCommand({ name: 'CLIENT GETREDIR', returns: returns<number>() });

/** CLIENT NO-EVICT ON|OFF: whether the connection is protected from client eviction. */
export const clientNoEvict = defineCommand({
  name: 'CLIENT NO-EVICT',
  build: (on: boolean) => ['CLIENT', 'NO-EVICT', onOff('on', on)],
  reply: okToBoolean,
  returns: returns<boolean>(),
});

/** CLIENT NO-TOUCH ON|OFF (Redis 7.2+): whether the connection's commands leave keys' LRU/LFU alone. */
export const clientNoTouch = defineCommand({
  name: 'CLIENT NO-TOUCH',
  build: (on: boolean) => ['CLIENT', 'NO-TOUCH', onOff('on', on)],
  reply: okToBoolean,
  returns: returns<boolean>(),
});

/** CLIENT UNBLOCK id [TIMEOUT|ERROR]: `true` when that client was blocked and is now unblocked. */
export const clientUnblock = defineCommand({
  name: 'CLIENT UNBLOCK',
  options: trailingOptions(1, { error: 'flag' }),
  build: (id: number | bigint, options: { error?: boolean } = {}) => {
    const args: CommandArg[] = ['CLIENT', 'UNBLOCK', integer('id', id)];
    if (options.error) args.push('ERROR');
    return args;
  },
  reply: integerToBoolean,
  returns: returns<boolean>(),
});

/** CLIENT SETINFO LIB-NAME|LIB-VER value (Redis 7.2+). */
export const clientSetinfo = defineCommand({
  name: 'CLIENT SETINFO',
  build: (attr: 'lib-name' | 'lib-ver', val: string) => {
    const lower = typeof attr === 'string' ? attr.toLowerCase() : '';
    if (lower !== 'lib-name' && lower !== 'lib-ver') {
      throw new DataError(`${building()}: argument 'attr' must be 'lib-name' or 'lib-ver'`);
    }
    return ['CLIENT', 'SETINFO', lower.toUpperCase(), value('value', val)];
  },
  reply: okToBoolean,
  returns: returns<boolean>(),
});

export const clientHelp = defineCommand({ name: 'CLIENT HELP', reply: texts, returns: returns<string[]>() });
