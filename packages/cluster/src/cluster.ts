import { EventEmitter } from 'node:events';
import type { CommandMethods, ResponseCallback } from '@aredis/commands';
import type { SendOptions } from '@aredis/connection';
import {
  installClientSurface,
  transactionArguments,
  type ClientSurface,
  type PipelineOptions,
  type TransactionFunction,
  type TransactionOptions,
  type TransactionWatches,
} from '@aredis/pipeline';
import { parseUrl } from '@aredis/pool';
import { DataError } from '@aredis/resp-parser';
import type { NodeCaches } from './node-caches.js';
import { Lock, StrictRedis, viewSendOptions, type CallOptions, type LockClient, type LockOptions, type ScriptClient } from '@aredis/client';
import { createClusterScript, type ClusterScript } from './script.js';
import type { ClusterCore } from './execute.js';
import { NodeManager } from './nodes.js';
import { ClusterPipeline } from './pipeline.js';
import { ClusterPubSub } from './pubsub.js';
import type { PubSubOptions } from '@aredis/pubsub';
import { makeCall, runCommand } from './route.js';
import { scanNodes } from './scan.js';
import { runClusterTransaction } from './watch-transaction.js';
import { resolveOptions, retryBudget, type StrictRedisClusterOptions } from './options.js';
import type { NodeKey, SlotMap } from './slot-map.js';

/** Command methods whose reply, from every node, is `{ 'host:port': reply }`. */
export type PerNodeMethod =
  | 'scan'
  | 'configGet'
  | 'info'
  | 'clientList'
  | 'slowlogGet'
  | 'memoryStats'
  | 'lastsave'
  | 'save'
  | 'bgsave'
  | 'bgrewriteaof';

type PerNode<F> = F extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<Record<NodeKey, R>> : never;

/** The cluster client's command methods: the client's, with per-node replies where fanned out. */
export type ClusterCommandMethods<D extends boolean> = Omit<CommandMethods<D>, PerNodeMethod> & {
  [K in PerNodeMethod]: PerNode<CommandMethods<D>[K]>;
};

const CORE = Symbol('aredis.cluster.core');
const SEND_OPTIONS = Symbol('aredis.cluster.sendOptions');

/**
 * A Redis Cluster client: the same command methods as StrictRedis, each sent to the node
 * serving its keys' slot (positions from the commands' key specs, `{hash tags}` honoured),
 * replies shaped by the same RESPONSE_CALLBACKS. One ConnectionPool a node. See README.md for
 * routing of keyless commands, multi-key commands across slots (split, not atomic), and
 * redirections.
 */
export class StrictRedisCluster<D extends boolean = false> extends EventEmitter {
  /** Default response callbacks by command name: StrictRedis's own table. */
  static RESPONSE_CALLBACKS: Readonly<Record<string, ResponseCallback>> = StrictRedis.RESPONSE_CALLBACKS;

  declare [CORE]: ClusterCore;
  declare [SEND_OPTIONS]: SendOptions | undefined;

  constructor(options: StrictRedisClusterOptions<D> = {}) {
    super();
    const resolved = resolveOptions(options);
    const ctor = this.constructor as typeof StrictRedisCluster;
    const callbacks = new Map(Object.entries(ctor.RESPONSE_CALLBACKS));
    const nodes = new NodeManager({
      startupNodes: resolved.startupNodes,
      poolOptions: resolved.poolOptions,
      ssl: resolved.ssl,
      readFrom: resolved.readFrom,
      refreshTimeout: resolved.refreshTimeout,
      refreshInterval: resolved.refreshInterval,
      translate: resolved.translate,
      events: this,
    });
    this[CORE] = {
      nodes,
      callbacks,
      maxRedirections: resolved.maxRedirections,
      retryTimeout: () => retryBudget(resolved.retryTimeout, nodes.nodeTimeout),
      backoff: resolved.backoff,
      keyPrefix: resolved.keyPrefix,
      clientSideCache: resolved.clientSideCache,
    };
    this[SEND_OPTIONS] = undefined;
  }

  /** A cluster client with the URL's node as its startup node (`redis://host:port`, `rediss://`); `options` win. */
  static fromUrl<D extends boolean = false>(url: string, options: StrictRedisClusterOptions<D> = {}): StrictRedisCluster<D> {
    const { host, port, ...rest } = parseUrl(url);
    return new this<D>({ startupNodes: [{ host: host ?? '127.0.0.1', port: port ?? 6379 }], ...rest, ...options } as StrictRedisClusterOptions<D>);
  }

  /** The per-node client-side caches (`clientSideCache` option): `stats()` summed or of one node, `clear()`. */
  get clientSideCache(): NodeCaches | undefined {
    return this[CORE].clientSideCache;
  }

  /** Loads the slot map now (it is otherwise loaded by the first command). */
  async initialize(): Promise<this> {
    await this[CORE].nodes.refresh();
    return this;
  }

  /** Reloads the slot map from any known node; resolves with it. */
  refreshSlots(): Promise<SlotMap> {
    return this[CORE].nodes.refresh();
  }

  /** The current slot map (loading it when there is none). */
  async slotMap(): Promise<SlotMap> {
    return this[CORE].nodes.map();
  }

  /** A view whose calls carry `options` (timeout, AbortSignal), sharing this client's nodes. */
  withOptions<const O extends CallOptions>(options: O): O extends { decodeResponses: infer V extends boolean } ? (boolean extends V ? this : StrictRedisCluster<V>) : this {
    const view = Object.create(this) as this;
    // Checked as StrictRedis's (DataError on an unknown key); decodeResponses sets the reply mode.
    view[SEND_OPTIONS] = viewSendOptions(this[SEND_OPTIONS], options);
    return view as never;
  }

  /**
   * A cluster pipeline: commands grouped per node and sent in parallel, replies in call order.
   * Plain by default; `{ transaction: true }` wraps them in MULTI/EXEC when all keys share one slot.
   */
  pipeline(options?: PipelineOptions): ClusterPipeline<D> {
    return new ClusterPipeline<D>(this[CORE], this[SEND_OPTIONS], { transaction: false, ...options });
  }

  /**
   * redis-py's transaction() on a cluster: `c.transaction(fn, '{u1}balance', '{u1}log')`
   * (watched keys of one slot, one by one or in arrays; options last). WATCHes them on their
   * master, calls `fn` with the WatchedPipeline (reads at once; after `pipe.multi()` the same
   * object queues the writes, keys of that slot only: CrossSlotError otherwise, nothing sent),
   * executes, and starts again when a watched key changed, the node was lost or the slot moved.
   */
  transaction<T>(
    fn: TransactionFunction<D, T>,
    ...watchesAndOptions: [...TransactionWatches[], TransactionOptions & { valueFromCallable: true }]
  ): Promise<T>;
  transaction(
    fn: TransactionFunction<D, unknown>,
    ...watchesAndOptions: [...TransactionWatches[], TransactionOptions & { valueFromCallable?: false }]
  ): Promise<unknown[]>;
  transaction(fn: TransactionFunction<D, unknown>, ...watches: TransactionWatches[]): Promise<unknown[]>;
  transaction(fn: TransactionFunction<D, unknown>, ...watchesAndOptions: unknown[]): Promise<unknown> {
    try {
      const { watches, options } = transactionArguments(watchesAndOptions);
      return runClusterTransaction(this[CORE], fn, watches, options, this[SEND_OPTIONS]);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * PubSub on the cluster: SUBSCRIBE/PSUBSCRIBE on one node, SSUBSCRIBE at each shard channel's
   * slot's master (subscribed again where the slot moves); one stream of messages. See ClusterPubSub.
   */
  pubsub(options?: PubSubOptions): ClusterPubSub<D> {
    if (this[SEND_OPTIONS]?.returnBuffers !== undefined) {
      throw new DataError("pubsub(): a withOptions({ decodeResponses }) view has no pubsub (it reads in its connections' mode); call it on the client");
    }
    return new ClusterPubSub<D>(this[CORE], options);
  }

  /**
   * A Lua script (EVALSHA, EVAL on NOSCRIPT) routed by its keys, which must share one slot; on
   * a ClusterPipeline (`{ client: pipe }`) it is queued, and loaded on every master first.
   */
  registerScript(script: string | Buffer): ClusterScript {
    return createClusterScript(this as unknown as ScriptClient, script);
  }

  /** A lock on the key `name` (the client's Lua lock; its one key decides the node). See Lock. */
  lock(name: string | Buffer, options?: LockOptions): Lock {
    return new Lock(this as unknown as LockClient, name, options);
  }

  /** Closes every node's connections. */
  async close(): Promise<void> {
    await this[CORE].nodes.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

// The client surface (@aredis/pipeline's surface.ts), each command sent to the node of its
// slot (route.ts); scanIter walks every master. `client` may be an options view (withOptions).
installClientSurface<StrictRedisCluster<boolean>>(StrictRedisCluster.prototype, {
  core: (client) => client[CORE],
  send: (client, name, command, spec, callOptions) => runCommand(client[CORE], makeCall(name, command, spec, callOptions, client[SEND_OPTIONS])),
  scanKeys: (client, options) => scanNodes(client[CORE], client[SEND_OPTIONS], options),
});

// The command methods' types, by declaration merging: they follow `D` (decodeResponses).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface StrictRedisCluster<D extends boolean = false> extends ClusterCommandMethods<D>, ClientSurface<D> {}

