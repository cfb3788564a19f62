import { inspect } from 'node:util';
import type { AbstractConnection } from '@aredis/connection';
import { ConnectionPool, type ConnectionClass, type ConnectionPoolOptions, type ReleaseOptions } from '@aredis/pool';
import { DataError } from '@aredis/resp-parser';
import { ReplicaNotFoundError } from './errors.js';
import { SentinelManagedConnection, bindToPool, poolBoundClass } from './connection.js';
import { KNOWN, checkSentinelOptions, type SentinelConnectionPoolOptions } from './options.js';

/** What a SentinelConnectionPool needs from its Sentinel. */
export interface SentinelDiscovery {
  discoverMaster(name: string): Promise<[string, number]>;
  discoverSlaves(name: string): Promise<[string, number][]>;
  /**
   * Told when the pool looks for its server, and when it is disconnected: the Sentinel
   * watches the sentinels for failovers (`+switch-master`) while pools use it.
   */
  register?(pool: SentinelConnectionPool): void;
  unregister?(pool: SentinelConnectionPool): void;
}

function at(connection: SentinelManagedConnection, [host, port]: readonly [string, number]): boolean {
  return connection.port === port && connection.host === host;
}

/**
 * A ConnectionPool whose connections (SentinelManagedConnection) ask the sentinels where to
 * go on every (re)connect: the master for a master pool (checked with ROLE), the replicas in
 * turn for a replica pool (the master when none is up). A READONLY reply on a master pool
 * (the master was demoted) or a `+switch-master` announcement makes the connections to the
 * old server reconnect, so that they find the new master.
 */
export class SentinelConnectionPool extends ConnectionPool<ConnectionClass> {
  readonly serviceName: string;
  readonly isMaster: boolean;
  readonly checkConnection: boolean;
  /** TLS to the data servers (the `ssl` option). */
  readonly ssl: boolean;
  readonly sentinelManager: SentinelDiscovery;
  /** The master's address as last found. */
  masterAddress: [string, number] | undefined = undefined;

  /** Starts at random so that many pools spread over the replicas. */
  #replicaTurn = Math.floor(Math.random() * 1024);
  readonly #lent = new Set<AbstractConnection>();

  constructor(serviceName: string, sentinelManager: SentinelDiscovery, options: SentinelConnectionPoolOptions = {}) {
    checkSentinelOptions('SentinelConnectionPool', options, KNOWN.pool);
    const { isMaster = true, checkConnection = true, ssl = false, connectionClass, ...rest } = options;
    if (connectionClass !== undefined && !(connectionClass.prototype instanceof SentinelManagedConnection) && connectionClass !== SentinelManagedConnection) {
      throw new DataError("SentinelConnectionPool: option 'connectionClass' must extend SentinelManagedConnection");
    }
    const bound = poolBoundClass((connectionClass as typeof SentinelManagedConnection | undefined) ?? SentinelManagedConnection);
    super({ ...rest, connectionClass: bound } as ConnectionPoolOptions);
    bindToPool(bound, this);
    this.serviceName = serviceName;
    this.isMaster = isMaster;
    this.checkConnection = checkConnection;
    this.ssl = ssl;
    this.sentinelManager = sentinelManager;
  }

  /** Asks the sentinels for the master (MasterNotFoundError when none knows a healthy one). */
  async getMasterAddress(): Promise<[string, number]> {
    this.sentinelManager.register?.(this);
    const address = await this.sentinelManager.discoverMaster(this.serviceName);
    this.masterAddress = address;
    return address;
  }

  /**
   * The next replica in turn, or the master when the sentinels list no replica that is up;
   * ReplicaNotFoundError when there is neither.
   */
  async nextReplicaAddress(): Promise<[string, number]> {
    this.sentinelManager.register?.(this);
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
    this.sentinelManager.unregister?.(this);
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
    const stale: [string, number] = [origin.host, origin.port];
    for (const connection of this.connections()) {
      if (!(connection instanceof SentinelManagedConnection)) continue;
      if (connection === origin || (!this.#lent.has(connection) && at(connection, stale))) connection.markStale();
    }
    origin.markStale();
  }

  /**
   * A sentinel announced that `from` was replaced by `to` as master. A master pool leaves
   * `from`, a replica pool leaves `to` (no longer a replica): shared and idle connections
   * finish what they have in flight and reconnect through the sentinels (commands issued
   * meanwhile wait and go to the new server); connections lent out (PubSub, WATCH, blocking
   * commands) lose their socket, so that their user hears of it, and reconnect the same way.
   */
  switchMaster(from: readonly [string, number], to: readonly [string, number]): void {
    const leave = this.isMaster ? from : to;
    for (const connection of this.connections()) {
      if (!(connection instanceof SentinelManagedConnection) || !at(connection, leave)) continue;
      if (this.#lent.has(connection)) connection.dropSocket(`${this.isMaster ? 'no longer the master' : 'promoted to master'} of ${this.serviceName}`);
      else connection.markStale();
    }
  }

  /** Printed without the connection options (they hold the password). */
  override [inspect.custom](): string {
    return `SentinelConnectionPool<service=${this.serviceName}(${this.isMaster ? 'master' : 'replica'})>`;
  }
}
