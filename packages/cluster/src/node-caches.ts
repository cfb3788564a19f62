import { ClientSideCache, type ClientSideCacheOptions, type ClientSideCacheStats } from '@aredis/client';
import type { ConnectionPoolOptions } from '@aredis/pool';
import { DataError } from '@aredis/resp-parser';
import type { NodeKey } from './slot-map.js';

/**
 * The cluster's client-side cache (`clientSideCache`): one ClientSideCache a node, each kept
 * exact by its own node's invalidation pushes and flushed when that node's connection is lost
 * or reconnects. A read is looked up in the cache of the node it is routed to (a replica's own
 * under `readFrom`); after a slot moves, the old node's copy was already invalidated when the
 * key left it.
 */
export class NodeCaches {
  readonly #where: string;
  readonly #options: ClientSideCacheOptions;
  readonly #caches = new Map<NodeKey, ClientSideCache>();

  constructor(where: string, options: ClientSideCacheOptions, poolOptions: ConnectionPoolOptions) {
    if (poolOptions.protocol === 2) {
      throw new DataError(`${where}: option 'clientSideCache' needs RESP3 (protocol: 3): the server's invalidations are RESP3 push messages`);
    }
    const shared = (poolOptions as { sharedConnections?: number }).sharedConnections;
    if (shared !== undefined && shared !== 1) throw new DataError(`${where}: option 'clientSideCache' needs sharedConnections: 1, got ${shared}`);
    new ClientSideCache(where, options); // checks the options now, before anything is sent
    this.#where = where;
    this.#options = options;
  }

  /** The cache of one node (made on its first read). */
  of(node: NodeKey): ClientSideCache {
    let cache = this.#caches.get(node);
    if (cache === undefined) this.#caches.set(node, (cache = new ClientSideCache(this.#where, this.#options)));
    return cache;
  }

  /** The counters summed over every node, or one node's. */
  stats(node?: NodeKey): ClientSideCacheStats {
    const total: ClientSideCacheStats = { hits: 0, misses: 0, evictions: 0, invalidations: 0, flushes: 0, size: 0 };
    for (const [key, cache] of this.#caches) {
      if (node !== undefined && key !== node) continue;
      const one = cache.stats();
      for (const name of Object.keys(total) as (keyof ClientSideCacheStats)[]) total[name] += one[name];
    }
    return total;
  }

  /** Empties every node's cache. */
  clear(): void {
    for (const cache of this.#caches.values()) cache.clear();
  }
}
