import type { ClientSideCacheOptions } from '@aredis/client';
import type { TlsConnectionOptions } from '@aredis/connection';
import type { PoolOwnOptions } from '@aredis/pool';
import { DataError } from '@aredis/resp-parser';
import { checkOptions, seconds, type KnownOptions } from '@aredis/resp-parser/internal';

/**
 * Options of the connections to the data servers (master and replicas), as redis-py's
 * `connection_kwargs`: every connection option but the address, which the sentinels give.
 * `ssl: true` connects with TLS (`ca`, `cert`, `key`, `servername`, `rejectUnauthorized`,
 * `tls` then apply), as redis-py's `ssl=True`.
 */
export type DataConnectionOptions = Omit<TlsConnectionOptions, 'host' | 'port'> & {
  /** Connect to the data servers with TLS. Default false. */
  ssl?: boolean;
};

/** The pool's own options (`connectionClass` must be a SentinelManagedConnection class). */
export type SentinelPoolOwnOptions = Omit<PoolOwnOptions, never>;

/**
 * Options of the connections to the sentinels themselves, as redis-py's `sentinel_kwargs`:
 * their own `username`/`password` (ACL) and TLS (`ssl: true`, `ca`, `cert`, `key`, ...),
 * separate from the data servers'.
 */
export type SentinelNodeOptions = Omit<TlsConnectionOptions, 'host' | 'port' | 'db' | 'decodeResponses' | 'encoding' | 'onPush'> & {
  /** Connect to the sentinels with TLS. Default false. */
  ssl?: boolean;
};

/** The sentinel-specific options of `new Sentinel(...)` (the rest are data connection options). */
export interface SentinelOwnOptions {
  /**
   * Options of the connections to the sentinels (redis-py's `sentinel_kwargs`). When left out,
   * the socket options of the data connection options (`socketTimeout`,
   * `socketConnectTimeout`, `socketKeepalive`) are used for the sentinels too, as redis-py does.
   */
  sentinelOptions?: SentinelNodeOptions;
  /** A master is accepted only from a sentinel that sees at least this many others. Default 0. */
  minOtherSentinels?: number;
  /**
   * Add the sentinels that a sentinel lists (SENTINEL SENTINELS) to the ones asked, after each
   * master discovery. Default true (ioredis's `updateSentinels`).
   */
  updateSentinels?: boolean;
  /**
   * Subscribe to `+switch-master` on the sentinels while a client made by `masterFor` /
   * `slaveFor` is in use, so that a failover is followed as soon as a sentinel announces it:
   * connections to the old master are dropped and commands go to the new one. Default true.
   */
  watchFailovers?: boolean;
}

/** Options of `new Sentinel(...)`: its own, plus the data connection and pool options for the clients it makes. */
export type SentinelManagerOptions = SentinelOwnOptions & SentinelPoolOwnOptions & DataConnectionOptions;

/** Options of `SentinelConnectionPool`. */
export type SentinelConnectionPoolOptions = SentinelPoolOwnOptions &
  DataConnectionOptions & {
    /** A pool of the master (default) or of the replicas. */
    isMaster?: boolean;
    /** Master pools: check with ROLE, after each (re)connect, that the server is the master. Default true. */
    checkConnection?: boolean;
  };

/** Options of `masterFor` / `slaveFor` / `replicaFor`: pool and data connection options, typed by `decodeResponses`. */
export type SentinelClientOptions<D extends boolean = false> = Omit<SentinelConnectionPoolOptions, 'isMaster' | 'decodeResponses'> & {
  decodeResponses?: D;
  /** A client-side cache, as StrictRedis's (RESP3): flushed when a failover moves the connection. */
  clientSideCache?: ClientSideCacheOptions;
};

/** Options of `Sentinel.masterFromUrl` / `replicaFromUrl`: a Sentinel's options (they win over the URL) and `checkConnection`. */
export type UrlClientOptions<D extends boolean = false> = Omit<SentinelManagerOptions, 'decodeResponses'> & {
  decodeResponses?: D;
  checkConnection?: boolean;
};

/** Every key of a type, listed once: TypeScript refuses a list that misses or invents one. */
function keysOf<T>(record: { [K in keyof Required<T>]: true }): readonly string[] {
  return Object.keys(record);
}

const CONNECTION_KEYS = keysOf<Omit<TlsConnectionOptions, 'host' | 'port'>>({
  db: true,
  username: true,
  password: true,
  credentialProvider: true,
  clientName: true,
  socketConnectTimeout: true,
  socketTimeout: true,
  silenceTimeout: true,
  socketKeepalive: true,
  noDelay: true,
  protocol: true,
  parserClass: true,
  encoding: true,
  decodeResponses: true,
  retry: true,
  offlineQueue: true,
  maxOfflineQueue: true,
  commandTimeout: true,
  healthCheckInterval: true,
  onPush: true,
  ca: true,
  cert: true,
  key: true,
  servername: true,
  rejectUnauthorized: true,
  tls: true,
});

const POOL_KEYS = keysOf<SentinelPoolOwnOptions>({
  connectionClass: true,
  maxConnections: true,
  sharedConnections: true,
  maxIdleTime: true,
  idleCheckInterval: true,
});

const DATA_KEYS = [...CONNECTION_KEYS, 'ssl'];
const OWN_KEYS = keysOf<SentinelOwnOptions>({ sentinelOptions: true, minOtherSentinels: true, updateSentinels: true, watchFailovers: true });
const NODE_ONLY_REFUSED = new Set(['db', 'decodeResponses', 'encoding', 'onPush']);

/** The known keys of each options object, for `checkOptions`. */
export const KNOWN = {
  manager: new Set([...OWN_KEYS, ...POOL_KEYS, ...DATA_KEYS]),
  node: new Set(DATA_KEYS.filter((key) => !NODE_ONLY_REFUSED.has(key))),
  pool: new Set([...POOL_KEYS, ...DATA_KEYS, 'isMaster', 'checkConnection']),
  client: new Set([...POOL_KEYS, ...DATA_KEYS, 'checkConnection', 'clientSideCache']),
  urlClient: new Set([...OWN_KEYS, ...POOL_KEYS, ...DATA_KEYS, 'checkConnection']),
} as const;

/** The data connection options that redis-py also gives the sentinels when `sentinel_kwargs` is left out. */
const SOCKET_KEYS = ['socketTimeout', 'socketConnectTimeout', 'socketKeepalive'] as const;

/** The duration options (seconds, checked with `seconds()` as soon as they are given). */
const DURATION_KEYS = ['socketConnectTimeout', 'socketTimeout', 'commandTimeout', 'healthCheckInterval', 'maxIdleTime', 'idleCheckInterval'] as const;

/**
 * `checkOptions` (an unknown key is a DataError naming it and the nearest known one), then
 * every duration given is checked as a number of seconds, before anything is sent.
 */
export function checkSentinelOptions(where: string, given: object | undefined, known: KnownOptions): void {
  if (given !== undefined && 'connectTimeout' in given) {
    throw new DataError(`${where}: option 'connectTimeout' is now 'socketConnectTimeout' (in seconds, as redis-py)`);
  }
  checkOptions(where, given, known);
  const values = (given ?? {}) as Record<string, unknown>;
  for (const key of DURATION_KEYS) seconds(where, key, values[key]);
  if (typeof values.socketKeepalive === 'number') seconds(where, 'socketKeepalive', values.socketKeepalive);
}

/**
 * Checks `new Sentinel(...)`'s options (DataError naming an unknown key and the nearest known
 * one) and splits them into the sentinel-specific ones, the sentinels' connection options and
 * the data servers' pool and connection options.
 */
export function splitManagerOptions(options: SentinelManagerOptions): {
  own: Omit<SentinelOwnOptions, 'sentinelOptions'>;
  node: SentinelNodeOptions;
  data: SentinelPoolOwnOptions & DataConnectionOptions;
} {
  checkSentinelOptions('Sentinel', options, KNOWN.manager);
  const { sentinelOptions, minOtherSentinels, updateSentinels, watchFailovers, ...data } = options;
  checkSentinelOptions('Sentinel sentinelOptions', sentinelOptions, KNOWN.node);
  let node: SentinelNodeOptions;
  if (sentinelOptions !== undefined) node = sentinelOptions;
  else {
    const inherited: Record<string, unknown> = {};
    for (const key of SOCKET_KEYS) if (data[key] !== undefined) inherited[key] = data[key];
    node = inherited as SentinelNodeOptions;
  }
  return { own: { minOtherSentinels, updateSentinels, watchFailovers }, node, data };
}
