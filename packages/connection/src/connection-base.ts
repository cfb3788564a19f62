import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import Denque from 'denque';
import {
  ConnectionError,
  DataError,
  TimeoutError,
  type ParserClass,
} from '@aredis/resp-parser';
import { seconds } from '@aredis/resp-parser/internal';
import { asConnectionError, isFatal } from './connection-errors.js';
import { DeadlineTimer } from './deadline-timer.js';
import { runHandshake } from './handshake.js';
import type { Command, ConnectionOptions, PushHandler, ReplyTransform, SendOptions } from './options.js';
import { defaultParserClass } from './parser-class.js';
import { PendingReply } from './pending.js';
import { raceAbort } from './race-abort.js';
import { Retry } from './retry.js';
import { SocketLink, failAll } from './socket-link.js';

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

  /** The write and read path over the current socket, and the in-flight FIFO. */
  readonly #link: SocketLink;
  readonly #retry: Retry;
  readonly #offline = new Denque<PendingReply>();
  readonly #deadlines: DeadlineTimer;
  // The duration options in ms, converted once (the options themselves stay in seconds).
  readonly #connectTimeout: number;
  readonly #socketTimeout: number;
  readonly #commandTimeout: number;
  readonly #healthCheckInterval: number;
  readonly #maxOffline: number;
  #state: ConnectionState = 'idle';
  #connecting: Promise<void> | undefined = undefined;
  #backoff: { timer: NodeJS.Timeout; wake: () => void } | undefined = undefined;
  /** Lost the server since it was last ready: with `offlineQueue: false`, commands fail fast. */
  #outage = false;
  #opening: AbortController | undefined = undefined;
  /** The connection's reply mode (bulk strings as Buffers unless decodeResponses). */
  readonly #returnBuffers: boolean;

  constructor(options: ConnectionOptions = {}) {
    super();
    this.options = options;
    this.pushHandler = options.onPush;
    const Parser: ParserClass = options.parserClass ?? defaultParserClass();
    this.#returnBuffers = options.decodeResponses !== true;
    this.#link = new SocketLink(
      this,
      { parserClass: Parser, returnBuffers: this.#returnBuffers, encoding: options.encoding ?? 'utf8' },
      (socket) => this.#onClose(socket),
    );
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
    return this.#link.inflight.length;
  }
  /** Commands waiting for the connection to become ready. */
  get queued(): number {
    return this.#offline.length;
  }
  /** Nothing written is still unanswered and nothing waits: safe to hand to someone else. */
  get isIdle(): boolean {
    return this.#link.inflight.length === 0 && this.#offline.length === 0;
  }
  /** Seconds since the server last sent anything (since connecting when it has not). */
  get idleTime(): number {
    const lastHeard = this.#link.lastHeard;
    return lastHeard === 0 ? 0 : (Date.now() - lastHeard) / 1000;
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
      if (this.#healthCheckInterval > 0 && Date.now() - this.#link.lastHeard > this.#healthCheckInterval) {
        this.#healthCheck();
        this.#enqueueOffline(pending, args);
      } else {
        this.#link.write(pending, args);
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
    this.#link.writeWithoutReply(args);
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
    const socket = this.#link.socket;
    this.#link.drop(error); // destroys the socket
    failAll(this.#offline, error);
    if (socket !== undefined && !socket.closed) await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    if (wasConnected) this.emit('end');
  }

  /** Async disposal closes the connection. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.disconnect();
  }

  // ---- the offline queue -----------------------------------------------------------------

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
      this.#link.write(pending, args);
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
    this.#link.write(pending, args);
    return promise;
  }

  // ---- deadlines ------------------------------------------------------------------------

  #sweepDeadlines(): void {
    const now = Date.now();
    let next = Infinity;
    for (const queue of [this.#link.inflight, this.#offline]) {
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
          this.#link.socketError ?? new ConnectionError(`Lost the connection to ${this.description}`),
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
        this.#link.socketError = failure;
        this.#link.drop(failure);
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
      this.#link.attach(socket, this.#socketTimeout);
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

  #onClose(socket: Duplex): void {
    const link = this.#link;
    if (socket !== link.socket) return;
    const failure = link.socketError;
    const error = asConnectionError(
      failure ?? new ConnectionError(`Connection to ${this.description} closed by the server`),
      this.description,
    );
    link.socketError ??= error;
    link.drop(error);
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

  /** The retry budget is spent: queued commands fail, and the next command starts afresh. */
  #giveUp(error: Error): void {
    this.#state = 'idle';
    this.#outage = false;
    failAll(this.#offline, asConnectionError(error, this.description));
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
        if (this.#state === 'checking') this.#link.socket?.destroy(error);
      },
    );
  }
}

/** A duration option (seconds) in ms for the timers; 0 (and Infinity) mean none. */
function durationMs(where: string, name: string, value: unknown, fallback: number): number {
  const ms = seconds(where, name, value, fallback);
  return Number.isFinite(ms) ? ms : 0;
}
