import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import Denque from 'denque';
import {
  ConnectionError,
  DataError,
  ProtocolError,
  TimeoutError,
  type Parser,
  type ParserClass,
  type ResponseError,
  type RespValue,
} from '@aredis/resp-parser';
import { seconds } from '@aredis/resp-parser/internal';
import { DeadlineTimer } from './deadline-timer.js';
import { runHandshake } from './handshake.js';
import type { Command, ConnectionOptions, PushHandler, ReplyTransform, SendOptions } from './options.js';
import { defaultParserClass } from './parser-class.js';
import { PendingReply } from './pending.js';
import { Retry } from './retry.js';
import { WriteBuffer } from './write-buffer.js';

/**
 * Where a connection is in its life:
 * idle (no socket; the next command connects) → connecting (socket, then handshake) → ready
 * ⇄ checking (health-check PING in flight) → reconnecting (waiting out a backoff) → ... ;
 * closed after `disconnect()`.
 */
export type ConnectionState = 'idle' | 'connecting' | 'ready' | 'checking' | 'reconnecting' | 'closed';

export interface ReconnectingEvent {
  attempt: number;
  /** Seconds the connection waits before this attempt. */
  delay: number;
  error: Error;
}

const NO_OPTIONS: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * Hand-optimised (hot path: every command): one module-level Promise executor instead of a
 * new closure per command. A Promise runs its executor synchronously inside the constructor,
 * so `captured` holds this command's PendingReply right after `new Promise(capturePending)`
 * and nothing else can run in between.
 */
let captured: PendingReply | undefined;
function capturePending(resolve: (value: unknown) => void, reject: (error: Error) => void): void {
  captured = new PendingReply(undefined, resolve, reject);
}

/**
 * The base of every connection: one socket to one server, multiplexed. Many commands are in
 * flight at once and replies are matched to them in FIFO order. Everything issued in one tick
 * is encoded into one write buffer and leaves in one socket write.
 *
 * A subclass says how its socket is made by overriding `createSocket(signal)`; any Duplex
 * stream will do. Events: `connect` (socket open), `ready` (handshake done), `error`,
 * `reconnecting` ({ attempt, delay, error }), `end` (no more automatic reconnects).
 */
export abstract class AbstractConnection extends EventEmitter {
  readonly options: Readonly<ConnectionOptions>;
  /** The protocol the handshake settled on (2 until a HELLO 3 succeeds). */
  protocol: 2 | 3 = 2;
  /** Push frames and unsolicited replies go here (the PubSub and MONITOR hook). */
  pushHandler: PushHandler | undefined;

  readonly #parser: Parser;
  readonly #writer: WriteBuffer;
  readonly #retry: Retry;
  readonly #inflight = new Denque<PendingReply>();
  readonly #offline = new Denque<PendingReply>();
  readonly #deadlines: DeadlineTimer;
  // The duration options in ms, converted once (the options themselves stay in seconds).
  readonly #connectTimeout: number;
  readonly #socketTimeout: number;
  readonly #commandTimeout: number;
  readonly #healthCheckInterval: number;
  readonly #maxOffline: number;
  #state: ConnectionState = 'idle';
  #socket: Duplex | undefined = undefined;
  #socketError: Error | undefined = undefined;
  #connecting: Promise<void> | undefined = undefined;
  #backoff: { timer: NodeJS.Timeout; wake: () => void } | undefined = undefined;
  #flushScheduled = false;
  #blocked = false;
  #lastHeard = 0;
  /** Lost the server since it was last ready: with `offlineQueue: false`, commands fail fast. */
  #outage = false;
  #opening: AbortController | undefined = undefined;
  /** The connection's reply mode (bulk strings as Buffers unless decodeResponses). */
  readonly #returnBuffers: boolean;
  /** In-flight commands whose reply is read in the other mode: while any, the FIFO head sets the parser's mode. */
  #otherMode = 0;

  constructor(options: ConnectionOptions = {}) {
    super();
    this.options = options;
    this.pushHandler = options.onPush;
    const Parser: ParserClass = options.parserClass ?? defaultParserClass();
    this.#returnBuffers = options.decodeResponses !== true;
    this.#parser = new Parser({
      onReply: (reply) => this.#onReply(reply),
      onError: (error) => this.#onErrorReply(error),
      onPush: (frame) => this.#onPush(frame),
      returnBuffers: this.#returnBuffers,
      encoding: options.encoding ?? 'utf8',
    });
    this.#writer = new WriteBuffer();
    this.#retry = Retry.from(options.retry);
    this.#deadlines = new DeadlineTimer(() => this.#sweepDeadlines());
    const where = new.target.name;
    if ('connectTimeout' in options) {
      throw new DataError(`${where}: option 'connectTimeout' is now 'socketConnectTimeout' (in seconds, as redis-py)`);
    }
    this.#connectTimeout = durationMs(where, 'socketConnectTimeout', options.socketConnectTimeout, 10);
    this.#socketTimeout = durationMs(where, 'socketTimeout', options.socketTimeout, 0);
    this.#commandTimeout = durationMs(where, 'commandTimeout', options.commandTimeout, 0);
    this.#healthCheckInterval = durationMs(where, 'healthCheckInterval', options.healthCheckInterval, 0);
    if (typeof options.socketKeepalive === 'number') seconds(where, 'socketKeepalive', options.socketKeepalive);
    this.#maxOffline = options.maxOfflineQueue ?? 10_000;
  }

  /**
   * The override point: open the stream to the server. Resolve (or return) once it can carry
   * bytes; reject when it cannot. `signal` aborts when `socketConnectTimeout` passes or the
   * connection is closed: destroy the half-open stream then.
   */
  protected abstract createSocket(signal: AbortSignal): Duplex | Promise<Duplex>;

  /**
   * Hook run after the handshake on every (re)connect, before queued commands are written:
   * `send` runs a command on the fresh socket. Throw (a ConnectionError) to refuse this server;
   * the connection then retries by its retry policy. Sentinel's pools check ROLE here.
   */
  protected verifyServer(_send: (args: Command) => Promise<unknown>): Promise<void> | void {}

  /** Where this connection goes, for messages (`127.0.0.1:6379`, `/tmp/redis.sock`). */
  abstract get description(): string;

  get state(): ConnectionState {
    return this.#state;
  }
  /** Ready to write commands straight away. */
  get isReady(): boolean {
    return this.#state === 'ready';
  }
  /** Commands written and not yet answered (including given-up ones whose reply is owed). */
  get inFlight(): number {
    return this.#inflight.length;
  }
  /** Commands waiting for the connection to become ready. */
  get queued(): number {
    return this.#offline.length;
  }
  /** Nothing written is still unanswered and nothing waits: safe to hand to someone else. */
  get isIdle(): boolean {
    return this.#inflight.length === 0 && this.#offline.length === 0;
  }
  /** Seconds since the server last sent anything (since connecting when it has not). */
  get idleTime(): number {
    return this.#lastHeard === 0 ? 0 : (Date.now() - this.#lastHeard) / 1000;
  }

  /** Opens the connection and runs the handshake. Resolves when ready; safe to call often. */
  connect(): Promise<void> {
    if (this.#state === 'ready' || this.#state === 'checking') return Promise.resolve();
    if (this.#state === 'closed') this.#state = 'idle';
    return this.#startConnecting();
  }

  /**
   * Sends one command and resolves with its reply (shaped by `transform` when given; a server
   * error rejects with its ResponseError). Commands issued while (re)connecting wait in the
   * offline queue. `options.timeout` (seconds) / `options.signal` give it up even after it
   * was written.
   */
  send(
    args: Command,
    options?: SendOptions,
    transform?: ReplyTransform,
    transformOptions?: Readonly<Record<string, unknown>>,
  ): Promise<unknown> {
    const promise = new Promise<unknown>(capturePending);
    const pending = captured as PendingReply;
    captured = undefined;
    if (transform !== undefined) {
      pending.transform = transform;
      pending.transformOptions = transformOptions ?? NO_OPTIONS;
    }
    const returnBuffers = options?.returnBuffers;
    if (returnBuffers !== undefined && returnBuffers !== this.#returnBuffers) pending.otherMode = true;
    const given = options?.timeout;
    const timeout = given === undefined ? this.#commandTimeout : given * 1000;
    if (timeout > 0) {
      pending.deadline = Date.now() + timeout;
      this.#deadlines.schedule(pending.deadline);
    }
    const signal = options?.signal;
    if (signal !== undefined) {
      if (signal.aborted) {
        pending.signal = signal;
        pending.handleEvent();
        return promise;
      }
      pending.signal = signal;
      signal.addEventListener('abort', pending, { once: true });
    }
    if (this.#state === 'ready') {
      if (this.#healthCheckInterval > 0 && Date.now() - this.#lastHeard > this.#healthCheckInterval) {
        this.#healthCheck();
        this.#enqueueOffline(pending, args);
      } else {
        this.#write(pending, args);
      }
    } else {
      this.#enqueueOffline(pending, args);
    }
    return promise;
  }

  /**
   * Writes a command that has no reply of its own (SUBSCRIBE and friends, whose answers come
   * as push frames): nothing is queued for it in the FIFO. Throws ConnectionError when the
   * connection is not ready.
   */
  write(args: Command): void {
    if (this.#state !== 'ready' && this.#state !== 'checking') {
      throw new ConnectionError(`Cannot write to ${this.description}: connection is ${this.#state}`);
    }
    this.#writer.write(args);
    this.#scheduleFlush();
  }

  /**
   * Closes the connection for good (`connect()` may open it again). Commands still waiting
   * fail with ConnectionError. Resolves once the socket is closed.
   */
  async disconnect(): Promise<void> {
    if (this.#state === 'closed') return;
    const wasConnected = this.#state !== 'idle';
    this.#state = 'closed';
    this.#deadlines.cancel();
    if (this.#backoff !== undefined) this.#backoff.wake();
    const error = new ConnectionError(`Connection to ${this.description} closed by the client`);
    this.#opening?.abort(error);
    const socket = this.#socket;
    this.#dropSocket(error); // destroys the socket
    this.#failQueue(this.#offline, error);
    if (socket !== undefined && !socket.closed) await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    if (wasConnected) this.emit('end');
  }

  /** Async disposal closes the connection. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.disconnect();
  }

  // ---- writing --------------------------------------------------------------------------

  #write(pending: PendingReply, args: Command): void {
    try {
      this.#writer.write(args);
    } catch (error) {
      pending.fail(error as Error); // a DataError from the encoder: nothing was written
      return;
    }
    pending.written = true;
    this.#inflight.push(pending);
    if (pending.otherMode) {
      // The parser reads each reply in the mode of the FIFO head: set it when this one is the head.
      this.#otherMode++;
      if (this.#inflight.length === 1) this.#parser.returnBuffers = !this.#returnBuffers;
    }
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      process.nextTick(AbstractConnection.#flushTick, this);
    }
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    process.nextTick(AbstractConnection.#flushTick, this);
  }

  static #flushTick(connection: AbstractConnection): void {
    connection.#flushScheduled = false;
    connection.#flush();
  }

  /** One socket write for everything encoded since the last one, unless the socket is full. */
  #flush(): void {
    const socket = this.#socket;
    if (socket === undefined || this.#blocked) return;
    if (!this.#writer.flushTo(socket)) this.#blocked = true;
  }

  #enqueueOffline(pending: PendingReply, args: Command): void {
    const state = this.#state;
    if (state === 'closed') {
      pending.fail(new ConnectionError(`Connection to ${this.description} is closed`));
      return;
    }
    if (state !== 'checking') {
      let why: string | undefined;
      if (this.#outage && this.options.offlineQueue === false) why = 'is down and the offline queue is off';
      else if (this.#offline.length >= this.#maxOffline) why = 'has a full offline queue';
      if (why !== undefined) {
        // Fail fast, but the command on an idle connection still starts connecting.
        if (state === 'idle') void this.#startConnecting().catch(() => undefined);
        pending.fail(new ConnectionError(`Connection to ${this.description} ${why} (${state})`));
        return;
      }
    }
    pending.args = args;
    this.#offline.push(pending);
    if (state === 'idle') void this.#startConnecting().catch(() => undefined);
  }

  /** Writes the offline queue (skipping given-up commands) once the connection is ready. */
  #drainOffline(): void {
    const offline = this.#offline;
    let pending: PendingReply | undefined;
    while (this.#state === 'ready' && (pending = offline.shift()) !== undefined) {
      const args = pending.args;
      pending.args = undefined;
      if (pending.done || args === undefined) continue;
      this.#write(pending, args);
    }
  }

  /** Writes a handshake or health-check command whatever the state (it goes first). */
  #sendNow(args: Command, deadline: number): Promise<unknown> {
    const promise = new Promise<unknown>(capturePending);
    const pending = captured as PendingReply;
    captured = undefined;
    if (deadline > 0) {
      pending.deadline = deadline;
      this.#deadlines.schedule(deadline);
    }
    this.#write(pending, args);
    return promise;
  }

  // ---- reading --------------------------------------------------------------------------

  #onReply(reply: RespValue): void {
    const pending = this.#inflight.shift();
    if (pending === undefined) {
      this.#unsolicited(reply);
      return;
    }
    if (this.#otherMode !== 0) this.#headChanged(pending);
    if (pending.done) return; // given up after it was written: its reply is dropped, never handed on
    pending.settle(reply);
  }

  #onErrorReply(error: ResponseError): void {
    const pending = this.#inflight.shift();
    if (pending === undefined) {
      this.#unsolicited(error as unknown as RespValue);
      return;
    }
    if (this.#otherMode !== 0) this.#headChanged(pending);
    if (pending.done) return;
    pending.done = true;
    if (pending.signal !== undefined) pending.signal.removeEventListener('abort', pending);
    pending.reject(error);
  }

  /** `answered` left the FIFO while some command wants the other mode: the new head sets the parser's. */
  #headChanged(answered: PendingReply): void {
    if (answered.otherMode) this.#otherMode--;
    const head = this.#inflight.peekFront();
    const mode = head !== undefined && head.otherMode ? !this.#returnBuffers : this.#returnBuffers;
    if (this.#parser.returnBuffers !== mode) this.#parser.returnBuffers = mode;
  }

  #onPush(frame: RespValue[]): void {
    const handler = this.pushHandler;
    if (handler !== undefined) handler(frame);
  }

  #unsolicited(reply: RespValue): void {
    const handler = this.pushHandler;
    if (handler !== undefined) {
      handler(reply);
      return;
    }
    // Without a handler, a reply nobody waits for means the stream is out of step: drop it.
    this.#socket?.destroy(new ProtocolError(`Reply from ${this.description} that no command waited for`));
  }

  // ---- deadlines ------------------------------------------------------------------------

  #sweepDeadlines(): void {
    const now = Date.now();
    let next = Infinity;
    for (const queue of [this.#inflight, this.#offline]) {
      for (let i = 0, n = queue.length; i < n; i++) {
        const pending = queue.peekAt(i) as PendingReply;
        if (pending.done || pending.deadline === 0) continue;
        if (pending.deadline <= now) {
          pending.fail(new TimeoutError(`Timeout waiting for the reply from ${this.description}`));
        } else if (pending.deadline < next) {
          next = pending.deadline;
        }
      }
    }
    if (next !== Infinity) this.#deadlines.schedule(next);
  }

  // ---- connecting -----------------------------------------------------------------------

  #startConnecting(): Promise<void> {
    if (this.#connecting === undefined) {
      this.#state = 'connecting';
      this.#connecting = this.#establish(0).finally(() => {
        this.#connecting = undefined;
      });
    }
    return this.#connecting;
  }

  /** Opens a socket and runs the handshake, retrying by the retry policy. */
  async #establish(firstAttempt: number): Promise<void> {
    let attempt = firstAttempt;
    for (;;) {
      if (attempt > 0) {
        const lastError = asConnectionError(
          this.#socketError ?? new ConnectionError(`Lost the connection to ${this.description}`),
          this.description,
        );
        const delay = this.#retry.delayFor(attempt);
        if (delay === undefined || isFatal(lastError)) {
          this.#giveUp(lastError);
          throw lastError;
        }
        this.#state = 'reconnecting';
        this.emit('reconnecting', { attempt, delay, error: lastError } satisfies ReconnectingEvent);
        await this.#sleep(delay * 1000);
        if (this.#closed()) throw new ConnectionError(`Connection to ${this.description} closed by the client`);
        this.#state = 'connecting';
      }
      attempt++;
      try {
        await this.#openOnce();
        this.#state = 'ready';
        this.#outage = false;
        this.emit('ready');
        this.#drainOffline();
        return;
      } catch (error) {
        const failure = asConnectionError(error as Error, this.description);
        if (this.#closed()) throw failure;
        this.#socketError = failure;
        this.#dropSocket(failure);
        if (this.listenerCount('error') > 0) this.emit('error', failure);
      }
    }
  }

  async #openOnce(): Promise<void> {
    const options = this.options;
    const connectTimeout = this.#connectTimeout;
    const controller = new AbortController();
    this.#opening = controller;
    const timer =
      connectTimeout > 0
        ? setTimeout(
            () => controller.abort(new TimeoutError(`Timeout connecting to ${this.description} after ${connectTimeout / 1000} s`)),
            connectTimeout,
          )
        : undefined;
    try {
      const socket = await raceAbort(this.createSocket(controller.signal), controller.signal);
      if (this.#closed()) {
        socket.destroy();
        throw new ConnectionError(`Connection to ${this.description} closed by the client`);
      }
      this.#attach(socket);
      this.emit('connect');
      const deadline = connectTimeout > 0 ? Date.now() + connectTimeout : 0;
      try {
        this.protocol = await runHandshake(options, (args) => this.#sendNow(args, deadline));
        await this.verifyServer((args) => this.#sendNow(args, deadline));
      } catch (error) {
        if (!(error instanceof TimeoutError)) throw error;
        throw new TimeoutError(`Timeout connecting to ${this.description} after ${connectTimeout / 1000} s (no answer to the handshake)`, { cause: error });
      }
    } finally {
      clearTimeout(timer);
      this.#opening = undefined;
    }
  }

  #attach(socket: Duplex): void {
    this.#socket = socket;
    this.#socketError = undefined;
    this.#blocked = false;
    this.#lastHeard = Date.now();
    this.#parser.reset();
    socket.on('data', (chunk: Buffer) => {
      this.#lastHeard = Date.now();
      try {
        this.#parser.feed(chunk);
      } catch (error) {
        socket.destroy(error as Error);
      }
    });
    socket.on('drain', () => {
      this.#blocked = false;
      this.#flush();
    });
    socket.on('error', (error: Error) => {
      this.#socketError ??= error;
    });
    socket.on('end', () => socket.destroy());
    socket.on('close', () => this.#onClose(socket));
    const socketTimeout = this.#socketTimeout;
    const withTimeout = socket as Duplex & { setTimeout?: (ms: number) => unknown };
    if (socketTimeout > 0 && typeof withTimeout.setTimeout === 'function') {
      withTimeout.setTimeout(socketTimeout);
      socket.on('timeout', () => {
        if (this.#waitsForReply()) {
          socket.destroy(new TimeoutError(`No reply from ${this.description} for ${socketTimeout / 1000} s`));
        }
      });
    }
    if (this.#writer.size > 0) this.#scheduleFlush();
  }

  #onClose(socket: Duplex): void {
    if (socket !== this.#socket) return;
    const error = asConnectionError(
      this.#socketError ?? new ConnectionError(`Connection to ${this.description} closed by the server`),
      this.description,
    );
    const failure = this.#socketError;
    this.#socketError ??= error;
    this.#dropSocket(error);
    if (this.#state === 'ready' || this.#state === 'checking') {
      this.#outage = true;
      if (failure !== undefined && this.listenerCount('error') > 0) this.emit('error', error);
      // An established connection was lost: reconnect (its handshake runs again).
      this.#state = 'connecting';
      this.#connecting = this.#establish(1).finally(() => {
        this.#connecting = undefined;
      });
      this.#connecting.catch(() => undefined);
    }
  }

  /** Forgets the socket: its in-flight commands fail (they may or may not have run). */
  #dropSocket(error: Error): void {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#writer.clear();
    this.#parser.reset();
    this.#parser.returnBuffers = this.#returnBuffers;
    this.#otherMode = 0;
    this.#blocked = false;
    if (socket !== undefined) {
      socket.removeAllListeners('data');
      socket.removeAllListeners('drain');
      socket.removeAllListeners('close');
      if (!socket.destroyed) socket.destroy();
    }
    this.#failQueue(this.#inflight, error);
  }

  #failQueue(queue: Denque<PendingReply>, error: Error): void {
    let pending: PendingReply | undefined;
    while ((pending = queue.shift()) !== undefined) pending.fail(error);
  }

  /** The retry budget is spent: queued commands fail, and the next command starts afresh. */
  #giveUp(error: Error): void {
    this.#state = 'idle';
    this.#outage = false;
    this.#failQueue(this.#offline, asConnectionError(error, this.description));
    this.emit('end');
  }

  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.#backoff = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#backoff = { timer, wake };
    });
  }

  /** A method, not an inline test, so that TypeScript does not narrow it across awaits. */
  #closed(): boolean {
    return this.#state === 'closed';
  }

  /** Some written command still wants its reply (not all given up). */
  #waitsForReply(): boolean {
    const inflight = this.#inflight;
    for (let i = 0, n = inflight.length; i < n; i++) if (!(inflight.peekAt(i) as PendingReply).done) return true;
    return false;
  }

  #healthCheck(): void {
    this.#state = 'checking';
    const deadline = this.#connectTimeout > 0 ? Date.now() + this.#connectTimeout : 0;
    this.#sendNow(['PING'], deadline).then(
      () => {
        if (this.#state !== 'checking') return;
        this.#state = 'ready';
        this.#drainOffline();
      },
      (error: Error) => {
        // A dead connection: drop it; the reconnect path writes the waiting commands.
        if (this.#state === 'checking') this.#socket?.destroy(error);
      },
    );
  }
}

/** A duration option (seconds) in ms for the timers; 0 (and Infinity) mean none. */
function durationMs(where: string, name: string, value: unknown, fallback: number): number {
  const ms = seconds(where, name, value, fallback);
  return Number.isFinite(ms) ? ms : 0;
}

function asConnectionError(error: Error, where: string): Error {
  if (
    error instanceof ConnectionError ||
    error instanceof TimeoutError ||
    error instanceof ProtocolError ||
    (error as { prefix?: string }).prefix !== undefined
  ) {
    return error;
  }
  return new ConnectionError(`Connection to ${where} failed: ${error.message}`, { cause: error });
}

/**
 * Errors that retrying cannot cure: the server refused the handshake (wrong password,
 * unknown user, a db out of range). A server still loading its data set is worth a retry.
 */
function isFatal(error: Error): boolean {
  if ((error as { prefix?: unknown }).prefix === undefined) return false;
  return (error as { code?: unknown }).code !== 'AREDIS_ERR_BUSY_LOADING';
}

function raceAbort<T extends Duplex>(value: T | Promise<T>, signal: AbortSignal): Promise<T> {
  if (!(value instanceof Promise)) return Promise.resolve(value);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    value.then(
      (socket) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) {
          socket.destroy();
          return;
        }
        resolve(socket);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
