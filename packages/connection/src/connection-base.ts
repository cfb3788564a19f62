import { EventEmitter } from 'node:events';
import { debuglog, inspect } from 'node:util';
import type { Duplex } from 'node:stream';
import {
  ConnectionError,
  ResponseError,
  TimeoutError,
  type BusyLoadingError,
  type ParserClass,
} from '@aredis/resp-parser';
import { inspectView, printRedacted, redactSecrets, seconds } from '@aredis/resp-parser/internal';
import { splitResendable } from './command-words.js';
import { asConnectionError, isFatal, notWritten } from './connection-errors.js';
import { checkCredentialOptions } from './credentials.js';
import { DeadlineTimer } from './deadline-timer.js';
import { closeChannel, commandChannel, commandContext, commandNameOf, connectChannel, reconnectChannel, serverPeer, type ConnectionEventMessage } from './diagnostics.js';
import { CONNECTION_OPTION_NAMES, checkOptionKeys } from './option-names.js';
import { runHandshake } from './handshake.js';
import type { Command, ConnectionOptions, PushHandler, ReplyTransform, SendOptions } from './options.js';
import { defaultParserClass } from './parser-class.js';
import { PendingReply } from './pending.js';
import { raceAbort } from './race-abort.js';
import { Retry } from './retry.js';
import { ServerCheck } from './server-check.js';
import { SocketLink } from './socket-link.js';
import { WaitingCommands } from './waiting-commands.js';
import { boundedWait } from './bounded-wait.js';

/**
 * Where a connection is in its life:
 * idle (no socket; the next command connects) → connecting (socket, then handshake) → ready
 * ⇄ checking (a PING before writing more: the health check, or waiting for a server that is
 * loading its data set) → reconnecting (waiting out a backoff) → ... ; closed after `disconnect()`.
 */
export type ConnectionState = 'idle' | 'connecting' | 'ready' | 'checking' | 'reconnecting' | 'closed';

export interface ReconnectingEvent {
  attempt: number;
  /** Seconds the connection waits before this attempt. */
  delay: number;
  error: Error;
}

const NO_OPTIONS: Readonly<Record<string, unknown>> = Object.freeze({});

/** `NODE_DEBUG=aredis`: connects, handshake steps (command names only), reconnects and closes. */
const debug = debuglog('aredis');

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
  /**
   * The option names this class's constructor takes; any other key is a DataError. A subclass
   * that takes more extends the list: `static override readonly optionNames = [...Connection.optionNames, 'myOption']`.
   * A pool accepts exactly its own options plus these.
   */
  static readonly optionNames: readonly string[] = CONNECTION_OPTION_NAMES;

  readonly options: Readonly<ConnectionOptions>;
  /** The protocol the handshake settled on (2 until a HELLO 3 succeeds). */
  protocol: 2 | 3 = 2;
  /** Push frames and unsolicited replies go here (the PubSub and MONITOR hook). */
  pushHandler: PushHandler | undefined;

  /** The write and read path over the current socket, and the in-flight FIFO. */
  readonly #link: SocketLink;
  readonly #retry: Retry;
  /** The offline queue: commands waiting to be written (none of them has run). */
  readonly #waiting: WaitingCommands;
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
  /** Why the connection is not ready: the error of the last failed attempt (or the lost socket) since it was. */
  #lastFailure: Error | undefined = undefined;
  #opening: AbortController | undefined = undefined;
  /** The connection's reply mode (bulk strings as Buffers unless decodeResponses). */
  readonly #returnBuffers: boolean;
  /** The PING of the health check, and of the wait for a loading server. */
  readonly #check = new ServerCheck({
    ping: () => this.#sendNow(['PING'], this.#connectTimeout > 0 ? Date.now() + this.#connectTimeout : 0),
    checking: () => this.#state === 'checking',
    serving: () => {
      this.#state = 'ready';
      this.#drainOffline();
    },
    dead: (error) => this.#link.destroySocket(error), // the reconnect path writes the waiting commands
  });

  constructor(options: ConnectionOptions = {}) {
    super();
    this.options = printRedacted(options); // a copy that prints without its secrets
    checkOptionKeys(new.target.name, options, (new.target as unknown as typeof AbstractConnection).optionNames);
    checkCredentialOptions(new.target.name, options);
    this.pushHandler = options.onPush;
    const Parser: ParserClass = options.parserClass ?? defaultParserClass();
    this.#returnBuffers = options.decodeResponses !== true;
    this.#retry = Retry.from(options.retry);
    this.#deadlines = new DeadlineTimer(() => this.#sweepDeadlines());
    const where = new.target.name;
    this.#connectTimeout = durationMs(where, 'socketConnectTimeout', options.socketConnectTimeout, 10);
    this.#socketTimeout = durationMs(where, 'socketTimeout', options.socketTimeout, 0);
    this.#commandTimeout = durationMs(where, 'commandTimeout', options.commandTimeout, 0);
    this.#healthCheckInterval = durationMs(where, 'healthCheckInterval', options.healthCheckInterval, 0);
    if (typeof options.socketKeepalive === 'number') seconds(where, 'socketKeepalive', options.socketKeepalive);
    this.#maxOffline = options.maxOfflineQueue ?? 10_000;
    this.#waiting = new WaitingCommands(this.#connectTimeout, this.#deadlines);
    const linkOptions = {
      parserClass: Parser,
      returnBuffers: this.#returnBuffers,
      encoding: options.encoding ?? 'utf8',
      silenceTimeout: durationMs(where, 'silenceTimeout', options.silenceTimeout, 30),
    };
    this.#link = new SocketLink(this, linkOptions, {
      onClose: (socket) => this.#onClose(socket),
      onLoading: (pending, error) => this.#onLoading(pending, error),
    });
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
  /** Commands waiting for the connection to become ready (or for a loading server). */
  get queued(): number {
    return this.#waiting.length;
  }
  /**
   * Commands issued on the socket whose bytes it has not taken yet (it is full and waits to
   * drain, or the write happens at the end of the tick). If the connection is lost now, these
   * never reached the server: they are written again on the next connection.
   */
  get unsent(): number {
    return this.#link.unsent;
  }
  /** Nothing written is still unanswered and nothing waits: safe to hand to someone else. */
  get isIdle(): boolean {
    return this.#link.inflight.length === 0 && this.#waiting.length === 0;
  }
  /** Seconds since the server last sent anything (since connecting when it has not). */
  get idleTime(): number {
    const lastHeard = this.#link.lastHeard;
    return lastHeard === 0 ? 0 : (Date.now() - lastHeard) / 1000;
  }

  /**
   * Opens the connection and runs the handshake. Resolves when ready; safe to call often.
   * Waits at most `socketConnectTimeout` in all, however many attempts the retry policy makes
   * (they go on after it rejects): then rejects with the last attempt's error in a
   * ConnectionError, or a TimeoutError when no attempt has ended yet.
   */
  connect(): Promise<void> {
    if (this.#state === 'ready' || this.#state === 'checking') return Promise.resolve();
    if (this.#state === 'closed') this.#state = 'idle';
    const connecting = this.#startConnecting();
    if (this.#connectTimeout === 0) return connecting;
    return boundedWait(connecting, this.#connectTimeout, () => {
      const last = this.#lastFailure;
      return last === undefined
        ? new TimeoutError(`Timeout connecting to ${this.description} after ${this.#connectTimeout / 1000} s`)
        : this.#noConnection(last);
    });
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
    if (!commandChannel.hasSubscribers) return this.#send(args, options, transform, transformOptions);
    const context = commandContext(serverPeer(this, this.options.db), args);
    return commandChannel.tracePromise(this.#send, context, this, args, options, transform, transformOptions);
  }

  #send(
    args: Command,
    options?: SendOptions,
    transform?: ReplyTransform,
    transformOptions?: Readonly<Record<string, unknown>>,
  ): Promise<unknown> {
    const promise = new Promise<unknown>(capturePending);
    const pending = captured as PendingReply;
    captured = undefined;
    pending.args = args; // kept until it settles: written again on a new socket if this one never took it
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
    this.#check.stop();
    const socket = this.#link.socket;
    const unwritten = this.#link.drop(error); // destroys the socket
    const never = notWritten(error);
    for (const pending of unwritten) pending.fail(never);
    this.#waiting.failAll(never);
    if (socket !== undefined && !socket.closed) await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    if (socket !== undefined) this.#announce(closeChannel, 'closed by the client', {});
    if (wasConnected) this.emit('end');
  }

  /** Async disposal closes the connection. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.disconnect();
  }

  /** What it prints and serialises as: where it goes, its state and its options, without secrets. */
  toJSON(): Record<string, unknown> {
    return {
      description: this.description,
      state: this.#state,
      protocol: this.protocol,
      inFlight: this.inFlight,
      queued: this.queued,
      options: redactSecrets(this.options),
    };
  }

  [inspect.custom](depth: number, options: object, nested: (value: unknown, options: object) => string): string {
    return inspectView(this.constructor.name, this.toJSON(), depth, options, nested);
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
      else if (this.#waiting.length >= this.#maxOffline) why = 'has a full offline queue';
      if (why !== undefined) {
        // Fail fast, but the command on an idle connection still starts connecting.
        if (state === 'idle') void this.#startConnecting().catch(() => undefined);
        pending.fail(new ConnectionError(`Connection to ${this.description} ${why} (${state})`));
        return;
      }
    }
    this.#waiting.push(pending);
    if (state === 'idle') void this.#startConnecting().catch(() => undefined);
  }

  /** What a command that waited in vain for the connection fails with. */
  #noConnection(cause: Error | undefined): Error {
    const why = cause === undefined ? '' : `: ${cause.message}`;
    return new ConnectionError(`No connection to ${this.description} within ${this.#connectTimeout / 1000} s (socketConnectTimeout)${why}`, {
      cause,
      mayHaveRun: false,
    });
  }

  /** Writes the offline queue (held commands first) once the connection is ready. */
  #drainOffline(): void {
    this.#waiting.releaseHeld();
    this.#waiting.drain(this.#writeNow, this.#isReady);
  }

  readonly #writeNow = (pending: PendingReply, args: Command): void => this.#link.write(pending, args);
  readonly #isReady = (): boolean => this.#state === 'ready';

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
    return promise.catch((error: unknown) => {
      if (error instanceof ResponseError) error.command = commandNameOf(args);
      throw error;
    });
  }

  // ---- deadlines ------------------------------------------------------------------------

  #sweepDeadlines(): void {
    const now = Date.now();
    let next = this.#waiting.sweep(now, this.description, () => this.#check.loading ?? this.#noConnection(this.#lastFailure));
    const inflight = this.#link.inflight;
    for (let i = 0, n = inflight.length; i < n; i++) {
      const pending = inflight.peekAt(i) as PendingReply;
      if (pending.done || pending.deadline === 0) continue;
      if (pending.deadline <= now) {
        pending.fail(new TimeoutError(`Timeout waiting for the reply from ${this.description}`));
      } else if (pending.deadline < next) {
        next = pending.deadline;
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
        this.#announce(reconnectChannel, `reconnecting, attempt ${attempt} in ${delay} s: ${lastError.message}`, { attempt, delay, error: lastError });
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
        this.#lastFailure = undefined;
        this.#announce(connectChannel, `ready (RESP${this.protocol})`, {});
        this.emit('ready');
        this.#drainOffline();
        return;
      } catch (error) {
        const failure = asConnectionError(error as Error, this.description);
        if (this.#closed()) throw failure;
        this.#link.socketError = failure;
        this.#lastFailure = failure;
        if (debug.enabled) debug('%s: connect attempt %d failed: %s', this.description, attempt, failure.message);
        this.#failUnwritten(this.#link.drop(failure), failure);
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
      if (debug.enabled) debug('%s: connecting', this.description);
      const socket = await raceAbort(this.createSocket(controller.signal), controller.signal);
      if (this.#closed()) {
        socket.destroy();
        throw new ConnectionError(`Connection to ${this.description} closed by the client`);
      }
      this.#link.attach(socket, this.#socketTimeout);
      this.emit('connect');
      const deadline = connectTimeout > 0 ? Date.now() + connectTimeout : 0;
      try {
        this.protocol = await runHandshake(options, (args) => {
          if (debug.enabled) debug('%s: handshake %s', this.description, handshakeStep(args));
          return this.#sendNow(args, deadline);
        });
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
    this.#lastFailure = error;
    this.#announce(closeChannel, error.message, { error });
    const unwritten = link.drop(error);
    this.#check.stop();
    if (this.#state === 'ready' || this.#state === 'checking') {
      this.#outage = true;
      // What never ran goes again on the next connection: the refused (LOADING), then the unwritten.
      const { resend, refuse } = splitResendable(unwritten);
      this.#failUnwritten(refuse, error);
      if (this.options.offlineQueue === false) {
        this.#waiting.failHeld(notWritten(error));
        this.#failUnwritten(resend, error);
      } else {
        this.#waiting.requeue(resend);
        this.#waiting.releaseHeld();
      }
      if (failure !== undefined && this.listenerCount('error') > 0) this.emit('error', error);
      // An established connection was lost: reconnect (its handshake runs again).
      this.#state = 'connecting';
      this.#connecting = this.#establish(1).finally(() => {
        this.#connecting = undefined;
      });
      this.#connecting.catch(() => undefined);
    } else {
      this.#failUnwritten(unwritten, error);
    }
  }

  /** Publishes a lifecycle message to its channel and the debug log, when either listens. */
  #announce(to: typeof connectChannel, what: string, extra: Partial<ConnectionEventMessage>): void {
    if (debug.enabled) debug('%s: %s', this.description, what);
    if (!to.hasSubscribers) return;
    to.publish({ ...serverPeer(this, this.options.db), connection: this, ...extra } satisfies ConnectionEventMessage);
  }

  /** Fails commands that never reached the server: ConnectionError with `mayHaveRun: false`. */
  #failUnwritten(entries: readonly PendingReply[], error: Error): void {
    if (entries.length === 0) return;
    const never = notWritten(error);
    for (const pending of entries) pending.fail(never);
  }

  /** The retry budget is spent: queued commands fail, and the next command starts afresh. */
  #giveUp(error: Error): void {
    this.#state = 'idle';
    this.#outage = false;
    this.#waiting.failAll(asConnectionError(error, this.description));
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

  /** PING before writing more (health check); commands issued meanwhile wait. */
  #healthCheck(): void {
    this.#state = 'checking';
    this.#check.start();
  }

  /**
   * The server refused one of the user's commands with LOADING: it did not run. It waits (with
   * those refused after it, and everything issued meanwhile, in order) until a PING is
   * answered, then goes again. Each waits at most its own timeout, or socketConnectTimeout,
   * and then fails with the server's LOADING error. A transaction is not split: its commands
   * fail with that error instead.
   */
  #onLoading(pending: PendingReply, error: BusyLoadingError): void {
    if (!this.#check.refused(pending, error, this.#link.inflight.toArray())) {
      pending.fail(error);
      return;
    }
    this.#waiting.hold(pending);
    if (this.#state === 'ready') this.#state = 'checking';
  }
}

/** A duration option (seconds) in ms for the timers; 0 (and Infinity) mean none. */
function durationMs(where: string, name: string, value: unknown, fallback: number): number {
  const ms = seconds(where, name, value, fallback);
  return Number.isFinite(ms) ? ms : 0;
}

/** A handshake command as the debug log shows it: its name (and HELLO's version), never a password. */
function handshakeStep(args: Command): string {
  const name = String(args[0]).toUpperCase();
  return name === 'HELLO' && args[1] !== undefined ? `HELLO ${String(args[1])}` : name;
}
