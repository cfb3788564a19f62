import { Connection, TlsConnection, checkOptionKeys, type Backoff } from '@aredis/connection';
import { checkKeyPrefix, type KeyPrefix } from '@aredis/commands';
import { ConnectionPool, type ConnectionPoolOptions } from '@aredis/pool';
import { DataError } from '@aredis/resp-parser';
import { seconds } from '@aredis/resp-parser/internal';
import type { ClientSideCacheOptions } from '@aredis/client';
import { natTranslator, type NatMap } from './nat.js';
import { NodeCaches } from './node-caches.js';
import { checkReadFrom, type ReadFrom } from './read-from.js';
import type { NodeAddress } from './slot-map.js';

/** The cluster client's own options (durations in seconds). */
export interface ClusterOwnOptions<D extends boolean = boolean> {
  /** Where to learn the cluster from; any one reachable node is enough. Default 127.0.0.1:6379. */
  startupNodes?: readonly NodeAddress[];
  /** Where read-only commands go (pipelines included): see ReadFrom. Default 'master'. */
  readFrom?: ReadFrom;
  /** redis-py's flag: `true` is `readFrom: 'roundRobin'` (the master and its replicas in turn). */
  readFromReplicas?: boolean;
  /** Most connections to one node (its pool's maxConnections). */
  maxConnectionsPerNode?: number;
  /** MOVED/ASK redirections one command may take (a loop between nodes ends there). Default 16. */
  maxRedirections?: number;
  /**
   * How long (seconds) one command keeps following the cluster through TRYAGAIN, CLUSTERDOWN,
   * LOADING and lost nodes before TooManyRedirectionsError. Default: twice the cluster's own
   * `cluster-node-timeout` (CONFIG GET after the first slot map) plus 3 s; 33 s when it cannot
   * be read (Redis's default node timeout of 15 s).
   */
  retryTimeout?: number;
  /** Wait before retry N after TRYAGAIN, CLUSTERDOWN or a lost node (its `compute(n)` in seconds). Default 0.05 s doubling, at most 0.25 s. */
  retryBackoff?: Backoff;
  /** Longest wait for one node's slot map while refreshing (seconds). Default 2. */
  refreshTimeout?: number;
  /** Reload the slot map this often (seconds), besides on MOVED and errors; 0: never. Default 5 (as ioredis). */
  slotsRefreshInterval?: number;
  /** Address translation for nodes behind NAT: see NatMap. */
  natMap?: NatMap;
  /** Connect with TLS. */
  ssl?: boolean;
  /** Bulk replies as strings, which the return types follow. */
  decodeResponses?: D;
  /** Put before every key of every command, pipelines and transactions included (as StrictRedis's; routing follows the prefixed keys). */
  keyPrefix?: string | Buffer;
  /**
   * A client-side cache on every node (as StrictRedis's `clientSideCache`: RESP3 `CLIENT
   * TRACKING` on each node's shared connection, flushed when it is lost or reconnects).
   */
  clientSideCache?: ClientSideCacheOptions;
}

/** Options of StrictRedisCluster: its own, plus every connection and pool option (password, ...), applied to every node. */
export type StrictRedisClusterOptions<D extends boolean = boolean> = Omit<ConnectionPoolOptions, 'path' | 'decodeResponses'> & ClusterOwnOptions<D>;

/** The cluster's own keys (the rest go to every node's pool). */
export const CLUSTER_OPTIONS: readonly string[] = [
  'startupNodes',
  'readFrom',
  'readFromReplicas',
  'maxConnectionsPerNode',
  'maxRedirections',
  'retryTimeout',
  'retryBackoff',
  'refreshTimeout',
  'slotsRefreshInterval',
  'natMap',
  'keyPrefix',
  'clientSideCache',
];

/** The options, checked and resolved (durations in ms for the timers). */
export interface ResolvedClusterOptions {
  readonly startupNodes: readonly NodeAddress[];
  readonly poolOptions: ConnectionPoolOptions;
  /** TLS connections (when poolOptions names no connectionClass). */
  readonly ssl: boolean;
  readonly readFrom: ReadFrom;
  readonly maxRedirections: number;
  /** undefined: derived from the cluster's node timeout. */
  readonly retryTimeout: number | undefined;
  readonly backoff: (n: number) => number;
  readonly refreshTimeout: number;
  readonly refreshInterval: number;
  readonly translate: (announced: NodeAddress) => NodeAddress;
  readonly keyPrefix: KeyPrefix | undefined;
  readonly clientSideCache: NodeCaches | undefined;
}

const WHERE = 'StrictRedisCluster';
// ssl chooses the nodes' connection class here: the pools refuse it (it is no pool option).
const OWN = new Set([...CLUSTER_OPTIONS, 'ssl', 'host', 'port']);

function checkStartupNodes(options: StrictRedisClusterOptions): readonly NodeAddress[] {
  const nodes = options.startupNodes ?? [{ host: (options.host as string | undefined) ?? '127.0.0.1', port: (options.port as number | undefined) ?? 6379 }];
  if (!Array.isArray(nodes) || nodes.length === 0) {
    throw new DataError(`${WHERE}: argument 'startupNodes' needs at least one { host, port }`);
  }
  nodes.forEach((node: Partial<NodeAddress> | null, i) => {
    if (node === null || typeof node !== 'object' || typeof node.host !== 'string' || !Number.isInteger(node.port)) {
      throw new DataError(`${WHERE}: startupNodes[${i}] must be { host: string, port: number }`);
    }
  });
  return nodes;
}

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new DataError(`${WHERE}: option '${name}' must be an integer >= 1, got ${String(value)}`);
  }
  return value;
}

/**
 * The names the cluster takes: its own, `ssl`, the pool's, and those of the nodes' connection
 * class (`connectionClass`, else Connection or TlsConnection; `host`/`port` name the default
 * startup node).
 */
export function clusterOptionNames(options: StrictRedisClusterOptions): string[] {
  const connectionClass = options.connectionClass ?? (options.ssl === true ? TlsConnection : Connection);
  const names = Array.isArray(connectionClass.optionNames) ? connectionClass.optionNames : [];
  return [...CLUSTER_OPTIONS, 'ssl', ...ConnectionPool.optionNames, ...names];
}

/**
 * Checks every cluster option (an unknown key is a DataError naming the nearest known one,
 * before anything is sent) and splits off what each node's pool gets.
 */
export function resolveOptions(options: StrictRedisClusterOptions): ResolvedClusterOptions {
  checkOptionKeys(WHERE, options, clusterOptionNames(options));
  const startupNodes = checkStartupNodes(options);
  const poolOptions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) if (!OWN.has(key)) poolOptions[key] = value;
  // A lost node must fail its commands at once (the cluster client retries elsewhere), not
  // queue them while reconnecting: no reconnect loop unless asked for.
  poolOptions.retry ??= false;
  if (options.maxConnectionsPerNode !== undefined) {
    poolOptions.maxConnections = positiveInteger('maxConnectionsPerNode', options.maxConnectionsPerNode, 1);
  }
  const retryBackoff = options.retryBackoff;
  if (retryBackoff !== undefined && typeof (retryBackoff as Partial<Backoff>).compute !== 'function') {
    throw new DataError(`${WHERE}: option 'retryBackoff' must be a Backoff (an object with compute(n))`);
  }
  const backoff = retryBackoff === undefined ? (n: number) => Math.min(250, 25 * 2 ** n) : (n: number) => Math.max(0, retryBackoff.compute(n) * 1000);
  return {
    startupNodes,
    poolOptions: poolOptions as ConnectionPoolOptions,
    ssl: options.ssl === true,
    readFrom: checkReadFrom(options.readFrom, options.readFromReplicas),
    maxRedirections: positiveInteger('maxRedirections', options.maxRedirections, 16),
    retryTimeout: seconds(WHERE, 'retryTimeout', options.retryTimeout),
    backoff,
    refreshTimeout: seconds(WHERE, 'refreshTimeout', options.refreshTimeout, 2),
    refreshInterval: seconds(WHERE, 'slotsRefreshInterval', options.slotsRefreshInterval, 5),
    translate: natTranslator(options.natMap),
    keyPrefix: checkKeyPrefix(WHERE, options.keyPrefix),
    clientSideCache: options.clientSideCache === undefined ? undefined : new NodeCaches(WHERE, options.clientSideCache, poolOptions as ConnectionPoolOptions),
  };
}

/** The retry budget (ms): the option, else twice the node timeout plus 3 s (15 s when unknown). */
export function retryBudget(option: number | undefined, nodeTimeout: number | undefined): number {
  return option ?? 2 * (nodeTimeout ?? 15_000) + 3000;
}
