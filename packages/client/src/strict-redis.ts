import { EventEmitter } from 'node:events';
import { inspect } from 'node:util';
import {
  RESPONSE_CALLBACKS,
  checkKeyPrefix,
  commandKeyIndexes,
  commandName,
  sendOptionsOf,
  type CommandMethods,
  type ResponseCallback,
} from '@aredis/commands';
import { setCommandDescriber, type SendOptions } from '@aredis/connection';
import { parseUrl, type ConnectionClass, type ConnectionPool } from '@aredis/pool';
import { DataError } from '@aredis/resp-parser';
import { checkOptions, inspectView, seconds } from '@aredis/resp-parser/internal';
import { dispatch, type ClientCore } from './dispatch.js';
import {
  Pipeline,
  installClientSurface,
  runTransaction,
  transactionArguments,
  type BulkOf,
  type ClientSurface,
  type PipelineOptions,
  type TransactionFunction,
  type TransactionOptions,
  type TransactionWatches,
} from '@aredis/pipeline';
import { Monitor, PubSub, type PubSubOptions } from '@aredis/pubsub';
import { Cache, HerdCache, type CacheOptions, type HerdCacheOptions } from '@aredis/cache';
import { Lock, type LockClass } from './lock.js';
import { LOCK_OPTIONS, type LockOptions } from './lock-options.js';
import { createScript, type Script } from './script.js';
import { addScriptMethods, checkDefinition, clientMethod, type DefinedScript, type ScriptDefinition, type WithScript } from './defined-scripts.js';
import { CLIENT_OPTION_NAMES, clientSideCacheFor, poolFor, type StrictRedisOptions } from './client-options.js';
import type { ClientSideCache } from './csc/client-side-cache.js';
import { commandRetryFor } from './command-retry.js';
import { callbacksView } from './callbacks-view.js';
import { forwardPoolEvents, type ClientEvents } from './client-events.js';
import { refuseUrlDecoding } from './url-options.js';

// The `aredis:command` traces name commands and count their keys from the specifications' key table.
setCommandDescriber((args) => ({ name: commandName(args), keyCount: commandKeyIndexes(args).length }));

export type { BulkOf };

/** Per-call options for `withOptions`: a timeout (seconds) and an AbortSignal. */
export interface CallOptions extends Pick<SendOptions, 'timeout' | 'signal'> {
  /**
   * The view's replies as strings (true) or Buffers (false) whatever the client's mode, in the
   * types as at runtime: `r.withOptions({ decodeResponses: false }).get('image')` is a Buffer on
   * a decoding client. Pipelines and transactions of the view follow it; its pubsub() does not
   * exist (a PubSub reads in its connection's mode: make a client in that mode).
   */
  decodeResponses?: boolean;
  /**
   * With `clientSideCache`: false sends the view's reads to the server and keeps nothing; true,
   * in mode 'optin', has the server track them (CLIENT CACHING YES) and keeps their replies.
   */
  cache?: boolean;
}
const CALL_OPTIONS = ['timeout', 'signal', 'decodeResponses', 'cache'] as const;

/**
 * The send options of a `withOptions(options)` view over `current`, checked (an unknown key or
 * a wrong value is a DataError): `decodeResponses` becomes the reply mode (`returnBuffers`).
 * The cluster client's views use it too.
 */
export function viewSendOptions(current: SendOptions | undefined, options: CallOptions): SendOptions {
  checkOptions('withOptions', options, CALL_OPTIONS);
  seconds('withOptions', 'timeout', options.timeout);
  const { decodeResponses, ...rest } = options;
  if (decodeResponses !== undefined && typeof decodeResponses !== 'boolean') {
    throw new DataError(`withOptions: option 'decodeResponses' must be a boolean, got ${typeof decodeResponses}`);
  }
  if (rest.cache !== undefined && typeof rest.cache !== 'boolean') {
    throw new DataError(`withOptions: option 'cache' must be a boolean, got ${typeof rest.cache}`);
  }
  const sendOptions: SendOptions = { ...current, ...rest };
  if (decodeResponses !== undefined) sendOptions.returnBuffers = !decodeResponses;
  return sendOptions;
}

/** What `withOptions(options)` returns: a client of the view's decodeResponses when it names one. */
export type ClientView<Self, O, C extends ConnectionClass> = O extends { decodeResponses: infer V extends boolean }
  ? boolean extends V
    ? Self
    : StrictRedis<V, C>
  : Self;

/** redis-py's `lock()` keywords: the Lock's and `lockClass`. */
const CLIENT_LOCK_OPTIONS: readonly string[] = [...LOCK_OPTIONS, 'lockClass'];

const CORE = Symbol('aredis.core');
const SEND_OPTIONS = Symbol('aredis.sendOptions');
const OWNS_POOL = Symbol('aredis.ownsPool');
const SCRIPTS = Symbol('aredis.definedScripts');
const STOP_EVENTS = Symbol('aredis.stopEvents');

/**
 * The client. It builds (or takes) a connection pool, has a method for every declared
 * command, and shapes replies with RESPONSE_CALLBACKS. `D` is `decodeResponses`: bulk
 * replies are `string`s when true, `Buffer`s otherwise, in the types as at runtime.
 * One client is safe to share between any number of concurrent tasks.
 */
// C (a custom connection class) only types the constructor's options: its extra options pass.
export class StrictRedis<D extends boolean = false, C extends ConnectionClass = ConnectionClass> extends EventEmitter<ClientEvents> {
  /**
   * The client's own option names (besides the pool's and the connection class's); a subclass
   * that takes more extends the list. Any other key is a DataError naming the nearest one.
   */
  static readonly optionNames: readonly string[] = CLIENT_OPTION_NAMES;
  /** Default response callbacks by command name; a subclass may extend this table. */
  static RESPONSE_CALLBACKS: Readonly<Record<string, ResponseCallback>> = { ...RESPONSE_CALLBACKS };

  declare [CORE]: ClientCore;
  declare [SEND_OPTIONS]: SendOptions | undefined;
  declare [OWNS_POOL]: boolean;
  /** The scripts `defineScript` made methods of (a view's own once it defines one). */
  declare [SCRIPTS]: ReadonlyMap<string, DefinedScript>;
  declare [STOP_EVENTS]: () => void;

  constructor(options: StrictRedisOptions<D, C> = {} as StrictRedisOptions<D, C>) {
    super();
    const ctor = new.target as typeof StrictRedis;
    const { pool, owned } = poolFor(ctor.name, ctor.optionNames, options as StrictRedisOptions);
    const { retryOnTimeout, retryOnError } = options as StrictRedisOptions;
    const retry = commandRetryFor(ctor.name, retryOnTimeout, retryOnError, pool);
    const keyPrefix = checkKeyPrefix(ctor.name, (options as StrictRedisOptions).keyPrefix);
    const clientSideCache = clientSideCacheFor(ctor.name, (options as StrictRedisOptions).clientSideCache, pool);
    this[CORE] = { pool, callbacks: new Map(Object.entries(ctor.RESPONSE_CALLBACKS)), retry, keyPrefix, clientSideCache };
    this[SEND_OPTIONS] = undefined;
    this[OWNS_POOL] = owned;
    this[SCRIPTS] = new Map();
    // Every connection's connect / ready / error / reconnecting / end, on the client too.
    this[STOP_EVENTS] = forwardPoolEvents(pool, this);
  }

  /**
   * A client for a `redis://`, `rediss://` or `unix://` URL; `options` win over the URL. The
   * reply types follow `options.decodeResponses`, so the URL may not say it (a DataError
   * naming the option to pass instead): a URL read at run time could not type the client.
   */
  static fromUrl<D extends boolean = false>(url: string, options: StrictRedisOptions<D> = {}): StrictRedis<D> {
    const fromUrl = parseUrl(url);
    refuseUrlDecoding(this.name, url, fromUrl);
    return new this<D>({ ...fromUrl, ...options } as StrictRedisOptions<D>);
  }

  /**
   * redis-py's `initialize()`: connects the pool's shared connection (so a wrong address or
   * password shows here rather than on the first command) and resolves with the client.
   */
  async initialize(): Promise<this> {
    const connection = await this[CORE].pool.getConnection();
    await connection.connect();
    return this;
  }

  /**
   * redis-py's `response_callbacks`: this client's callback table by command name (any case),
   * to read, list, assign (as `setResponseCallback`) or delete.
   */
  get responseCallbacks(): Record<string, ResponseCallback> {
    return callbacksView(this[CORE].callbacks);
  }

  /** The client-side cache (`clientSideCache` option): `stats()`, `clear()`; undefined without one. */
  get clientSideCache(): ClientSideCache | undefined {
    return this[CORE].clientSideCache;
  }

  /** The pool this client sends through. */
  get connectionPool(): ConnectionPool {
    return this[CORE].pool;
  }

  /**
   * A view of this client whose calls carry `options` (timeout in seconds, AbortSignal),
   * sharing its pool and callbacks: `await r.withOptions({ timeout: 0.5 }).get('k')`.
   */
  withOptions<Self, const O extends CallOptions>(this: Self, options: O): ClientView<Self, O, C> {
    const client = this as unknown as StrictRedis<D, C>;
    const view = Object.create(client) as StrictRedis<D, C>;
    view[SEND_OPTIONS] = viewSendOptions(client[SEND_OPTIONS], options);
    return view as unknown as ClientView<Self, O, C>;
  }

  /**
   * A pipeline sharing this client's pool and response callbacks: MULTI/EXEC around its
   * commands by default, plain with `{ transaction: false }`. See @aredis/pipeline.
   */
  pipeline(options?: PipelineOptions): Pipeline<D> {
    const pipeline = new Pipeline<D>({ ...this[CORE], sendOptions: this[SEND_OPTIONS] }, options);
    if (this[SCRIPTS].size > 0) addScriptMethods(pipeline, this[SCRIPTS]);
    return pipeline;
  }

  /**
   * ioredis's `defineCommand`: the Lua script becomes a method of this client (and of its
   * views and pipelines): `const r2 = r.defineScript('incrBy2', { numberOfKeys: 1, lua })`,
   * then `await r2.incrBy2('k', 5)` (EVALSHA, EVAL on NOSCRIPT) or `r2.pipeline().incrBy2('k', 5)`
   * (queued EVALSHA, the script loaded first). Returns this client, typed with the method.
   */
  // `this: Self`, not the polymorphic `this`: on a client that has scripts already, Self is
  // that typed client, so the methods accumulate over chained calls.
  defineScript<Self, N extends string>(this: Self, name: N, definition: ScriptDefinition): WithScript<Self, N> {
    const client = this as unknown as StrictRedis<D, C>;
    const script = checkDefinition(client, name, definition);
    const scripts = new Map(client[SCRIPTS]);
    scripts.set(name, script);
    client[SCRIPTS] = scripts;
    Object.defineProperty(client, name, { value: clientMethod(name, script) });
    return this as unknown as WithScript<Self, N>;
  }

  /**
   * redis-py's transaction(): `r.transaction(fn, 'a', 'b')` (keys one by one, or arrays of
   * keys, as `*watches`; options last). WATCHes the keys, calls `fn` with the
   * WatchedPipeline (reads run at once; after `pipe.multi()` the same object queues the
   * writes), executes, and starts again when a watched key changed. Resolves with the
   * transaction's replies, or with what `fn` returned when `valueFromCallable`.
   * `watchDelay`: seconds to wait before trying again. See @aredis/pipeline.
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
      return runTransaction(this.pipeline(), fn, watches, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** A Lua script to call as `await s({ keys, args })` (EVALSHA, EVAL on NOSCRIPT); see Script. */
  registerScript(script: string | Buffer): Script {
    return createScript(this, script);
  }

  /**
   * redis-py's `lock()`: a Lock on the key `name` (Lua based, a random token per holder),
   * durations in seconds; `lockClass` builds that class instead. Hold it for a block with
   * `await using held = await r.lock(name, { timeout: 10 }).hold()`. See Lock.
   */
  lock(name: string | Buffer, options?: LockOptions): Lock;
  lock<L>(name: string | Buffer, options: LockOptions & { lockClass: LockClass<L> }): L;
  lock(name: string | Buffer, options: LockOptions & { lockClass?: LockClass<unknown> } = {}): unknown {
    checkOptions('lock', options, CLIENT_LOCK_OPTIONS);
    const { lockClass, ...lockOptions } = options;
    if (lockClass === undefined) return new Lock(this, name, lockOptions);
    if (typeof lockClass !== 'function') throw new DataError("lock: option 'lockClass' must be a class");
    return new lockClass(this, name, lockOptions);
  }

  /**
   * A PubSub on a connection of its own from this client's pool (taken on the first
   * subscribe, given back by `close()`). See @aredis/pubsub.
   */
  pubsub(options?: PubSubOptions): PubSub<D> {
    if (this[SEND_OPTIONS]?.returnBuffers !== undefined) {
      throw new DataError('pubsub(): a withOptions({ decodeResponses }) view has no pubsub (a PubSub reads in its connection\'s mode); call it on the client');
    }
    return new PubSub<D>(this[CORE].pool, options);
  }

  /** MONITOR on a connection of its own: `for await (const entry of r.monitor())`. See @aredis/pubsub. */
  monitor(): Monitor {
    return new Monitor(this[CORE].pool);
  }

  /**
   * aredis's Cache on this client: entries under `name:`, JSON and zlib by default (binary
   * payloads go base64 when this client decodes responses). See @aredis/cache.
   */
  cache<T = unknown>(name: string, options?: CacheOptions<T>): Cache<T> {
    return new Cache<T>(this, name, { binarySafe: this[CORE].pool.connectionOptions.decodeResponses !== true, ...options });
  }

  /** A cache that serves the stale value while one caller recomputes it. See @aredis/cache. */
  herdCache<T = unknown>(name: string, options?: HerdCacheOptions<T>): HerdCache<T> {
    return new HerdCache<T>(this, name, { binarySafe: this[CORE].pool.connectionOptions.decodeResponses !== true, ...options });
  }

  /**
   * Closes the pool's connections when this client built the pool (a pool passed in as
   * `connectionPool` is left to its owner).
   */
  async close(): Promise<void> {
    if (this[OWNS_POOL]) await this[CORE].pool.disconnect(); // its connections' 'end' events reach the listeners
    this[STOP_EVENTS]();
  }

  /** redis-py's `aclose()`: `close()`. */
  aclose(): Promise<void> {
    return this.close();
  }

  /**
   * `close()` under the name redis-py code calls: resolves with true, as redis-py's QUIT. No
   * QUIT is sent (deprecated since Redis 7.2; on a shared connection it would cut other
   * callers' commands): the pool's connections are closed as `close()` does.
   */
  async quit(): Promise<true> {
    await this.close();
    return true;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** What it prints and serialises as: its pool (which prints without secrets). */
  toJSON(): Record<string, unknown> {
    return { connectionPool: this[CORE].pool.toJSON() };
  }

  [inspect.custom](depth: number, options: object, nested: (value: unknown, options: object) => string): string {
    return inspectView(this.constructor.name, { connectionPool: this[CORE].pool }, depth, options, nested);
  }
}

// Every declared command becomes a method, with executeCommand, setResponseCallback and the
// scan iterators (@aredis/pipeline's surface.ts); the client says only how a command is sent.
// `client` may be an options view (withOptions).
installClientSurface<StrictRedis<boolean>>(StrictRedis.prototype, {
  core: (client) => client[CORE],
  send: (client, name, command, spec, callOptions) =>
    dispatch(client[CORE], name, command, spec?.blocking, callOptions, sendOptionsOf(spec, client[SEND_OPTIONS])),
});

// The command methods' types, by declaration merging: they follow `D` (decodeResponses).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface StrictRedis<D extends boolean = false, C extends ConnectionClass = ConnectionClass> extends CommandMethods<D>, ClientSurface<D> {}
