import { EventEmitter } from 'node:events';
import type { AbstractConnection, PushHandler } from '@aredis/connection';
import { ConnectionError, DataError, PubSubError, type CommandArg, type RespValue } from '@aredis/resp-parser';
import { checkOptions, seconds } from '@aredis/resp-parser/internal';
import { Inbox, type InboxEntry } from './inbox.js';
import { readFrame, type Bulk, type DataMessage, type PubSubMessage, type SubscriptionType } from './messages.js';
import { Pinger } from './pinger.js';
import { runLoop, type RunHandle, type RunOptions } from './run.js';
import {
  Subscriptions,
  SUBSCRIBE_COMMAND,
  UNSUBSCRIBE_COMMAND,
  checkNames,
  parseSubscribeArgs,
  type ChannelName,
  type HandlerMap,
  type SubscriptionKind,
} from './subscriptions.js';
import { toValueFn } from './values.js';

/** What a PubSub needs from a pool: a connection of its own, and a way to give it back. */
export interface DedicatedConnectionSource {
  acquire(): Promise<AbstractConnection>;
  release(connection: AbstractConnection, options?: { close?: boolean }): void;
  /** The options connections are built with (decodeResponses, encoding, healthCheckInterval). */
  readonly connectionOptions?: Readonly<Record<string, unknown>>;
}

export interface PubSubOptions {
  /**
   * Leave (un)subscribe confirmations out of `listen()`, `getMessage()` and `run()`, whatever
   * their own option says (the two are OR-ed, as in redis-py). Default false.
   */
  ignoreSubscribeMessages?: boolean;
  /**
   * While nothing is heard from the server for this many seconds, PING it; when the PING is
   * not answered within another such period, the connection is dropped and made again (then
   * resubscribed). Default: the pool's `healthCheckInterval`, else off.
   */
  healthCheckInterval?: number;
}

export interface GetMessageOptions {
  /**
   * How long to wait, in seconds (fractions allowed): 0 (default) only looks at what already
   * came; `null` or Infinity waits for one (redis-py's `timeout=None`).
   */
  timeout?: number | null;
  /** Leave (un)subscribe confirmations out (OR-ed with the PubSub's own option). */
  ignoreSubscribeMessages?: boolean;
}

/** The options of `listen()`. */
export interface ListenOptions {
  /** Leave (un)subscribe confirmations out (OR-ed with the PubSub's own option). */
  ignoreSubscribeMessages?: boolean;
}

/** What the `reconnect` event carries: what was subscribed to again. */
export interface ReconnectEvent {
  channels: ChannelName[];
  patterns: ChannelName[];
  shardChannels: ChannelName[];
}

const KINDS: readonly SubscriptionKind[] = ['channel', 'pattern', 'shard'];
const LEAVING: Readonly<Partial<Record<SubscriptionType, SubscriptionKind>>> = {
  unsubscribe: 'channel',
  punsubscribe: 'pattern',
  sunsubscribe: 'shard',
};
/** The confirmation each (un)subscribe command sends. */
const CONFIRMATION: Readonly<Record<string, SubscriptionType>> = {
  SUBSCRIBE: 'subscribe',
  PSUBSCRIBE: 'psubscribe',
  SSUBSCRIBE: 'ssubscribe',
  UNSUBSCRIBE: 'unsubscribe',
  PUNSUBSCRIBE: 'punsubscribe',
  SUNSUBSCRIBE: 'sunsubscribe',
};
/** How long `close()` waits for the server to confirm the unsubscribes before closing instead. */
const CLOSE_TIMEOUT = 2000;
const PUBSUB_OPTIONS = ['ignoreSubscribeMessages', 'healthCheckInterval'];
const GET_MESSAGE_OPTIONS = ['timeout', 'ignoreSubscribeMessages'];
const LISTEN_OPTIONS = ['ignoreSubscribeMessages'];
const RUN_OPTIONS = ['onError', 'onMessage', 'ignoreSubscribeMessages'];

/**
 * redis-py's PubSub on a connection of its own (taken from the pool on the first subscribe,
 * given back by `close()`). Messages are read with `listen()`, `getMessage()` or `run()`;
 * a channel subscribed with a handler has its messages go to the handler instead, as they are
 * read. Works with RESP3 push frames and with RESP2 replies alike.
 *
 * After a lost connection is made again, every channel and pattern is subscribed again; the
 * loss is made known twice: a `{ type: 'reconnect' }` message in the stream (messages may have
 * been missed) and a `reconnect` event once the subscriptions are back. `disconnect` is emitted
 * (with the error) when the connection is lost.
 */
export class PubSub<D extends boolean = false> extends EventEmitter {
  readonly #source: DedicatedConnectionSource;
  readonly #ignoreSubscribeMessages: boolean;
  readonly #healthCheckInterval: number;
  readonly #toValue: (value: RespValue) => Bulk<D>;
  readonly #subscriptions: Subscriptions<Bulk<D>>;
  readonly #inbox = new Inbox<PubSubMessage<Bulk<D>>>();
  readonly #pinger: Pinger<Bulk<D>>;
  #connection: AbstractConnection | undefined = undefined;
  #connecting: Promise<AbstractConnection> | undefined = undefined;
  #previousPushHandler: PushHandler | undefined = undefined;
  #healthTimer: NodeJS.Timeout | undefined = undefined;
  #run: RunHandle | undefined = undefined;
  #closed = false;
  #restarting = false;
  #failure: Error | undefined = undefined;
  readonly #listeners = {
    ready: (): void => this.#onReconnected(),
    reconnecting: (event: { attempt: number; error: Error }): void => {
      if (event.attempt === 1) this.emit('disconnect', event.error);
    },
    end: (): void => this.#onGaveUp(),
  };

  constructor(source: DedicatedConnectionSource, options: PubSubOptions = {}) {
    super();
    checkOptions('PubSub', options, PUBSUB_OPTIONS);
    this.#source = source;
    const connectionOptions = source.connectionOptions ?? {};
    const decode = connectionOptions.decodeResponses === true;
    const encoding = (connectionOptions.encoding as BufferEncoding | undefined) ?? 'utf8';
    this.#ignoreSubscribeMessages = flag('PubSub', 'ignoreSubscribeMessages', options.ignoreSubscribeMessages);
    // Seconds, as the connection option of that name; the timer below works in ms.
    const pooled = connectionOptions.healthCheckInterval;
    const interval =
      seconds('PubSub', 'healthCheckInterval', options.healthCheckInterval) ?? (typeof pooled === 'number' ? pooled * 1000 : 0);
    this.#healthCheckInterval = Number.isFinite(interval) && interval > 0 ? interval : 0;
    this.#toValue = toValueFn(decode, encoding) as (value: RespValue) => Bulk<D>;
    this.#subscriptions = new Subscriptions(encoding);
    this.#pinger = new Pinger((message) => this.#inbox.push({ value: message }));
  }

  /**
   * Subscribed to anything (channels, patterns or shard channels). As in redis-py, a name
   * counts until the server's confirmation of its unsubscribe has been read (by
   * `getMessage()`, `listen()` or `run()`), so `listen()` ends after the last one.
   */
  get subscribed(): boolean {
    return this.#subscriptions.size > 0;
  }
  get channels(): ChannelName[] {
    return this.#subscriptions.names('channel');
  }
  get patterns(): ChannelName[] {
    return this.#subscriptions.names('pattern');
  }
  get shardChannels(): ChannelName[] {
    return this.#subscriptions.names('shard');
  }
  /** The dedicated connection, once the first command took it. */
  get connection(): AbstractConnection | undefined {
    return this.#connection;
  }

  /**
   * SUBSCRIBE: names, or objects of name → handler (`subscribe('a', { b: (m) => … })`).
   * Resolves once the server has confirmed.
   */
  subscribe(...channels: (ChannelName | HandlerMap<Bulk<D>>)[]): Promise<void> {
    return this.#subscribe('channel', 'subscribe', channels);
  }
  /** PSUBSCRIBE: glob-style patterns, or objects of pattern → handler. */
  psubscribe(...patterns: (ChannelName | HandlerMap<Bulk<D>>)[]): Promise<void> {
    return this.#subscribe('pattern', 'psubscribe', patterns);
  }
  /** SSUBSCRIBE (Redis 7): shard channels, or objects of shard channel → handler. */
  ssubscribe(...channels: (ChannelName | HandlerMap<Bulk<D>>)[]): Promise<void> {
    return this.#subscribe('shard', 'ssubscribe', channels);
  }
  /** UNSUBSCRIBE from these channels, or from every one when none is named. */
  unsubscribe(...channels: ChannelName[]): Promise<void> {
    return this.#unsubscribe('channel', 'unsubscribe', channels);
  }
  punsubscribe(...patterns: ChannelName[]): Promise<void> {
    return this.#unsubscribe('pattern', 'punsubscribe', patterns);
  }
  sunsubscribe(...channels: ChannelName[]): Promise<void> {
    return this.#unsubscribe('shard', 'sunsubscribe', channels);
  }

  /**
   * PING on the subscribed connection; resolves with the answer's data (`message`, or ''),
   * which also comes as a `pong` message.
   */
  async ping(message?: string | Buffer): Promise<Bulk<D>> {
    const connection = await this.#connect('ping');
    if (!connection.isReady) throw new ConnectionError(`PubSub: connection to ${connection.description} is down`);
    const answer = this.#pinger.expect('ping');
    connection.write(message === undefined ? ['PING'] : ['PING', message]);
    return answer;
  }

  /**
   * The next message, or null when none came within `timeout` seconds (default 0: only what
   * is already here) or the PubSub is closed. Messages of channels with a handler are handed
   * to it (and awaited) on the way. Before anything was subscribed (or pinged) there is no
   * connection to read: PubSubError, as redis-py's RuntimeError.
   */
  async getMessage(options: GetMessageOptions = {}): Promise<PubSubMessage<Bulk<D>> | null> {
    checkOptions('PubSub.getMessage', options, GET_MESSAGE_OPTIONS);
    const where = 'PubSub.getMessage';
    const timeout = options.timeout === null ? Infinity : seconds(where, 'timeout', options.timeout, 0);
    const ignore = flag(where, 'ignoreSubscribeMessages', options.ignoreSubscribeMessages) || this.#ignoreSubscribeMessages;
    if (this.#connecting === undefined && !this.#closed) {
      throw new PubSubError('PubSub: getMessage() before any subscribe(): there is no connection to read (subscribe first)');
    }
    return this.#next(timeout, ignore, false);
  }

  /**
   * Every message, as they come, while subscribed to anything (as redis-py's, it ends once the
   * confirmation of the last unsubscribe was read) or until the PubSub is closed:
   * `for await (const m of ps.listen())`.
   */
  async *listen(options: ListenOptions = {}): AsyncGenerator<PubSubMessage<Bulk<D>>, void, undefined> {
    checkOptions('PubSub.listen', options, LISTEN_OPTIONS);
    const ignore = flag('PubSub.listen', 'ignoreSubscribeMessages', options.ignoreSubscribeMessages) || this.#ignoreSubscribeMessages;
    while (this.subscribed) {
      const message = await this.#next(Infinity, ignore, true);
      if (message === null) return;
      yield message;
    }
  }

  /**
   * Reads until a message to give (or `timeout` ms pass); with `untilUnsubscribed`, also
   * stops (null) after a message it did not give left the PubSub subscribed to nothing.
   */
  async #next(timeout: number, ignore: boolean, untilUnsubscribed: boolean): Promise<PubSubMessage<Bulk<D>> | null> {
    const deadline = Number.isFinite(timeout) ? Date.now() + timeout : Infinity;
    for (;;) {
      if (this.#run !== undefined) throw new PubSubError('PubSub: run() is reading the messages; stop() it first');
      const entry = await this.#take(deadline === Infinity ? Infinity : Math.max(0, deadline - Date.now()));
      if (entry === null) return null;
      if (entry.error !== undefined) throw entry.error;
      const message = entry.value;
      if (isData(message)) {
        const handler = this.#subscriptions.handlerFor(message);
        if (handler === undefined) return message;
        await handler(message);
      } else if (!(ignore && isSubscription(message))) {
        return message;
      }
      if (untilUnsubscribed && !this.subscribed) return null;
    }
  }

  /** Takes the next entry, applying what reading it changes (a confirmed unsubscribe forgets its name). */
  async #take(timeout: number, signal?: AbortSignal): Promise<InboxEntry<PubSubMessage<Bulk<D>>> | null> {
    const entry = await this.#inbox.take(timeout, signal);
    entry?.onRead?.();
    return entry;
  }

  /**
   * redis-py's run_in_thread: reads messages in the background and hands each to its channel's
   * handler (others to `onMessage`, when given; without it every subscription needs a handler).
   * Handler errors go to `onError`; without it the loop stops and `finished` rejects.
   */
  run(options: RunOptions<Bulk<D>> = {}): RunHandle {
    for (const name of ['sleepTime', 'pollTimeout']) {
      if (name in options) throw new DataError(`PubSub.run: no '${name}' option: the loop wakes when a message comes, it does not poll`);
    }
    checkOptions('PubSub.run', options, RUN_OPTIONS);
    const ignore = flag('PubSub.run', 'ignoreSubscribeMessages', options.ignoreSubscribeMessages) || this.#ignoreSubscribeMessages;
    if (this.#run !== undefined) throw new PubSubError('PubSub: run() is already running');
    if (this.#closed) throw new PubSubError('PubSub: closed');
    if (options.onMessage === undefined) {
      const missing = KINDS.flatMap((kind) => this.#subscriptions.withoutHandler(kind));
      if (missing.length > 0) {
        throw new PubSubError(`PubSub: run() without onMessage needs a handler for ${missing.map(String).join(', ')}`);
      }
    }
    const handle = runLoop<Bulk<D>>(
      (signal) => this.#take(Infinity, signal),
      (message) => (isData(message) ? this.#subscriptions.handlerFor(message) : undefined),
      ignore,
      options,
      () => {
        if (this.#run === handle) this.#run = undefined;
      },
    );
    this.#run = handle;
    return handle;
  }

  /**
   * Unsubscribes from everything and gives the connection back to the pool (or closes it when
   * the server does not confirm in time). Readers get null / listen() ends. Safe to call twice.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopHealthCheck();
    const run = this.#run;
    this.#inbox.end();
    await run?.stop();
    let connection: AbstractConnection | undefined;
    try {
      connection = await this.#connecting;
    } catch {
      connection = undefined;
    }
    if (connection === undefined) return;
    let clean = connection.isReady && this.#failure === undefined;
    if (clean && this.#subscriptions.used.size > 0) clean = await this.#unsubscribeAll(connection);
    this.#detach(connection);
    this.#pinger.failAll(new ConnectionError('PubSub closed'));
    this.#source.release(connection, { close: !clean });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // ---- commands -------------------------------------------------------------------------

  async #subscribe(kind: SubscriptionKind, what: string, args: readonly (ChannelName | HandlerMap<Bulk<D>>)[]): Promise<void> {
    const pairs = parseSubscribeArgs(what, args);
    const connection = await this.#connect(what);
    for (const [name, handler] of pairs) this.#subscriptions.add(kind, name, handler);
    await this.#command(connection, SUBSCRIBE_COMMAND[kind], pairs.map(([name]) => name));
  }

  async #unsubscribe(kind: SubscriptionKind, what: string, names: readonly ChannelName[]): Promise<void> {
    checkNames(what, names);
    if (this.#closed) throw new PubSubError(`PubSub: ${what} after close()`);
    if (this.#connecting === undefined) return; // never subscribed: nothing to leave
    const connection = await this.#connect(what);
    this.#subscriptions.markLeaving(kind, names);
    await this.#command(connection, UNSUBSCRIBE_COMMAND[kind], names);
  }

  /**
   * Writes a (un)subscribe command followed by a PING, and resolves when the PING's answer
   * comes back: every confirmation (or error) of the command came before it. While the
   * connection is down the command is not written: the resubscribe after the reconnect
   * covers it, and this resolves when that is done.
   */
  #command(connection: AbstractConnection, command: string, names: readonly CommandArg[]): Promise<void> {
    if (!connection.isReady) return this.#pinger.afterResubscribe();
    const done = this.#pinger.expect('barrier', [CONFIRMATION[command] as SubscriptionType]);
    connection.write([command, ...names]);
    connection.write(['PING']);
    return done.then(() => undefined);
  }

  #connect(what: string): Promise<AbstractConnection> {
    if (this.#closed) return Promise.reject(new PubSubError(`PubSub: ${what} after close()`));
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#connecting === undefined) {
      const connecting = this.#source.acquire().then((connection) => {
        if (this.#closed) {
          this.#source.release(connection);
          throw new PubSubError(`PubSub: ${what} after close()`);
        }
        this.#attach(connection);
        return connection;
      });
      connecting.catch(() => {
        if (this.#connecting === connecting && this.#connection === undefined) this.#connecting = undefined;
      });
      this.#connecting = connecting;
    }
    return this.#connecting;
  }

  #attach(connection: AbstractConnection): void {
    this.#connection = connection;
    this.#previousPushHandler = connection.pushHandler;
    connection.pushHandler = (frame) => this.#onFrame(frame);
    connection.on('ready', this.#listeners.ready);
    connection.on('reconnecting', this.#listeners.reconnecting);
    connection.on('end', this.#listeners.end);
    this.#startHealthCheck();
  }

  #detach(connection: AbstractConnection): void {
    connection.off('ready', this.#listeners.ready);
    connection.off('reconnecting', this.#listeners.reconnecting);
    connection.off('end', this.#listeners.end);
    connection.pushHandler = this.#previousPushHandler;
    this.#connection = undefined;
  }

  /** Leaves every subscription; true when the server confirmed in time (connection reusable). */
  async #unsubscribeAll(connection: AbstractConnection): Promise<boolean> {
    const kinds = KINDS.filter((kind) => this.#subscriptions.used.has(kind));
    const done = this.#pinger.expect('barrier', kinds.map((kind) => CONFIRMATION[UNSUBSCRIBE_COMMAND[kind]] as SubscriptionType));
    for (const kind of kinds) {
      this.#subscriptions.markLeaving(kind, []);
      connection.write([UNSUBSCRIBE_COMMAND[kind]]);
    }
    connection.write(['PING']);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), CLOSE_TIMEOUT);
    });
    try {
      const confirmed = await Promise.race([done.then(() => true), timeout]);
      return confirmed && this.#subscriptions.unconfirmed === 0;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  // ---- what the server sends ------------------------------------------------------------

  #onFrame(raw: RespValue): void {
    let frame;
    try {
      frame = readFrame(raw, this.#toValue);
    } catch (error) {
      this.#inbox.push({ error: error as Error });
      return;
    }
    switch (frame.kind) {
      case 'message':
        this.#inbox.push({ value: frame.message });
        return;
      case 'subscription': {
        const message = frame.message;
        const leaving = LEAVING[message.type];
        const left = leaving === undefined ? undefined : this.#subscriptions.confirmLeft(leaving, message.channel as ChannelName | null);
        this.#pinger.confirmed(message.type);
        if (left === undefined) this.#inbox.push({ value: message });
        else this.#inbox.push({ value: message, onRead: () => this.#subscriptions.forget(left) });
        return;
      }
      case 'pong':
        this.#pinger.answered(frame.data);
        return;
      case 'error':
        this.#pinger.failed(frame.error, (error) => this.#inbox.push({ error }));
        return;
    }
  }

  /** The connection is back after a loss: subscribe to everything again, and say so. */
  #onReconnected(): void {
    const connection = this.#connection;
    if (connection === undefined || this.#closed) return;
    this.#pinger.connectionLost();
    const event: ReconnectEvent = {
      channels: this.#subscriptions.toResubscribe('channel'),
      patterns: this.#subscriptions.toResubscribe('pattern'),
      shardChannels: this.#subscriptions.toResubscribe('shard'),
    };
    const lost = event.channels.length + event.patterns.length + event.shardChannels.length > 0;
    // Nothing was subscribed: nothing can have been missed, nothing to say.
    if (lost) this.#inbox.push({ value: { type: 'reconnect', pattern: null, channel: null, data: null } });
    const writes: [SubscriptionKind, ChannelName[]][] = [
      ['channel', event.channels],
      ['pattern', event.patterns],
      ['shard', event.shardChannels],
    ];
    const commands = writes.filter(([, names]) => names.length > 0).map(([kind, names]) => [SUBSCRIBE_COMMAND[kind], ...names]);
    const done = this.#pinger.expect('barrier', commands.map(([command]) => CONFIRMATION[command as string] as SubscriptionType));
    for (const command of commands) connection.write(command);
    connection.write(['PING']);
    done.then(
      () => {
        this.#pinger.resubscribed(undefined);
        if (lost) this.emit('reconnect', event);
      },
      (error: Error) => {
        this.#pinger.resubscribed(error);
        this.#inbox.push({ error });
      },
    );
  }

  /** The connection's retry budget is spent (or it was closed under us): the PubSub fails. */
  #onGaveUp(): void {
    if (this.#restarting || this.#closed) return;
    const connection = this.#connection;
    const failure = new ConnectionError(
      `PubSub: lost the connection${connection === undefined ? '' : ` to ${connection.description}`} and could not make it again`,
    );
    this.#failure = failure;
    this.#stopHealthCheck();
    this.#pinger.failAll(failure);
    this.#inbox.fail(failure);
    if (connection !== undefined) {
      this.#detach(connection);
      this.#source.release(connection, { close: true });
    }
  }

  // ---- health check ---------------------------------------------------------------------

  #startHealthCheck(): void {
    const interval = this.#healthCheckInterval;
    if (interval === 0) return;
    this.#healthTimer = setInterval(() => this.#checkHealth(), Math.max(1, Math.floor(interval / 2)));
    this.#healthTimer.unref();
  }

  #stopHealthCheck(): void {
    if (this.#healthTimer !== undefined) clearInterval(this.#healthTimer);
    this.#healthTimer = undefined;
  }

  #checkHealth(): void {
    const connection = this.#connection;
    if (connection === undefined || !connection.isReady || this.#restarting) return;
    const interval = this.#healthCheckInterval;
    const sentAt = this.#pinger.healthCheckSentAt;
    if (sentAt !== undefined) {
      if (Date.now() - sentAt > interval) void this.#restart(connection, new ConnectionError(`PubSub: no answer from ${connection.description} to a health check within ${interval / 1000} s`));
      return;
    }
    if (connection.idleTime * 1000 >= interval) {
      this.#pinger.expect('health').catch(() => undefined);
      connection.write(['PING']);
    }
  }

  /** Drops a silent connection and makes it again; its `ready` resubscribes. */
  async #restart(connection: AbstractConnection, error: Error): Promise<void> {
    this.#restarting = true;
    this.emit('disconnect', error);
    try {
      await connection.disconnect();
    } finally {
      this.#restarting = false;
    }
    if (this.#closed || this.#connection !== connection) return;
    await connection.connect().catch(() => undefined); // a failure ends in `end`, handled by #onGaveUp
  }
}

/** A boolean option (absent: false); anything else is a DataError. */
function flag(where: string, name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new DataError(`${where}: option '${name}' must be a boolean, got ${typeof value}`);
  return value;
}

function isData<V>(message: PubSubMessage<V>): message is DataMessage<V> {
  return message.type === 'message' || message.type === 'pmessage' || message.type === 'smessage';
}

function isSubscription<V>(message: PubSubMessage<V>): boolean {
  return message.type !== 'pong' && message.type !== 'reconnect' && !isData(message);
}
