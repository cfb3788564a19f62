import type { StrictRedis } from '@aredis/client';
import { FailoverWatcher, type SwitchMasterEvent } from './failover-watch.js';
import type { SentinelConnectionPool } from './pool.js';
import type { Address } from './sentinel-nodes.js';

export interface PoolRegistryOptions {
  /** Watch the sentinels for `+switch-master` while pools are in use (`watchFailovers`). */
  watch: boolean;
  /** The sentinels known now. */
  addresses: () => Address[];
  /** A new client of one sentinel. */
  connect: (host: string, port: number) => StrictRedis<true>;
  /** A `+switch-master` message from any sentinel. */
  onSwitch: (event: SwitchMasterEvent) => void;
}

/**
 * The pools of a Sentinel that are in use, and the `+switch-master` watch that serves them:
 * it runs while there is at least one (so that a Sentinel whose clients are closed holds no
 * subscriptions), on every known sentinel.
 */
export class PoolRegistry {
  readonly #pools = new Set<SentinelConnectionPool>();
  readonly #watcher: FailoverWatcher;
  readonly #lastSwitch = new Map<string, string>();
  readonly #watch: boolean;
  readonly #addresses: () => Address[];

  constructor(options: PoolRegistryOptions) {
    this.#watch = options.watch;
    this.#addresses = options.addresses;
    this.#watcher = new FailoverWatcher(options.connect, options.onSwitch);
  }

  /** Sentinels subscribed to now. */
  get watching(): Address[] {
    return this.#watcher.watching;
  }

  add(pool: SentinelConnectionPool): void {
    if (this.#pools.has(pool)) return;
    this.#pools.add(pool);
    if (this.#watch) this.#watcher.watch(this.#addresses());
  }

  delete(pool: SentinelConnectionPool): void {
    if (this.#pools.delete(pool) && this.#pools.size === 0) void this.#watcher.stop();
  }

  /** A sentinel was added to the list: watched too while pools are in use. */
  sentinelAdded(address: Address): void {
    if (this.#watch && this.#pools.size > 0) this.#watcher.watch([address]);
  }

  /** False when this failover was announced already (every sentinel announces it). */
  isNew(event: SwitchMasterEvent): boolean {
    const key = `${event.from.join(':')} ${event.to.join(':')}`;
    if (this.#lastSwitch.get(event.name) === key) return false;
    this.#lastSwitch.set(event.name, key);
    return true;
  }

  /** Every pool of the announced service leaves the server it should no longer use. */
  switchMaster(event: SwitchMasterEvent): void {
    for (const pool of this.#pools) if (pool.serviceName === event.name) pool.switchMaster(event.from, event.to);
  }

  async stop(): Promise<void> {
    this.#pools.clear();
    await this.#watcher.stop();
  }
}
