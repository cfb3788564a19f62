import { AbstractConnection, Connection, TlsConnection, type SendOptions } from '@aredis/connection';
import type { ResponseCallback } from '@aredis/commands';
import { ConnectionPool, type ConnectionPoolOptions } from '@aredis/pool';
import { SlotsUnavailableError } from './errors.js';
import { SlotMap, addressOf, nodeKey, type NodeAddress, type NodeKey, type SlotRange } from './slot-map.js';

type ConnectionClass = new (options: never) => AbstractConnection;

/**
 * A connection class like `base` that sends READONLY as soon as it is ready (after every
 * reconnect too), before the commands that waited for it: replicas then serve reads.
 */
function readOnlyClass(base: ConnectionClass): ConnectionClass {
  const Base = base as unknown as typeof Connection;
  return class ReadOnlyConnection extends Base {
    constructor(options: ConstructorParameters<typeof Connection>[0]) {
      super(options);
      // 'ready' fires before the offline queue is written, so READONLY goes first.
      this.on('ready', () => {
        this.send(['READONLY']).catch(() => undefined);
      });
    }
  } as unknown as ConnectionClass;
}

export interface NodeManagerOptions {
  startupNodes: readonly NodeAddress[];
  /** What each node's ConnectionPool is built with (host and port added per node). */
  poolOptions: ConnectionPoolOptions;
  readFromReplicas: boolean;
  /** Response callbacks (CLUSTER SLOTS is shaped by the client's own callback). */
  callbacks: ReadonlyMap<string, ResponseCallback>;
  /** Longest wait for one node's CLUSTER SLOTS, in ms. */
  refreshTimeout: number;
}

/**
 * The nodes a cluster client knows: one ConnectionPool a node (made on first use), the slot
 * map, and the refresh that rebuilds the map from any node known so far (startup nodes and
 * every node any map ever listed), so that a cluster whose startup nodes are gone still
 * recovers.
 */
export class NodeManager {
  readonly #options: NodeManagerOptions;
  readonly #pools = new Map<NodeKey, ConnectionPool>();
  /** Every node ever heard of, in the order learnt. */
  readonly #known = new Set<NodeKey>();
  readonly #connectionClass: ConnectionClass;
  #map: SlotMap | undefined = undefined;
  #refreshing: Promise<SlotMap> | undefined = undefined;
  #closed = false;

  constructor(options: NodeManagerOptions) {
    this.#options = options;
    for (const { host, port } of options.startupNodes) this.#known.add(nodeKey(host, port));
    const base = (options.poolOptions.connectionClass ??
      (options.poolOptions.ssl === true ? TlsConnection : Connection)) as ConnectionClass;
    this.#connectionClass = options.readFromReplicas ? readOnlyClass(base) : base;
  }

  get readFromReplicas(): boolean {
    return this.#options.readFromReplicas;
  }

  /** The current map, loading it first when there is none. */
  map(): SlotMap | Promise<SlotMap> {
    return this.#map ?? this.refresh();
  }

  /** Nodes known so far (startup nodes included). */
  known(): NodeKey[] {
    return [...this.#known];
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

  /**
   * Rebuilds the slot map from the first node that answers CLUSTER SLOTS, trying the nodes of
   * the current map first, then every other known node, in random order. Calls made while a
   * refresh runs share it.
   */
  refresh(): Promise<SlotMap> {
    this.#refreshing ??= this.#load().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #load(): Promise<SlotMap> {
    const current = this.#map?.nodes() ?? [];
    const others = [...this.#known].filter((k) => !current.includes(k));
    const order = [...shuffle(current), ...shuffle(others)];
    const failures: string[] = [];
    for (const key of order) {
      if (this.#closed) break;
      try {
        const map = await this.#slotsFrom(key);
        if (map.masters().length === 0) {
          failures.push(`${key}: no slot assigned`);
          continue;
        }
        for (const node of map.nodes()) this.#known.add(node);
        this.#map = map;
        return map;
      } catch (error) {
        failures.push(`${key}: ${(error as Error).message}`);
      }
    }
    throw new SlotsUnavailableError(`No cluster node gave its slots (CLUSTER SLOTS): ${failures.join('; ') || 'no node known'}`);
  }

  async #slotsFrom(key: NodeKey): Promise<SlotMap> {
    const pool = this.pool(key);
    const connection = await pool.getConnection();
    const options: SendOptions = { timeout: this.#options.refreshTimeout / 1000 }; // refreshTimeout is ms; send takes seconds
    const ranges = (await connection.send(['CLUSTER', 'SLOTS'], options, this.#options.callbacks.get('CLUSTER SLOTS'))) as SlotRange[];
    return SlotMap.fromRanges(ranges, addressOf(key));
  }

  /** Closes every pool. */
  async close(): Promise<void> {
    this.#closed = true;
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
