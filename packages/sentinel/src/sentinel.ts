import { StrictRedis, pickParserClass, type StrictRedisOptions } from '@aredis/client';
import type { ConnectionPoolOptions } from '@aredis/pool';
import { ConnectionError, DataError, ResponseError, TimeoutError } from '@aredis/resp-parser';
import { MasterNotFoundError } from './errors.js';
import { SentinelConnectionPool, type SentinelConnectionPoolOptions } from './pool.js';
import { addressOf, flagsOf, isUp, toRecord, toRecords, type SentinelRecord } from './replies.js';

/** `[host, port]` of a server. */
export type Address = [host: string, port: number];

/** Options of `new Sentinel(...)`: its own, plus connection options for the clients it makes. */
export type SentinelManagerOptions = ConnectionPoolOptions & {
  /**
   * Options of the connections to the sentinels themselves (not the connection options below,
   * which are the data servers'). Defaults: `socketConnectTimeout` and `commandTimeout` 2 s and
   * no reconnect retries, so that a dead sentinel is skipped at once.
   */
  sentinelOptions?: ConnectionPoolOptions;
  /** A master is accepted only from a sentinel that sees at least this many others. Default 0. */
  minOtherSentinels?: number;
};

const SENTINEL_DEFAULTS: ConnectionPoolOptions = {
  socketConnectTimeout: 2,
  commandTimeout: 2,
  retry: false,
  offlineQueue: true,
};

/** A sentinel that cannot help now: down, slow, or not monitoring that name. Others are bugs. */
function isSkippable(error: unknown): boolean {
  return error instanceof ConnectionError || error instanceof TimeoutError || error instanceof ResponseError;
}

function checkName(method: string, name: unknown): string {
  if (typeof name !== 'string' || name === '') throw new DataError(`${method}: argument 'name' must be a non-empty string`);
  return name;
}

/**
 * Talks to a set of Redis Sentinels, as redis-py's `Sentinel` does: asks them in order, skips
 * one that is down, moves the one that answered to the front, and only trusts a master that
 * the sentinel does not see as down and that enough other sentinels watch.
 *
 * `masterFor(name)` / `slaveFor(name)` give `StrictRedis` clients whose pool asks the
 * sentinels where to connect on every (re)connect.
 */
export class Sentinel {
  /** One client a sentinel, in the order they are asked (the last to answer first). */
  readonly sentinels: StrictRedis<true>[];
  readonly minOtherSentinels: number;
  /** What the data clients (`masterFor`, `slaveFor`) are built with. */
  readonly connectionOptions: Readonly<ConnectionPoolOptions>;

  constructor(sentinels: readonly (readonly [string, number])[], options: SentinelManagerOptions = {}) {
    if (!Array.isArray(sentinels) || sentinels.length === 0) {
      throw new DataError("Sentinel: argument 'sentinels' must be a non-empty array of [host, port]");
    }
    const { sentinelOptions, minOtherSentinels = 0, ...connectionOptions } = options;
    if (!Number.isInteger(minOtherSentinels) || minOtherSentinels < 0) {
      throw new DataError(`Sentinel: option 'minOtherSentinels' must be an integer >= 0, got ${String(minOtherSentinels)}`);
    }
    this.minOtherSentinels = minOtherSentinels;
    this.connectionOptions = connectionOptions;
    this.sentinels = sentinels.map((address, i) => {
      const [host, port] = Array.isArray(address) ? address : [];
      if (typeof host !== 'string' || host === '' || !Number.isInteger(port) || (port as number) <= 0 || (port as number) > 65535) {
        throw new DataError(`Sentinel: argument 'sentinels[${i}]' must be [host, port], got ${JSON.stringify(address)}`);
      }
      return new StrictRedis<true>({
        parserClass: pickParserClass(),
        ...SENTINEL_DEFAULTS,
        ...sentinelOptions,
        host,
        port,
        decodeResponses: true,
      } as StrictRedisOptions<true>);
    });
  }

  /**
   * `[host, port]` of the master called `name`, from the first sentinel that knows a healthy
   * one. Raises MasterNotFoundError (a ConnectionError) when none does.
   */
  async discoverMaster(name: string): Promise<Address> {
    checkName('discoverMaster', name);
    const reasons: string[] = [];
    for (let i = 0; i < this.sentinels.length; i++) {
      const sentinel = this.sentinels[i] as StrictRedis<true>;
      let state: SentinelRecord;
      try {
        state = toRecord(await sentinel.executeCommand('SENTINEL', 'MASTER', name));
      } catch (error) {
        if (!isSkippable(error)) throw error;
        reasons.push(`${describe(sentinel)}: ${(error as Error).message}`);
        continue;
      }
      const refusal = this.#refuse(state);
      if (refusal !== undefined) {
        reasons.push(`${describe(sentinel)}: ${refusal}`);
        continue;
      }
      this.#promote(i);
      return addressOf(state);
    }
    throw new MasterNotFoundError(`No master found for ${JSON.stringify(name)} (${reasons.join('; ')})`);
  }

  /** `[host, port]` of the replicas of `name` that are up, from the first sentinel that lists any. */
  async discoverSlaves(name: string): Promise<Address[]> {
    checkName('discoverSlaves', name);
    for (const sentinel of this.sentinels) {
      let replicas: SentinelRecord[];
      try {
        replicas = toRecords(await sentinel.executeCommand('SENTINEL', 'REPLICAS', name));
      } catch (error) {
        if (!isSkippable(error)) throw error;
        continue;
      }
      const up = replicas.filter((replica) => isUp(flagsOf(replica))).map(addressOf);
      if (up.length > 0) return up;
    }
    return [];
  }

  /** Alias of `discoverSlaves`. */
  discoverReplicas(name: string): Promise<Address[]> {
    return this.discoverSlaves(name);
  }

  /** `[host, port]` of the other sentinels watching `name`, as the first sentinel that answers sees them. */
  async discoverSentinels(name: string): Promise<Address[]> {
    checkName('discoverSentinels', name);
    for (const sentinel of this.sentinels) {
      try {
        return toRecords(await sentinel.executeCommand('SENTINEL', 'SENTINELS', name)).map(addressOf);
      } catch (error) {
        if (!isSkippable(error)) throw error;
      }
    }
    return [];
  }

  /** `[host, port]` by SENTINEL GET-MASTER-ADDR-BY-NAME from the first sentinel that knows it (no health check). */
  async getMasterAddrByName(name: string): Promise<Address | null> {
    checkName('getMasterAddrByName', name);
    for (const sentinel of this.sentinels) {
      let reply: unknown;
      try {
        reply = await sentinel.executeCommand('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name);
      } catch (error) {
        if (!isSkippable(error)) throw error;
        continue;
      }
      if (Array.isArray(reply) && reply.length === 2) return addressOf({ ip: String(reply[0]), port: String(reply[1]) });
    }
    return null;
  }

  /**
   * A client of the master called `name`: its pool asks the sentinels for the master on every
   * (re)connect and checks ROLE. `options` are pool and connection options (they win over the
   * Sentinel's connection options). `close()` on the client closes its pool.
   */
  masterFor<D extends boolean = false>(
    name: string,
    options: SentinelConnectionPoolOptions & { decodeResponses?: D } = {},
  ): StrictRedis<D> {
    return this.#client<D>(name, { ...options, isMaster: true });
  }

  /** A client of the replicas of `name`, taken in turn; the master when no replica is up. */
  slaveFor<D extends boolean = false>(
    name: string,
    options: SentinelConnectionPoolOptions & { decodeResponses?: D } = {},
  ): StrictRedis<D> {
    return this.#client<D>(name, { ...options, isMaster: false });
  }

  /** Alias of `slaveFor`. */
  replicaFor<D extends boolean = false>(
    name: string,
    options: SentinelConnectionPoolOptions & { decodeResponses?: D } = {},
  ): StrictRedis<D> {
    return this.slaveFor<D>(name, options);
  }

  /** Closes the connections to the sentinels (clients from `masterFor`/`slaveFor` have their own). */
  async close(): Promise<void> {
    await Promise.all(this.sentinels.map((sentinel) => sentinel.connectionPool.disconnect()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #client<D extends boolean>(name: string, options: SentinelConnectionPoolOptions): StrictRedis<D> {
    checkName(options.isMaster === true ? 'masterFor' : 'slaveFor', name);
    const pool = new SentinelConnectionPool(name, this, { parserClass: pickParserClass(), ...this.connectionOptions, ...options });
    return new SentinelClient<D>({ connectionPool: pool });
  }

  /** Why this sentinel's view of a master is not trusted, or undefined when it is. */
  #refuse(state: SentinelRecord): string | undefined {
    const flags = flagsOf(state);
    if (!flags.has('master')) return `flags ${state.flags ?? ''} do not say master`;
    if (!isUp(flags)) return `master flagged ${state.flags ?? ''}`;
    const others = Number(state['num-other-sentinels']);
    if (!(others >= this.minOtherSentinels)) return `sees ${state['num-other-sentinels'] ?? '?'} other sentinels, fewer than ${this.minOtherSentinels}`;
    return undefined;
  }

  /** The sentinel that answered goes first next time. */
  #promote(index: number): void {
    if (index === 0) return;
    const [sentinel] = this.sentinels.splice(index, 1);
    this.sentinels.unshift(sentinel as StrictRedis<true>);
  }
}

function describe(sentinel: StrictRedis<true>): string {
  const options = sentinel.connectionPool.connectionOptions;
  return `sentinel ${String(options.host)}:${String(options.port)}`;
}

/** A StrictRedis on a pool made for it: `close()` closes that pool. */
class SentinelClient<D extends boolean> extends StrictRedis<D> {
  override async close(): Promise<void> {
    await this.connectionPool.disconnect();
  }
}
