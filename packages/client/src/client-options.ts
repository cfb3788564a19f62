import { Connection, TlsConnection, UnixDomainSocketConnection, checkOptionKeys } from '@aredis/connection';
import { ConnectionPool, type ConnectionClass, type ConnectionPoolOptions } from '@aredis/pool';
import { DataError } from '@aredis/resp-parser';
import { pickParserClass } from './parser-choice.js';
import type { RetryableError } from './command-retry.js';
import { ClientSideCache, type ClientSideCacheOptions } from './csc/client-side-cache.js';

/** StrictRedis's own options; every other one goes to its pool and connections. */
export interface StrictRedisOwnOptions<D extends boolean = boolean> {
  /** Bulk replies as strings (decoded with `encoding`), which the return types follow. */
  decodeResponses?: D;
  /** Use this pool instead of building one from the other options. */
  connectionPool?: ConnectionPool;
  /** Connect over this unix socket (UnixDomainSocketConnection). */
  unixSocketPath?: string;
  /** Connect with TLS (TlsConnection). */
  ssl?: boolean;
  /**
   * Send a command again when it fails with TimeoutError (redis-py's `retry_on_timeout`),
   * paced and bounded by the connections' `retry`. A timed-out command may have run: only
   * for commands that are safe to run twice. Default false.
   */
  retryOnTimeout?: boolean;
  /**
   * Send a command again when it fails with one of these error classes (redis-py's
   * `retry_on_error`), paced and bounded by the connections' `retry`: `[ConnectionError]`
   * retries even a command that was written and may have run (`mayHaveRun`). Default none.
   */
  retryOnError?: readonly RetryableError[];
  /**
   * Put before every key of every command (ioredis's `keyPrefix`): the keys the command
   * specifications name (MGET/MSET, EVAL's KEYS, XREAD's STREAMS, ...), SORT's BY/GET patterns,
   * pipelines, transactions and WATCH. Key names in replies (KEYS, SCAN) are as the server has them.
   */
  keyPrefix?: string | Buffer;
  /**
   * Keep the replies of cacheable reads (GET, MGET, HGETALL, SMEMBERS, ...) in a bounded local
   * cache, kept exact by the server's invalidation pushes (`CLIENT TRACKING`, RESP3 only).
   * Blocking commands, pipelines and transactions go to the server. See `ClientSideCacheOptions`.
   */
  clientSideCache?: ClientSideCacheOptions;
}

/**
 * Options of StrictRedis: its own, the pool's and the connections' (host, port, db, password,
 * decodeResponses, ...); with a custom `connectionClass` C, the options C's constructor takes.
 */
export type StrictRedisOptions<D extends boolean = boolean, C extends ConnectionClass = ConnectionClass> = StrictRedisOwnOptions<D> &
  ConnectionPoolOptions<C>;

/** The names of StrictRedis's own options (a subclass with more extends its `optionNames`). */
export const CLIENT_OPTION_NAMES: readonly string[] = ['connectionPool', 'unixSocketPath', 'ssl', 'retryOnTimeout', 'retryOnError', 'keyPrefix', 'clientSideCache'];

/**
 * The pool a client sends through: `connectionPool` as given, or one built from the other
 * options. Every key is checked first (DataError naming it, and the nearest known key): with
 * `connectionPool` only the client's own options are taken, and `decodeResponses` must say
 * what that pool does (so that the reply types hold).
 */
export function poolFor(where: string, own: readonly string[], options: StrictRedisOptions): { pool: ConnectionPool; owned: boolean } {
  const { connectionPool, unixSocketPath, ssl, retryOnTimeout, retryOnError, keyPrefix, clientSideCache, ...rest } = options;
  if (connectionPool !== undefined) {
    if (!(connectionPool instanceof ConnectionPool)) throw new DataError(`${where}: option 'connectionPool' must be a ConnectionPool`);
    checkWithPool(where, own, options, connectionPool);
    return { pool: connectionPool, owned: false };
  }
  const poolOptions: Record<string, unknown> = { parserClass: pickParserClass(), ...rest };
  if (unixSocketPath !== undefined) {
    poolOptions.connectionClass = UnixDomainSocketConnection;
    poolOptions.path = unixSocketPath;
  } else if (ssl === true && rest.connectionClass === undefined) {
    poolOptions.connectionClass = TlsConnection;
  }
  const connectionClass = (poolOptions.connectionClass ??= Connection) as ConnectionClass;
  const names = Array.isArray(connectionClass.optionNames) ? connectionClass.optionNames : [];
  checkOptionKeys(where, options, [...own, ...ConnectionPool.optionNames, ...names]);
  for (const key of own) delete poolOptions[key];
  return { pool: new ConnectionPool(poolOptions as ConnectionPoolOptions), owned: true };
}

function checkWithPool(where: string, own: readonly string[], options: StrictRedisOptions, pool: ConnectionPool): void {
  for (const key of Object.keys(options)) {
    if (key === 'decodeResponses') {
      const poolDecodes = pool.connectionOptions.decodeResponses === true;
      if ((options.decodeResponses === true) !== poolDecodes) {
        throw new DataError(
          `${where}: option 'decodeResponses' is ${String(options.decodeResponses)} but the connectionPool's connections ${poolDecodes ? 'decode' : 'do not decode'} responses; set it on the pool`,
        );
      }
      continue;
    }
    if (own.includes(key) && key !== 'unixSocketPath' && key !== 'ssl') continue;
    const known = [...ConnectionPool.optionNames, ...pool.connectionClass.optionNames, ...own];
    if (!known.includes(key)) checkOptionKeys(where, { [key]: undefined }, known);
    throw new DataError(`${where}: option '${key}' is for the pool and its connections: with 'connectionPool', give it to that pool`);
  }
}

/**
 * The client-side cache `clientSideCache` asks for, once the pool can carry it: RESP3 (the
 * invalidations are push frames on the connection that read) and one shared connection (so
 * that this client's own writes are invalidated on the connection its reads are tracked on,
 * before their replies).
 */
export function clientSideCacheFor(where: string, options: StrictRedisOwnOptions['clientSideCache'], pool: ConnectionPool): ClientSideCache | undefined {
  if (options === undefined) return undefined;
  if (pool.connectionOptions.protocol === 2) {
    throw new DataError(`${where}: option 'clientSideCache' needs RESP3 (protocol: 3): the server's invalidations are RESP3 push messages`);
  }
  if (pool.sharedConnections !== 1) {
    throw new DataError(`${where}: option 'clientSideCache' needs sharedConnections: 1, got ${pool.sharedConnections}`);
  }
  return new ClientSideCache(where, options);
}
