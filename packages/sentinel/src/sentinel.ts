import { EventEmitter } from 'node:events';
import { inspect } from 'node:util';
import { StrictRedis, pickParserClass, type ClientSideCacheOptions } from '@aredis/client';
import { DataError } from '@aredis/resp-parser';
import { printRedacted } from '@aredis/resp-parser/internal';
import { MasterNotFoundError } from './errors.js';
import type { SwitchMasterEvent } from './failover-watch.js';
import { PoolRegistry } from './pool-registry.js';
import {
  KNOWN,
  checkSentinelOptions,
  splitManagerOptions,
  type DataConnectionOptions,
  type SentinelClientOptions,
  type SentinelConnectionPoolOptions,
  type SentinelManagerOptions,
  type SentinelPoolOwnOptions,
  type UrlClientOptions,
} from './options.js';
import { SentinelConnectionPool } from './pool.js';
import { addressOf, flagsOf, isUp, masterRefusal, toRecord, toRecords } from './replies.js';
import { checkAddresses, checkName } from './checks.js';
import { parseSentinelUrl, urlOptions } from './url.js';
import { SentinelClient, checkUrlClientOptions, clientFromUrl } from './sentinel-client.js';
import { SentinelNodes, type Address } from './sentinel-nodes.js';

/**
 * Talks to a set of Redis Sentinels, as redis-py's `Sentinel` does: asks them in order, skips
 * one that is down, moves the one that answered to the front, and only trusts a master that
 * the sentinel does not see as down and that enough other sentinels watch. Besides redis-py,
 * it adds the sentinels the others know of, and follows `+switch-master` announcements.
 *
 * `masterFor(name)` / `slaveFor(name)` give `StrictRedis` clients whose pool asks the
 * sentinels where to connect on every (re)connect. Events: `+switch-master`
 * (`SwitchMasterEvent`, once a failover), `+sentinel` (`[host, port]` of a sentinel added).
 */
export class Sentinel extends EventEmitter {
  readonly minOtherSentinels: number;
  readonly updateSentinels: boolean;
  /** The service named by the URL given to `fromUrl` (undefined otherwise). */
  readonly serviceName: string | undefined = undefined;
  readonly watchFailovers: boolean;
  /** What the data clients (`masterFor`, `slaveFor`) are built with. */
  readonly connectionOptions: Readonly<SentinelPoolOwnOptions & DataConnectionOptions>;
  readonly #nodes: SentinelNodes;
  readonly #pools: PoolRegistry;
  #updating: Promise<void> | undefined;

  constructor(sentinels: readonly (readonly [string, number])[], options: SentinelManagerOptions = {}) {
    super();
    const addresses = checkAddresses(sentinels);
    const { own, node, data } = splitManagerOptions(options);
    const { minOtherSentinels = 0, updateSentinels = true, watchFailovers = true } = own;
    if (!Number.isInteger(minOtherSentinels) || minOtherSentinels < 0) {
      throw new DataError(`Sentinel: option 'minOtherSentinels' must be an integer >= 0, got ${String(minOtherSentinels)}`);
    }
    this.minOtherSentinels = minOtherSentinels;
    this.updateSentinels = updateSentinels;
    this.watchFailovers = watchFailovers;
    this.connectionOptions = printRedacted(data); // prints without its passwords
    this.#nodes = new SentinelNodes(addresses, node);
    this.#pools = new PoolRegistry({
      watch: watchFailovers,
      addresses: () => this.#nodes.addresses,
      connect: (host, port) => this.#nodes.connect(host, port),
      onSwitch: (event) => this.#onSwitch(event),
    });
  }

  /**
   * A Sentinel for `redis+sentinel://[[user]:password@]host[:port][,host[:port]...][/serviceName[/db]][?query]`
   * (`rediss+sentinel://` for TLS): see the README. `options` win over the URL.
   */
  static fromUrl(url: string, options: SentinelManagerOptions = {}): Sentinel {
    const parsed = parseSentinelUrl(url);
    const sentinel = new this(parsed.sentinels, urlOptions(parsed, options));
    (sentinel as { serviceName: string | undefined }).serviceName = parsed.serviceName;
    return sentinel;
  }

  /** A client of the master of the URL's service; its `close()` closes the Sentinel too. */
  static masterFromUrl<D extends boolean = false>(url: string, options: UrlClientOptions<D> = {}): StrictRedis<D> {
    return clientFromUrl<D>(Sentinel.fromUrl(url, checkUrlClientOptions('masterFromUrl', options)), 'masterFromUrl', options, true);
  }

  /** A client of the replicas of the URL's service; its `close()` closes the Sentinel too. */
  static replicaFromUrl<D extends boolean = false>(url: string, options: UrlClientOptions<D> = {}): StrictRedis<D> {
    return clientFromUrl<D>(Sentinel.fromUrl(url, checkUrlClientOptions('replicaFromUrl', options)), 'replicaFromUrl', options, false);
  }

  /** One client a sentinel, in the order they are asked (the last to answer first), as redis-py's `sentinels`. */
  get sentinels(): StrictRedis<true>[] {
    return this.#nodes.nodes.map((node) => node.client);
  }

  /** `[host, port]` of every sentinel known (given and discovered), in the order they are asked. */
  get sentinelAddresses(): Address[] {
    return this.#nodes.addresses;
  }

  /** Sentinels subscribed to `+switch-master` now (none while no client of this Sentinel is in use). */
  get watching(): Address[] {
    return this.#pools.watching;
  }

  /**
   * `[host, port]` of the master called `name`, from the first sentinel that knows a healthy
   * one. Raises MasterNotFoundError (a ConnectionError) when none does.
   */
  async discoverMaster(name: string): Promise<Address> {
    checkName('discoverMaster', name);
    const reasons: string[] = [];
    const address = await this.#nodes.first(async (node) => {
      const state = toRecord(await node.client.executeCommand('SENTINEL', 'MASTER', name));
      return masterRefusal(state, this.minOtherSentinels) ?? addressOf(state);
    }, { reasons, promote: true });
    if (address === undefined) throw new MasterNotFoundError(`No master found for ${JSON.stringify(name)} (${reasons.join('; ')})`);
    if (this.updateSentinels) this.#updating ??= this.discoverSentinels(name).then(() => undefined, () => undefined).finally(() => (this.#updating = undefined));
    return address;
  }

  /** `[host, port]` of the replicas of `name` that are up, from the first sentinel that lists any. */
  async discoverSlaves(name: string): Promise<Address[]> {
    checkName('discoverSlaves', name);
    const up = await this.#nodes.first(async (node) => {
      const replicas = toRecords(await node.client.executeCommand('SENTINEL', 'REPLICAS', name));
      const found = replicas.filter((replica) => isUp(flagsOf(replica))).map(addressOf);
      return found.length > 0 ? found : undefined;
    });
    return up ?? [];
  }

  /** Alias of `discoverSlaves`. */
  discoverReplicas(name: string): Promise<Address[]> {
    return this.discoverSlaves(name);
  }

  /**
   * `[host, port]` of the other sentinels watching `name`, as the first sentinel that answers
   * sees them (those it sees as down or disconnected left out). With `updateSentinels`
   * (default), they join the sentinels asked, and are watched for failovers.
   */
  async discoverSentinels(name: string): Promise<Address[]> {
    checkName('discoverSentinels', name);
    const found = await this.#nodes.first(async (node) => {
      return toRecords(await node.client.executeCommand('SENTINEL', 'SENTINELS', name)).filter((record) => isUp(flagsOf(record))).map(addressOf);
    });
    if (found === undefined) return [];
    if (this.updateSentinels) {
      for (const [host, port] of found) {
        if (this.#nodes.add(host, port) === undefined) continue;
        this.#pools.sentinelAdded([host, port]);
        this.emit('+sentinel', [host, port]);
      }
    }
    return found;
  }

  /** `[host, port]` by SENTINEL GET-MASTER-ADDR-BY-NAME from the first sentinel that knows it (no health check). */
  async getMasterAddrByName(name: string): Promise<Address | null> {
    checkName('getMasterAddrByName', name);
    const address = await this.#nodes.first(async (node) => {
      const reply = await node.client.executeCommand('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name);
      return Array.isArray(reply) && reply.length === 2 ? addressOf({ ip: String(reply[0]), port: String(reply[1]) }) : undefined;
    });
    return address ?? null;
  }

  /**
   * A client of the master called `name`: its pool asks the sentinels for the master on every
   * (re)connect and checks ROLE. `options` are pool and connection options (they win over the
   * Sentinel's connection options). `close()` on the client closes its pool.
   */
  masterFor<D extends boolean = false>(name: string, options: SentinelClientOptions<D> = {}): StrictRedis<D> {
    checkSentinelOptions('masterFor', options, KNOWN.client);
    return this.#client<D>('masterFor', name, { ...options, isMaster: true });
  }

  /** A client of the replicas of `name`, taken in turn; the master when no replica is up. */
  slaveFor<D extends boolean = false>(name: string, options: SentinelClientOptions<D> = {}): StrictRedis<D> {
    checkSentinelOptions('slaveFor', options, KNOWN.client);
    return this.#client<D>('slaveFor', name, { ...options, isMaster: false });
  }

  /** Alias of `slaveFor`. */
  replicaFor<D extends boolean = false>(name: string, options: SentinelClientOptions<D> = {}): StrictRedis<D> {
    return this.slaveFor<D>(name, options);
  }

  /** Called by the pools: while any is in use, the sentinels are watched for failovers. */
  register(pool: SentinelConnectionPool): void {
    this.#pools.add(pool);
  }

  unregister(pool: SentinelConnectionPool): void {
    this.#pools.delete(pool);
  }

  /** Closes the connections to the sentinels (clients from `masterFor`/`slaveFor` have their own). */
  async close(): Promise<void> {
    await Promise.all([this.#pools.stop(), this.#nodes.close(), this.#updating]);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Serialised as its sentinels' addresses and settings, without the options (they hold passwords). */
  toJSON(): Record<string, unknown> {
    return { sentinels: this.#nodes.addresses.map(([host, port]) => `${host}:${port}`), minOtherSentinels: this.minOtherSentinels };
  }

  /** Printed with the sentinels' addresses only (the options hold passwords). */
  [inspect.custom](): string {
    return `Sentinel<sentinels=[${this.#nodes.addresses.map(([host, port]) => `${host}:${port}`).join(',')}]>`;
  }

  #client<D extends boolean>(method: string, name: string, options: SentinelConnectionPoolOptions & { clientSideCache?: ClientSideCacheOptions }): StrictRedis<D> {
    checkName(method, name);
    const { clientSideCache, ...poolOptions } = options;
    const pool = new SentinelConnectionPool(name, this, { parserClass: pickParserClass(), ...this.connectionOptions, ...poolOptions });
    return new SentinelClient<D>(clientSideCache === undefined ? { connectionPool: pool } : { connectionPool: pool, clientSideCache });
  }

  /** A failover announced: the announcing sentinel knows the new master, so it is asked first. */
  #onSwitch(event: SwitchMasterEvent): void {
    if (!this.#pools.isNew(event)) return;
    this.#nodes.promote(...event.sentinel);
    this.#pools.switchMaster(event);
    this.emit('+switch-master', event);
  }
}
