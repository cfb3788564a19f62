import type { EventEmitter } from 'node:events';
import { debuglog } from 'node:util';
import { AbstractConnection, Connection, TlsConnection, type Command } from '@aredis/connection';
import type { ResponseCallback } from '@aredis/commands';
import { ConnectionPool, type ConnectionPoolOptions } from '@aredis/pool';
import { SlotsUnavailableError } from './errors.js';
import { nodeConnectionClass, type ConnectionClass } from './node-connection.js';
import { ReadRouter, type ReadFrom } from './read-from.js';
import { SlotLoader, nodeTimeoutFrom } from './slot-loader.js';
import { SlotMap, addressOf, nodeKey, type NodeAddress, type NodeKey } from './slot-map.js';
import { timeoutOption } from './timeouts.js';

const debug = debuglog('aredis');

export interface NodeManagerOptions {
  startupNodes: readonly NodeAddress[];
  /** What each node's ConnectionPool is built with (host and port added per node). */
  poolOptions: ConnectionPoolOptions;
  /** TLS connections (when poolOptions names no connectionClass). */
  ssl: boolean;
  readFrom: ReadFrom;
  /** Longest wait for one node's slot map while refreshing, in ms. */
  refreshTimeout: number;
  /** Reload the map this often (ms) besides on MOVED and errors; 0: never. */
  refreshInterval: number;
  /** natMap: announced address → reachable one. */
  translate: (announced: NodeAddress) => NodeAddress;
  /** Where `+node`, `-node`, `refresh` and the connections' events go (the cluster client). */
  events: EventEmitter;
}

/**
 * The nodes a cluster client knows: one ConnectionPool a node (made on first use), the slot
 * map, and the refresh that rebuilds the map from any node known so far (startup nodes and
 * every node any map ever listed), so that a cluster whose startup nodes are gone still
 * recovers. Events on `events`: `+node` / `-node` (a node entered / left the map; its pool is
 * closed), `refresh` (a new map), and every connection's `connect`, `ready`, `error`,
 * `reconnecting`, `end` with the node's key as last argument.
 */
export class NodeManager {
  readonly router: ReadRouter;
  readonly #options: NodeManagerOptions;
  readonly #pools = new Map<NodeKey, ConnectionPool>();
  /** Every node ever heard of, in the order learnt. */
  readonly #known = new Set<NodeKey>();
  readonly #connectionClass: ConnectionClass;
  readonly #loader: SlotLoader;
  #map: SlotMap | undefined = undefined;
  #refreshing: Promise<SlotMap> | undefined = undefined;
  #timer: NodeJS.Timeout | undefined = undefined;
  #nodeTimeout: number | undefined = undefined;
  #askedNodeTimeout = false;
  #closed = false;

  constructor(options: NodeManagerOptions) {
    this.#options = options;
    this.router = new ReadRouter(options.readFrom);
    for (const { host, port } of options.startupNodes) this.#known.add(nodeKey(host, port));
    const tls = options.ssl;
    const base = (options.poolOptions.connectionClass ?? (tls ? TlsConnection : Connection)) as ConnectionClass;
    const events = options.events;
    this.#connectionClass = nodeConnectionClass(base, this.router.usesReplicas, (event, node, args) => {
      if (event !== 'error' || events.listenerCount('error') > 0) events.emit(event, ...args, node);
    });
    this.#loader = new SlotLoader(options.translate, tls);
  }

  /** The current map, loading it first when there is none. */
  map(): SlotMap | Promise<SlotMap> {
    return this.#map ?? this.refresh();
  }

  /** The current map, if one was loaded. */
  current(): SlotMap | undefined {
    return this.#map;
  }

  /** Where the cluster client's events go (`refresh`, `+node`, `-node`, ...). */
  get events(): EventEmitter {
    return this.#options.events;
  }

  /** The cluster's `cluster-node-timeout` in ms, once read (CONFIG GET after the first map). */
  get nodeTimeout(): number | undefined {
    return this.#nodeTimeout;
  }

  /** CLUSTER SHARDS is in use (false after a server refused it: CLUSTER SLOTS). */
  get usesShards(): boolean {
    return this.#loader.usesShards;
  }

  /** Nodes known so far (startup nodes included). */
  known(): NodeKey[] {
    return [...this.#known];
  }

  /** The natMap translation (for MOVED and ASK addresses). */
  reachable(host: string, port: number): NodeKey {
    const { host: h, port: p } = this.#options.translate({ host, port });
    return nodeKey(h, p);
  }

  /** The pool of a node, made on first use. */
  pool(key: NodeKey): ConnectionPool {
    let pool = this.#pools.get(key);
    if (pool === undefined) {
      const { host, port } = addressOf(key);
      pool = new ConnectionPool({ ...this.#options.poolOptions, connectionClass: this.#connectionClass, host, port });
      this.#pools.set(key, pool);
      this.#known.add(key);
    }
    return pool;
  }

  /** A connection to `key` for one command now (the pool's shared one). */
  async connection(key: NodeKey): Promise<AbstractConnection> {
    const got = this.pool(key).getConnection();
    return got instanceof AbstractConnection ? got : await got;
  }

  /**
   * Rebuilds the slot map from the first node that answers, trying `preferred` first (after a
   * master was lost: its replicas, the first to know of their promotion), then the nodes of the
   * current map, then every other known node, each group in random order. Calls made while a
   * refresh runs share it.
   */
  refresh(preferred: readonly NodeKey[] = []): Promise<SlotMap> {
    this.#refreshing ??= this.#load(preferred).finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #load(preferred: readonly NodeKey[]): Promise<SlotMap> {
    const current = (this.#map?.nodes() ?? []).filter((k) => !preferred.includes(k));
    const others = [...this.#known].filter((k) => !current.includes(k) && !preferred.includes(k));
    const order = [...shuffle(preferred), ...shuffle(current), ...shuffle(others)];
    const failures: string[] = [];
    for (const key of order) {
      if (this.#closed) break;
      try {
        const connection = await this.connection(key);
        const send = (args: Command, callback?: ResponseCallback): Promise<unknown> =>
          connection.send(args, timeoutOption(this.#options.refreshTimeout), callback);
        const map = await this.#loader.load(send, addressOf(key));
        if (map.masters().length === 0) {
          failures.push(`${key}: no slot assigned`);
          continue;
        }
        this.#install(map, key);
        if (!this.#askedNodeTimeout) {
          this.#askedNodeTimeout = true;
          send(['CONFIG', 'GET', 'cluster-node-timeout']).then(
            (reply) => (this.#nodeTimeout = nodeTimeoutFrom(reply)),
            () => undefined, // CONFIG may be disabled: the retry budget keeps its default
          );
        }
        return map;
      } catch (error) {
        failures.push(`${key}: ${(error as Error).message}`);
      }
    }
    throw new SlotsUnavailableError(`No cluster node gave its slots (CLUSTER SHARDS/SLOTS): ${failures.join('; ') || 'no node known'}`);
  }

  /** Takes `map` (from `source`) as the current one: nodes that joined or left are announced, pools of those gone closed. */
  #install(map: SlotMap, source: NodeKey): void {
    const before = new Set(this.#map?.nodes() ?? []);
    const after = new Set(map.nodes());
    this.#map = map;
    const events = this.#options.events;
    for (const node of after) {
      this.#known.add(node);
      if (!before.has(node)) events.emit('+node', { ...addressOf(node), key: node });
    }
    for (const node of before) {
      if (after.has(node)) continue;
      // Its connections go too, the PubSub lanes' included (they are made again elsewhere).
      debug('cluster: %s left the slot map (from %s): its pool is closed', node, source);
      const pool = this.#pools.get(node);
      this.#pools.delete(node);
      void pool?.disconnect();
      events.emit('-node', { ...addressOf(node), key: node });
    }
    events.emit('refresh', map);
    const interval = this.#options.refreshInterval;
    if (this.#timer === undefined && interval > 0 && !this.#closed) {
      this.#timer = setInterval(() => void this.refresh().catch(() => undefined), interval);
      this.#timer.unref();
    }
  }

  /** Closes every pool and stops the periodic refresh. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((p) => p.disconnect()));
  }
}

function shuffle<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
