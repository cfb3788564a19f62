import type { AbstractConnection } from '@aredis/connection';
import { ConnectionPool, type ConnectionPoolOptions, type ReleaseOptions } from '@aredis/pool';
import { DataError } from '@aredis/resp-parser';
import { ReplicaNotFoundError } from './errors.js';
import { POOL_HOLDER, SentinelManagedConnection, type PoolHolder } from './connection.js';

/** What a SentinelConnectionPool needs from its Sentinel. */
export interface SentinelDiscovery {
  discoverMaster(name: string): Promise<[string, number]>;
  discoverSlaves(name: string): Promise<[string, number][]>;
}

export type SentinelConnectionPoolOptions = ConnectionPoolOptions & {
  /** A pool of the master (default) or of the replicas. */
  isMaster?: boolean;
  /** Master pools: check with ROLE, after each (re)connect, that the server is the master. Default true. */
  checkConnection?: boolean;
};

/**
 * A ConnectionPool whose connections (SentinelManagedConnection) ask the sentinels where to
 * go on every (re)connect: the master for a master pool (checked with ROLE), the replicas in
 * turn for a replica pool (the master when none is up). A READONLY reply on a master pool
 * (the master was demoted) makes every connection to that server reconnect, so that they
 * find the new master.
 */
export class SentinelConnectionPool extends ConnectionPool {
  readonly serviceName: string;
  readonly isMaster: boolean;
  readonly checkConnection: boolean;
  readonly sentinelManager: SentinelDiscovery;
  /** The master's address as last found. */
  masterAddress: [string, number] | undefined = undefined;

  /** Starts at random so that many pools spread over the replicas. */
  #replicaTurn = Math.floor(Math.random() * 1024);
  readonly #lent = new Set<AbstractConnection>();

  constructor(serviceName: string, sentinelManager: SentinelDiscovery, options: SentinelConnectionPoolOptions = {}) {
    const { isMaster = true, checkConnection = true, connectionClass, ...rest } = options;
    if (connectionClass !== undefined && !(connectionClass.prototype instanceof SentinelManagedConnection) && connectionClass !== SentinelManagedConnection) {
      throw new DataError("SentinelConnectionPool: option 'connectionClass' must extend SentinelManagedConnection");
    }
    const holder: PoolHolder = { pool: undefined };
    super({ ...rest, connectionClass: connectionClass ?? SentinelManagedConnection, [POOL_HOLDER]: holder });
    holder.pool = this;
    this.serviceName = serviceName;
    this.isMaster = isMaster;
    this.checkConnection = checkConnection;
    this.sentinelManager = sentinelManager;
  }

  /** Asks the sentinels for the master (MasterNotFoundError when none knows a healthy one). */
  async getMasterAddress(): Promise<[string, number]> {
    const address = await this.sentinelManager.discoverMaster(this.serviceName);
    this.masterAddress = address;
    return address;
  }

  /**
   * The next replica in turn, or the master when the sentinels list no replica that is up;
   * ReplicaNotFoundError when there is neither.
   */
  async nextReplicaAddress(): Promise<[string, number]> {
    const replicas = await this.sentinelManager.discoverSlaves(this.serviceName);
    if (replicas.length === 0) {
      try {
        return await this.getMasterAddress();
      } catch (error) {
        throw new ReplicaNotFoundError(`No replica up and no master found for ${JSON.stringify(this.serviceName)}`, { cause: error });
      }
    }
    const turn = this.#replicaTurn++ % replicas.length;
    return replicas[turn] as [string, number];
  }

  override async acquire(): Promise<AbstractConnection> {
    const connection = await super.acquire();
    this.#lent.add(connection);
    return connection;
  }

  override release(connection: AbstractConnection, options?: ReleaseOptions): void {
    this.#lent.delete(connection);
    super.release(connection, options);
  }

  override async disconnect(): Promise<void> {
    this.#lent.clear();
    await super.disconnect();
  }

  /** Lent out by `acquire()` (a blocking command, WATCH, PubSub): its state is its user's. */
  isLent(connection: AbstractConnection): boolean {
    return this.#lent.has(connection);
  }

  /**
   * `origin` got READONLY: the server it talks to is no longer the master. It and every other
   * connection of this pool to that server (except ones lent out, which learn it on their own
   * next write) finish what they have in flight, then reconnect through the sentinels.
   */
  rediscover(origin: SentinelManagedConnection): void {
    const stale = origin.address;
    for (const connection of this.connections()) {
      if (!(connection instanceof SentinelManagedConnection)) continue;
      if (connection === origin || (!this.#lent.has(connection) && connection.address === stale)) connection.markStale();
    }
    origin.markStale();
  }
}
