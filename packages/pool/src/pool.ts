import { inspect } from 'node:util';
import Denque from 'denque';
import { DataError, MaxConnectionsError, TimeoutError } from '@aredis/resp-parser';
import { inspectView, printRedacted, redactSecrets, seconds } from '@aredis/resp-parser/internal';
import { AbstractConnection, Connection, checkCredentialOptions, checkOptionKeys } from '@aredis/connection';
import type { ConnectionClass, ConnectionPoolOptions } from './options.js';
import { parseUrl } from './url.js';

export interface ReleaseOptions {
  /** Close the connection instead of keeping it for reuse (its state is not clean). */
  close?: boolean;
}
const RELEASE_OPTIONS = ['close'] as const;

/**
 * A set of connections to one server. Ordinary commands share multiplexed connection(s)
 * (`getConnection()`); a blocking command, a WATCH transaction, PubSub or MONITOR takes one
 * for itself with `acquire()` and gives it back with `release()`. When every connection
 * allowed is open, `acquire()` rejects with MaxConnectionsError, a ConnectionError
 * (BlockingConnectionPool waits).
 */
export class ConnectionPool<C extends ConnectionClass = typeof Connection> {
  /**
   * The pool's own option names (a subclass with more extends the list). The pool accepts
   * these plus its connection class's `optionNames`; any other key is a DataError.
   */
  static readonly optionNames: readonly string[] = [
    'connectionClass',
    'maxConnections',
    'sharedConnections',
    'maxIdleTime',
    'idleCheckInterval',
  ];

  /** The class connections are built with (C, typed loosely so that every pool is a `ConnectionPool`). */
  readonly connectionClass: ConnectionClass;
  readonly maxConnections: number;
  readonly sharedConnections: number;
  /** Seconds (as given). */
  readonly maxIdleTime: number;
  /** Seconds (as given). */
  readonly idleCheckInterval: number;
  /** What each connection is built with. */
  readonly connectionOptions: Readonly<Record<string, unknown>>;

  readonly #shared: AbstractConnection[] = [];
  #next = 0;
  readonly #free: AbstractConnection[] = [];
  readonly #inUse = new Set<AbstractConnection>();
  readonly #releasedAt = new Map<AbstractConnection, number>();
  #opening = 0;
  #reaper: NodeJS.Timeout | undefined = undefined;
  readonly #waiters = new Denque<() => void>();
  readonly #watchers = new Set<(connection: AbstractConnection) => void>();
  readonly #maxIdleMs: number;
  readonly #idleCheckMs: number;

  constructor(options: ConnectionPoolOptions<C> = {} as ConnectionPoolOptions<C>) {
    const where = new.target.name;
    const connectionClass: ConnectionClass = options.connectionClass ?? Connection;
    if (typeof connectionClass !== 'function' || !Array.isArray(connectionClass.optionNames)) {
      throw new DataError(`${where}: option 'connectionClass' must be a connection class (a subclass of AbstractConnection)`);
    }
    const ownNames = (new.target as unknown as typeof ConnectionPool).optionNames;
    checkOptionKeys(where, options, [...ownNames, ...connectionClass.optionNames]);
    checkCredentialOptions(where, options as { credentialProvider?: unknown });
    this.connectionClass = connectionClass;
    this.maxConnections = options.maxConnections ?? 2 ** 31;
    this.sharedConnections = Math.max(1, options.sharedConnections ?? 1);
    this.#maxIdleMs = seconds(where, 'maxIdleTime', options.maxIdleTime, 0);
    this.#idleCheckMs = Math.max(1, seconds(where, 'idleCheckInterval', options.idleCheckInterval, 1));
    this.maxIdleTime = options.maxIdleTime ?? 0;
    this.idleCheckInterval = options.idleCheckInterval ?? 1;
    const connectionOptions: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(options)) if (!ownNames.includes(key)) connectionOptions[key] = value;
    this.connectionOptions = printRedacted(connectionOptions);
  }

  /** A pool for `redis://`, `rediss://` or `unix://` URL; `overrides` win over the URL. */
  static fromUrl<P extends ConnectionPool<ConnectionClass>>(
    this: new (options: ConnectionPoolOptions) => P,
    url: string,
    overrides: ConnectionPoolOptions = {},
  ): P {
    const { retryOnTimeout, ...options } = parseUrl(url);
    if (retryOnTimeout !== undefined) {
      throw new DataError(`${this.name}.fromUrl: URL parameter 'retryOnTimeout' is the client's: give the URL to StrictRedis.fromUrl`);
    }
    return new this({ ...options, ...overrides });
  }

  /** Connections open or opening: shared, lent out and idle. */
  get size(): number {
    return this.#shared.length + this.#free.length + this.#inUse.size + this.#opening;
  }
  /** Connections lent out by `acquire()`. */
  get inUse(): number {
    return this.#inUse.size;
  }
  /** Every connection the pool holds. */
  connections(): AbstractConnection[] {
    return [...this.#shared, ...this.#free, ...this.#inUse];
  }

  /**
   * Calls `watcher` with every connection the pool holds now and with each one it makes from
   * now on (before it connects), so that its events can be followed; the function returned
   * stops the calls. The client's events come from here.
   */
  watchConnections(watcher: (connection: AbstractConnection) => void): () => void {
    this.#watchers.add(watcher);
    for (const connection of this.connections()) watcher(connection);
    return () => {
      this.#watchers.delete(watcher);
    };
  }

  /**
   * A shared multiplexed connection for an ordinary command (not connected yet, perhaps: it
   * connects on its first command). Only when no shared connection exists and the pool is
   * full does it fail (ConnectionPool) or give a promise (BlockingConnectionPool).
   */
  getConnection(): AbstractConnection | Promise<AbstractConnection> {
    const shared = this.#shared;
    const count = shared.length;
    if (count === 1 && this.sharedConnections === 1) return shared[0] as AbstractConnection;
    if (count < this.sharedConnections && this.size < this.maxConnections) {
      const connection = this.#create();
      shared.push(connection);
      return connection;
    }
    if (count === 0) return this.whenFull().then(() => this.getConnection());
    this.#next = (this.#next + 1) % count;
    return shared[this.#next] as AbstractConnection;
  }

  /** A connection for one user alone (connected and ready), until `release()`. */
  async acquire(): Promise<AbstractConnection> {
    for (;;) {
      const idle = this.#free.pop();
      if (idle !== undefined) {
        this.#releasedAt.delete(idle);
        this.#inUse.add(idle);
        try {
          await idle.connect();
          return idle;
        } catch (error) {
          this.#forget(idle);
          throw error;
        }
      }
      if (this.size < this.maxConnections) {
        const connection = this.#create();
        this.#opening++;
        try {
          await connection.connect();
        } catch (error) {
          this.#opening--;
          void connection.disconnect();
          this.#roomMade();
          throw error;
        }
        this.#opening--;
        this.#inUse.add(connection);
        return connection;
      }
      await this.whenFull();
    }
  }

  /** Gives back a connection from `acquire()`. `{ close: true }` when its state is not clean. */
  release(connection: AbstractConnection, options?: ReleaseOptions): void {
    checkOptionKeys('release', options, RELEASE_OPTIONS);
    if (!this.#inUse.delete(connection)) return;
    const reusable = options?.close !== true && connection.isIdle && connection.isReady;
    if (!reusable) {
      void connection.disconnect();
      this.#roomMade();
      return;
    }
    connection.pushHandler = connection.options.onPush; // forget a borrower's handler
    this.#free.push(connection);
    this.#releasedAt.set(connection, Date.now());
    this.#roomMade();
  }

  /** Closes every connection (lent ones too); waiting acquirers fail. The pool stays usable. */
  async disconnect(): Promise<void> {
    this.#stopReaper();
    const all = this.connections();
    this.#shared.length = 0;
    this.#free.length = 0;
    this.#inUse.clear();
    this.#releasedAt.clear();
    await Promise.all(all.map((c) => c.disconnect()));
    this.#roomMade();
  }

  /** Async disposal disconnects. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.disconnect();
  }

  /** What it prints and serialises as: its settings and counts, the connection options without secrets. */
  toJSON(): Record<string, unknown> {
    return {
      connectionClass: this.connectionClass.name,
      maxConnections: this.maxConnections,
      sharedConnections: this.sharedConnections,
      maxIdleTime: this.maxIdleTime,
      idleCheckInterval: this.idleCheckInterval,
      size: this.size,
      inUse: this.inUse,
      connectionOptions: redactSecrets(this.connectionOptions),
    };
  }

  [inspect.custom](depth: number, options: object, nested: (value: unknown, options: object) => string): string {
    return inspectView(this.constructor.name, this.toJSON(), depth, options, nested);
  }

  /**
   * Called when the pool is full. ConnectionPool fails at once (MaxConnectionsError); BlockingConnectionPool waits
   * for room (`waitForRoom`).
   */
  protected whenFull(): Promise<void> {
    return Promise.reject(new MaxConnectionsError(`Too many connections (maxConnections ${this.maxConnections}, all in use)`));
  }

  /**
   * Resolves when a connection is given back or closed, or rejects after `timeout` seconds
   * (`Infinity`: waits as long as it takes).
   */
  protected waitForRoom(timeout: number): Promise<void> {
    const ms = seconds(this.constructor.name, 'timeout', timeout, 0);
    return new Promise<void>((resolve, reject) => {
      const timer = Number.isFinite(ms)
        ? setTimeout(() => {
            const index = this.#waiters.toArray().indexOf(wake);
            if (index !== -1) this.#waiters.removeOne(index);
            reject(new TimeoutError(`No connection free within ${timeout} s (maxConnections ${this.maxConnections})`));
          }, Math.min(ms, 2 ** 31 - 1))
        : undefined;
      const wake = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.#waiters.push(wake);
    });
  }

  #roomMade(): void {
    const wake = this.#waiters.shift();
    if (wake !== undefined) wake();
  }

  #create(): AbstractConnection {
    const connection = new this.connectionClass(this.connectionOptions as never);
    for (const watcher of this.#watchers) watcher(connection);
    if (this.#maxIdleMs > 0 && Number.isFinite(this.#maxIdleMs) && this.#reaper === undefined) {
      this.#reaper = setInterval(() => this.#reapIdle(), Math.min(this.#idleCheckMs, 2 ** 31 - 1));
      this.#reaper.unref();
    }
    return connection;
  }

  #forget(connection: AbstractConnection): void {
    this.#inUse.delete(connection);
    this.#releasedAt.delete(connection);
    void connection.disconnect();
    this.#roomMade();
  }

  /** Closes connections nobody used for `maxIdleTime`. */
  #reapIdle(): void {
    const now = Date.now();
    const limit = this.#maxIdleMs;
    for (let i = this.#free.length - 1; i >= 0; i--) {
      const connection = this.#free[i] as AbstractConnection;
      if (now - (this.#releasedAt.get(connection) ?? now) >= limit) {
        this.#free.splice(i, 1);
        this.#releasedAt.delete(connection);
        void connection.disconnect();
        this.#roomMade();
      }
    }
    for (let i = this.#shared.length - 1; i >= 0; i--) {
      const connection = this.#shared[i] as AbstractConnection;
      if (connection.isIdle && connection.idleTime * 1000 >= limit) {
        this.#shared.splice(i, 1);
        void connection.disconnect();
        this.#roomMade();
      }
    }
    if (this.size === 0) this.#stopReaper();
  }

  #stopReaper(): void {
    if (this.#reaper !== undefined) clearInterval(this.#reaper);
    this.#reaper = undefined;
  }
}

export interface BlockingConnectionPoolOptions {
  /** How long `acquire()` waits for a connection when the pool is full (seconds). Default 20. */
  timeout?: number;
}

/** A pool that, when full, waits up to `timeout` seconds for a connection, then raises TimeoutError. */
export class BlockingConnectionPool<C extends ConnectionClass = typeof Connection> extends ConnectionPool<C> {
  static override readonly optionNames: readonly string[] = [...ConnectionPool.optionNames, 'timeout'];
  /** Seconds. */
  readonly timeout: number;

  constructor(options: ConnectionPoolOptions<C> & BlockingConnectionPoolOptions = {} as ConnectionPoolOptions<C>) {
    super(options);
    seconds(new.target.name, 'timeout', options.timeout);
    this.timeout = options.timeout ?? 20;
  }

  protected override whenFull(): Promise<void> {
    return this.waitForRoom(this.timeout);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeout: this.timeout };
  }
}


