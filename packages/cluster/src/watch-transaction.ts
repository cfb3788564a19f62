import type { AbstractConnection, SendOptions } from '@aredis/connection';
import {
  Pipeline,
  runTransaction,
  type PipelineHost,
  type PipelinePool,
  type TransactionFunction,
  type TransactionOptions,
  type WatchKey,
  type WatchedPipeline,
} from '@aredis/pipeline';
import { TryAgainError, type CommandArg } from '@aredis/resp-parser';
import { acquireFrom, ready, withPrefix, type ClusterCore } from './execute.js';
import { followCluster } from './follow.js';
import { redirectionInside } from './transaction.js';
import { commandSlot, crossSlotError } from './routing.js';
import type { NodeKey } from './slot-map.js';

/**
 * The PipelineHost of a transaction on one slot of a cluster: its first key's slot (a watched
 * key's, else the first queued command's) binds it; a command with a key of another slot is
 * refused with CrossSlotError before anything is queued or sent. Connections are those of the
 * slot's master as the map says when the pipeline asks for one.
 */
export class SlotHost implements PipelineHost {
  readonly callbacks: ClusterCore['callbacks'];
  readonly sendOptions: SendOptions | undefined;
  readonly pool: PipelinePool;
  readonly keyPrefix: ClusterCore['keyPrefix'];
  #slot: number | undefined;
  readonly #owners = new Map<AbstractConnection, NodeKey>();

  constructor(core: ClusterCore, slot: number | undefined, sendOptions: SendOptions | undefined) {
    this.callbacks = core.callbacks;
    this.sendOptions = sendOptions;
    this.keyPrefix = core.keyPrefix;
    this.#slot = slot;
    const master = async (): Promise<NodeKey> => {
      const map = await core.nodes.map();
      const masters = map.masters();
      const node = this.#slot === undefined ? masters[Math.floor(Math.random() * masters.length)] : map.master(this.#slot);
      if (node === undefined) throw new TryAgainError(`TRYAGAIN Hash slot ${this.#slot} is not served by any known node`);
      return node;
    };
    this.pool = {
      getConnection: async () => {
        const node = await master();
        return ready(await core.nodes.connection(node));
      },
      acquire: async () => {
        const node = await master();
        const connection = await acquireFrom(core, node);
        this.#owners.set(connection, node);
        return connection;
      },
      release: (connection, options) => {
        const node = this.#owners.get(connection);
        this.#owners.delete(connection);
        if (node !== undefined) core.nodes.pool(node).release(connection, options);
      },
    };
  }

  /** The slot the transaction is bound to (undefined until a command with a key came). */
  get slot(): number | undefined {
    return this.#slot;
  }

  readonly checkCommand = (args: readonly CommandArg[]): void => {
    const slot = commandSlot(args);
    if (slot === undefined) return;
    if (this.#slot === undefined) this.#slot = slot;
    else if (slot !== this.#slot) throw crossSlotError(args, [this.#slot, slot]);
  };
}

/** The slot of the watched keys (CrossSlotError, nothing sent, when they span slots). */
export function watchSlot(core: ClusterCore, watches: readonly WatchKey[]): number | undefined {
  return watches.length === 0 ? undefined : commandSlot(withPrefix(core, ['WATCH', ...watches]));
}

/**
 * redis-py's `transaction(fn, *watches)` on a cluster: WATCH on the master of the watched
 * keys' slot, `fn` with the WatchedPipeline (reads at once, then `multi()` and the writes,
 * which must be of the same slot), EXEC; again from WATCH when a watched key changed
 * (WatchError). When the node is lost or the slot moves (a failover, MOVED, CLUSTERDOWN), the
 * whole transaction, `fn` included, runs again on the slot's master, as redis-py starts it
 * again after a WatchError; a slot being migrated (ASK) is waited out. Without watched keys,
 * the slot is the first queued key's; when the connection taken before `fn` ran is on another
 * master, the transaction is refused there (nothing runs) and `fn` runs again on the slot's.
 */
export function runClusterTransaction<D extends boolean, T>(
  core: ClusterCore,
  fn: TransactionFunction<D, T>,
  watches: readonly WatchKey[],
  options: TransactionOptions,
  sendOptions: SendOptions | undefined,
): Promise<unknown[] | T> {
  const slot = watchSlot(core, watches);
  // One host for every try: without watched keys, the first try learns the slot (its first
  // key); a try on another master than the slot's (EXECABORT with MOVED) then goes there.
  const host = new SlotHost(core, slot, sendOptions);
  return followCluster(core, { name: 'transaction', slot, readonly: false }, async (_node, asking) => {
    if (asking) {
      // WATCH and the reads would each need ASKING on the importing node: wait for the migration.
      throw new TryAgainError(`TRYAGAIN Hash slot ${host.slot} is migrating: the transaction waits for it to end`);
    }
    try {
      return await runTransaction(new Pipeline<D>(host), fn, watches, options);
    } catch (error) {
      throw redirectionInside(error);
    }
  });
}

/** `clusterPipeline.watch(...keys)`: a WatchedPipeline on the master of the keys' slot. */
export function watchOnCluster<D extends boolean>(
  core: ClusterCore,
  keys: readonly WatchKey[],
  sendOptions: SendOptions | undefined,
): Promise<WatchedPipeline<D>> {
  return new Pipeline<D>(new SlotHost(core, watchSlot(core, keys), sendOptions)).watch(...keys);
}
