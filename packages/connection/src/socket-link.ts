import type { Duplex } from 'node:stream';
import Denque from 'denque';
import {
  BusyLoadingError,
  ConnectionError,
  ProtocolError,
  TimeoutError,
  type Parser,
  type ParserClass,
  type ResponseError,
  type RespValue,
} from '@aredis/resp-parser';
import { commandNameOf } from './diagnostics.js';
import type { Command, PushHandler } from './options.js';
import type { PendingReply } from './pending.js';
import { SilenceWatch } from './silence-watch.js';
import { readerOf } from './socket-reader.js';
import { WriteBuffer } from './write-buffer.js';

/** What a link asks of the connection that owns it. */
export interface LinkOwner {
  /** Where the connection goes, for messages. */
  readonly description: string;
  /** Push frames, and replies no command waits for. */
  readonly pushHandler: PushHandler | undefined;
}

export interface LinkOptions {
  parserClass: ParserClass;
  /** The connection's reply mode: bulk strings as Buffers unless decodeResponses. */
  returnBuffers: boolean;
  encoding: BufferEncoding;
  /** ms the server may stay silent while a command that does not block waits (0: never checked). */
  silenceTimeout: number;
}

/** What the link hands back to its connection. */
export interface LinkHooks {
  /** The socket closed (it is still the link's socket until `drop()`). */
  onClose(socket: Duplex): void;
  /** The server refused a command of the user's because it is loading its data set: the command did not run. */
  onLoading(pending: PendingReply, error: BusyLoadingError): void;
}

/**
 * The write and read path of one connection, over whichever socket is attached: commands are
 * encoded into one write buffer and leave in one socket write a tick; replies are read by the
 * parser and matched to the in-flight FIFO in order. The owning connection decides when a
 * socket is attached and dropped (its life cycle: connecting, retries, the offline queue).
 */
export class SocketLink {
  /** Commands written and not yet answered, in the order the server answers them. */
  readonly inflight = new Denque<PendingReply>();
  /** The error the socket reported before it closed, if any. */
  socketError: Error | undefined = undefined;
  /** When the server last sent anything (ms; 0 before the first socket). */
  lastHeard = 0;

  readonly #owner: LinkOwner;
  readonly #parser: Parser;
  readonly #writer = new WriteBuffer();
  /** The connection's reply mode (bulk strings as Buffers unless decodeResponses). */
  readonly #returnBuffers: boolean;
  readonly #hooks: LinkHooks;
  readonly #silence: SilenceWatch | undefined;
  #socket: Duplex | undefined = undefined;
  #flushScheduled = false;
  #blocked = false;
  /** The last commands of the FIFO whose bytes are still in the write buffer (never handed to the socket). */
  #unflushed = 0;
  /** In-flight commands whose reply is read in the other mode: while any, the FIFO head sets the parser's mode. */
  #otherMode = 0;

  constructor(owner: LinkOwner, options: LinkOptions, hooks: LinkHooks) {
    this.#owner = owner;
    this.#hooks = hooks;
    this.#returnBuffers = options.returnBuffers;
    this.#silence = options.silenceTimeout > 0 ? new SilenceWatch(this, options.silenceTimeout) : undefined;
    this.#parser = new options.parserClass({
      onReply: (reply) => this.#onReply(reply),
      onError: (error) => this.#onErrorReply(error),
      onPush: (frame) => this.#onPush(frame),
      returnBuffers: options.returnBuffers,
      encoding: options.encoding,
    });
  }

  /** The socket attached, if any. */
  get socket(): Duplex | undefined {
    return this.#socket;
  }

  /** Where the connection goes, for messages. */
  get description(): string {
    return this.#owner.description;
  }

  /** Commands in the FIFO whose bytes were not handed to the socket yet (it is full, or the write waits for the next tick). */
  get unsent(): number {
    return this.#unflushed;
  }

  // ---- writing --------------------------------------------------------------------------

  /** Encodes one command that wants a reply; it joins the FIFO and leaves in this tick's write. */
  write(pending: PendingReply, args: Command): void {
    try {
      this.#writer.write(args);
    } catch (error) {
      pending.fail(error as Error); // a DataError from the encoder: nothing was written
      return;
    }
    pending.written = true;
    this.inflight.push(pending);
    this.#unflushed++;
    if (pending.otherMode) {
      // The parser reads each reply in the mode of the FIFO head: set it when this one is the head.
      this.#otherMode++;
      if (this.inflight.length === 1) this.#parser.returnBuffers = !this.#returnBuffers;
    }
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      process.nextTick(SocketLink.#flushTick, this);
    }
  }

  /** Encodes a command that has no reply of its own (SUBSCRIBE and friends): nothing joins the FIFO. */
  writeWithoutReply(args: Command): void {
    this.#writer.write(args);
    this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    process.nextTick(SocketLink.#flushTick, this);
  }

  static #flushTick(link: SocketLink): void {
    link.#flushScheduled = false;
    link.#flush();
  }

  /** One socket write for everything encoded since the last one, unless the socket is full. */
  #flush(): void {
    const socket = this.#socket;
    // A socket already destroyed (the server closed it; 'close' is on its way) takes nothing: those commands go again.
    if (socket === undefined || this.#blocked || socket.destroyed) return;
    this.#unflushed = 0; // from here on the socket has the bytes: those commands may run
    if (!this.#writer.flushTo(socket)) this.#blocked = true;
  }

  // ---- reading --------------------------------------------------------------------------

  #onReply(reply: RespValue): void {
    const pending = this.inflight.shift();
    if (pending === undefined) {
      this.#unsolicited(reply);
      return;
    }
    if (this.#otherMode !== 0) this.#headChanged(pending);
    if (pending.done) return; // given up after it was written: its reply is dropped, never handed on
    pending.settle(reply);
  }

  #onErrorReply(error: ResponseError): void {
    const pending = this.inflight.shift();
    if (pending === undefined) {
      this.#unsolicited(error as unknown as RespValue);
      return;
    }
    if (this.#otherMode !== 0) this.#headChanged(pending);
    if (pending.done) return;
    error.command = commandNameOf(pending.args); // its name only: arguments may hold secrets
    if (error instanceof BusyLoadingError && pending.args !== undefined) {
      this.#hooks.onLoading(pending, error); // refused unrun: it waits for the data set and goes again
      return;
    }
    pending.done = true;
    if (pending.signal !== undefined) pending.signal.removeEventListener('abort', pending);
    pending.reject(error);
  }

  /** `answered` left the FIFO while some command wants the other mode: the new head sets the parser's. */
  #headChanged(answered: PendingReply): void {
    if (answered.otherMode) this.#otherMode--;
    const head = this.inflight.peekFront();
    const mode = head !== undefined && head.otherMode ? !this.#returnBuffers : this.#returnBuffers;
    if (this.#parser.returnBuffers !== mode) this.#parser.returnBuffers = mode;
  }

  #onPush(frame: RespValue[]): void {
    const handler = this.#owner.pushHandler;
    if (handler !== undefined) handler(frame);
  }

  #unsolicited(reply: RespValue): void {
    const handler = this.#owner.pushHandler;
    if (handler !== undefined) {
      handler(reply);
      return;
    }
    // Without a handler, a reply nobody waits for means the stream is out of step: drop it.
    this.#socket?.destroy(new ProtocolError(`Reply from ${this.#owner.description} that no command waited for`));
  }

  // ---- the socket -----------------------------------------------------------------------

  /** Starts reading and writing on `socket`; `socketTimeout` (ms, 0 for none) drops it when silent while a reply is owed. */
  attach(socket: Duplex, socketTimeout: number): void {
    this.#socket = socket;
    this.socketError = undefined;
    this.#blocked = false;
    this.lastHeard = Date.now();
    this.#parser.reset();
    this.#startReading(socket);
    socket.on('drain', () => {
      this.#blocked = false;
      this.#flush();
    });
    socket.on('error', (error: Error) => {
      this.socketError ??= error;
    });
    socket.on('end', () => socket.destroy());
    socket.on('close', () => this.#hooks.onClose(socket));
    const withTimeout = socket as Duplex & { setTimeout?: (ms: number) => unknown };
    if (socketTimeout > 0 && typeof withTimeout.setTimeout === 'function') {
      withTimeout.setTimeout(socketTimeout);
      socket.on('timeout', () => {
        if (this.waitsForReply()) {
          socket.destroy(new TimeoutError(`No reply from ${this.#owner.description} for ${socketTimeout / 1000} s`));
        }
      });
    }
    this.#silence?.start();
    if (this.#writer.size > 0) this.#scheduleFlush();
  }

  /**
   * Replies are read from `socket`: by its SocketReader when it has one (long bulk strings read
   * straight into the Buffers they are handed out in, when the parser offers them), else from
   * its 'data' events.
   */
  #startReading(socket: Duplex): void {
    const parser = this.#parser;
    const reader = readerOf(socket);
    if (reader === undefined) {
      socket.on('data', (chunk: Buffer) => {
        this.lastHeard = Date.now();
        try {
          parser.feed(chunk);
        } catch (error) {
          socket.destroy(error as Error);
        }
      });
      return;
    }
    const bodyBuffer = parser.bodyBuffer?.bind(parser);
    const bodyFilled = parser.bodyFilled?.bind(parser);
    reader.attach({
      lend: bodyBuffer === undefined ? () => null : bodyBuffer,
      read: (buffer, bytes, lent) => {
        this.lastHeard = Date.now();
        try {
          if (lent && bodyFilled !== undefined) bodyFilled(buffer, bytes);
          else parser.feed(buffer);
        } catch (error) {
          socket.destroy(error as Error);
        }
      },
    });
  }

  /** Takes the socket for dead: it closes with `error`, and the connection's close handling follows. */
  destroySocket(error: Error): void {
    this.#socket?.destroy(error);
  }

  /**
   * Forgets the socket. The commands it was given fail: with `error`, as a ConnectionError
   * saying `mayHaveRun: true` when it is one. Returns, in order and still pending, those whose
   * bytes never reached it: the connection sends them again or fails them.
   */
  drop(error: Error): PendingReply[] {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#silence?.stop();
    const unwritten: PendingReply[] = [];
    for (let n = this.#unflushed; n > 0; n--) {
      const pending = this.inflight.pop() as PendingReply;
      if (!pending.done) unwritten.push(pending);
    }
    unwritten.reverse();
    this.#unflushed = 0;
    this.#writer.clear();
    this.#parser.reset();
    this.#parser.returnBuffers = this.#returnBuffers;
    this.#otherMode = 0;
    this.#blocked = false;
    if (socket !== undefined) {
      socket.removeAllListeners('data');
      readerOf(socket)?.detach();
      socket.removeAllListeners('drain');
      socket.removeAllListeners('close');
      if (!socket.destroyed) socket.destroy();
    }
    failAll(this.inflight, this.inflight.length > 0 ? mayHaveRun(error) : error);
    return unwritten;
  }

  /** Some written command still wants its reply (not all given up). */
  waitsForReply(): boolean {
    const inflight = this.inflight;
    for (let i = 0, n = inflight.length; i < n; i++) if (!(inflight.peekAt(i) as PendingReply).done) return true;
    return false;
  }
}

/** The error for commands written before the connection was lost: a ConnectionError says they may have run. */
function mayHaveRun(error: Error): Error {
  if (!(error instanceof ConnectionError) || error.mayHaveRun) return error;
  return new ConnectionError(`${error.message} (the command was written and may have run)`, { cause: error.cause, mayHaveRun: true });
}

/** Fails (and empties) a queue of commands. */
export function failAll(queue: Denque<PendingReply>, error: Error): void {
  let pending: PendingReply | undefined;
  while ((pending = queue.shift()) !== undefined) pending.fail(error);
}
