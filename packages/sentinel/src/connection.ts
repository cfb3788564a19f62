import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AbstractConnection,
  TlsConnection,
  openTcpSocket,
  openTlsSocket,
  type Command,
  type ReplyTransform,
  type SendOptions,
  type TlsConnectionOptions,
} from '@aredis/connection';
import { ConnectionError, DataError } from '@aredis/resp-parser';
import { roleOf } from './replies.js';
import type { SentinelConnectionPool } from './pool.js';

/**
 * Which pool each connection class serves: a SentinelConnectionPool builds its connections
 * from a subclass of its own (`bindToPool`), so that no extra option has to pass through the
 * connection options.
 */
const POOLS = new WeakMap<object, SentinelConnectionPool>();

/** A subclass of `base` whose instances belong to `pool`; registered by `bindToPool`. */
export function poolBoundClass(base: typeof SentinelManagedConnection): typeof SentinelManagedConnection {
  const bound = class extends base {};
  Object.defineProperty(bound, 'name', { value: base.name });
  return bound;
}

export function bindToPool(connectionClass: object, pool: SentinelConnectionPool): void {
  POOLS.set(connectionClass, pool);
}

/** How long a connection told to re-resolve waits for its in-flight replies before it reconnects (ms). */
const DRAIN_LIMIT = 1000;

interface Parked {
  args: Command;
  options: SendOptions | undefined;
  transform: ReplyTransform | undefined;
  transformOptions: Readonly<Record<string, unknown>> | undefined;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

function commandWord(args: Command): string {
  const first = args[0];
  return typeof first === 'string' ? first.toUpperCase() : Buffer.isBuffer(first) ? first.toString().toUpperCase() : '';
}

/**
 * A TCP connection whose address comes from the sentinels, asked again on every (re)connect
 * through its SentinelConnectionPool. On a master pool it checks with ROLE that the server is
 * the master, and handles READONLY (see `send`).
 */
export class SentinelManagedConnection extends AbstractConnection {
  /** TLS's option names without host and port: the address comes from the sentinels. */
  static override readonly optionNames: readonly string[] = TlsConnection.optionNames.filter((name) => name !== 'host' && name !== 'port');
  declare readonly options: Readonly<TlsConnectionOptions>;
  /** Where it is (or was last) connected; empty until the first connect. */
  host = '';
  port = 0;
  readonly pool: SentinelConnectionPool;

  #inTransaction = false;
  #stale = false;
  #parked: Parked[] = [];
  #abandoned = false;
  #socket: Duplex | undefined;

  constructor(options: TlsConnectionOptions = {}) {
    super(options);
    const pool = POOLS.get(new.target);
    if (pool === undefined) throw new DataError('SentinelManagedConnection: built by a SentinelConnectionPool only');
    this.pool = pool;
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  get description(): string {
    const role = this.pool.isMaster ? 'master' : 'replica';
    return this.port === 0 ? `${this.pool.serviceName} ${role} (not resolved yet)` : `${this.pool.serviceName} ${role} at ${this.address}`;
  }

  protected override async createSocket(signal: AbortSignal): Promise<Duplex> {
    const pool = this.pool;
    const [host, port] = pool.isMaster ? await pool.getMasterAddress() : await pool.nextReplicaAddress();
    signal.throwIfAborted();
    this.host = host;
    this.port = port;
    const socket = await (pool.ssl ? openTlsSocket(host, port, this.options, signal) : openTcpSocket(host, port, this.options, signal));
    this.#socket = socket;
    return socket;
  }

  /**
   * Drops the socket as if the server had gone (commands in flight fail with ConnectionError);
   * the connection reconnects by its retry policy, asking the sentinels where to go. For a
   * connection lent out (PubSub, WATCH, a blocking command), whose user must hear of it.
   */
  dropSocket(reason: string): void {
    const socket = this.#socket;
    if (socket !== undefined && !socket.destroyed) socket.destroy(new ConnectionError(`${this.description}: ${reason}`));
  }

  /** Master pools: refuse a server that is not (or no longer) the master; the retry policy asks again. */
  protected override async verifyServer(send: (args: Command) => Promise<unknown>): Promise<void> {
    this.#inTransaction = false;
    if (!this.pool.isMaster || !this.pool.checkConnection) return;
    const role = roleOf(await send(['ROLE']));
    if (role !== 'master') {
      throw new ConnectionError(`${this.address} says role ${role}, not master of ${this.pool.serviceName}`);
    }
  }

  /**
   * On a master pool, a READONLY reply means the server was demoted: the pool's connections to
   * it reconnect through the sentinels (`SentinelConnectionPool.rediscover`). The command that
   * got READONLY was not run, so it is sent again once, on the reconnected connection, unless it
   * belongs to a MULTI/EXEC block or the connection is lent out (WATCH, blocking, PubSub): then
   * the ReadOnlyError reaches the caller. Commands issued while the connection re-resolves wait
   * and go to the new master. (One extra `.catch` promise a command on master pools.)
   */
  override send(
    args: Command,
    options?: SendOptions,
    transform?: ReplyTransform,
    transformOptions?: Readonly<Record<string, unknown>>,
  ): Promise<unknown> {
    const word = commandWord(args);
    const inTransaction = this.#inTransaction || word === 'MULTI' || word === 'EXEC' || word === 'DISCARD';
    if (word === 'MULTI') this.#inTransaction = true;
    else if (word === 'EXEC' || word === 'DISCARD') this.#inTransaction = false;
    if (this.#stale) return this.#park(args, options, transform, transformOptions);
    const reply = super.send(args, options, transform, transformOptions);
    if (!this.pool.isMaster) return reply;
    return reply.catch((error: unknown) => {
      if ((error as { code?: unknown } | null)?.code !== 'AREDIS_ERR_READONLY') throw error;
      const retry = !inTransaction && !this.pool.isLent(this);
      this.pool.rediscover(this);
      if (!retry) throw error;
      // Stale: wait for the reconnect. Not stale: it already re-resolved (this reply came late).
      return this.#stale ? this.#park(args, options, transform, transformOptions) : super.send(args, options, transform, transformOptions);
    });
  }

  /**
   * Finish what is in flight, then reconnect (asking the sentinels again). Only a connection
   * that is ready is concerned: one (re)connecting asks the sentinels anyway. Idempotent.
   */
  markStale(): void {
    if (this.#stale || (this.state !== 'ready' && this.state !== 'checking')) return;
    this.#stale = true;
    void this.#reresolve();
  }

  override connect(): Promise<void> {
    this.#abandoned = false;
    return super.connect();
  }

  override async disconnect(): Promise<void> {
    this.#abandoned = true; // #reresolve closes through super.disconnect(), not here
    await super.disconnect();
  }

  #park(
    args: Command,
    options: SendOptions | undefined,
    transform: ReplyTransform | undefined,
    transformOptions: Readonly<Record<string, unknown>> | undefined,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#parked.push({ args, options, transform, transformOptions, resolve, reject });
    });
  }

  async #reresolve(): Promise<void> {
    const until = Date.now() + DRAIN_LIMIT;
    while (this.inFlight > 0 && Date.now() < until && (this.state === 'ready' || this.state === 'checking')) await sleep(2);
    await super.disconnect();
    this.#stale = false;
    const parked = this.#parked;
    this.#parked = [];
    if (this.#abandoned) {
      const error = new ConnectionError(`Connection to ${this.description} closed by the client`);
      for (const entry of parked) entry.reject(error);
      return;
    }
    super.connect().catch(() => undefined);
    for (const { args, options, transform, transformOptions, resolve, reject } of parked) {
      super.send(args, options, transform, transformOptions).then(resolve, reject);
    }
  }
}
