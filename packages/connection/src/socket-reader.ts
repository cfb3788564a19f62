import { connect as netConnect, type NetConnectOpts, type OnReadOpts, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** Ordinary reads go into a buffer of this size, as Node's own reads do. */
const READ_SIZE = 64 * 1024;
/**
 * A read at least this long hands its buffer to the parser as the chunk (and a new buffer is
 * taken for the next read); a shorter one is copied into a chunk of its exact size, so a small
 * reply never keeps a 64 KiB buffer alive and the read buffer is reused.
 */
const HAND_OVER_MIN = 32 * 1024;

/** Where a SocketReader's bytes go once its socket is attached to a connection. */
export interface ReadSink {
  /** The buffer the next read should fill (the parser's bodyBuffer), or null for an ordinary read. */
  lend(): Buffer | null;
  /** `bytes` were read into `buffer`: what lend() returned (`lent`), or a chunk of their own (all of it). */
  read(buffer: Buffer, bytes: number, lent: boolean): void;
}

/**
 * The `onread` option of a socket a connection opens: Node reads into the buffer this gives
 * for each read, with no allocation of its own and no stream machinery between the read and
 * the parser. While the parser reads a long bulk string as a Buffer, that buffer is the rest
 * of the string's own destination (the bytes land once, where they are handed out); otherwise
 * a reusable read buffer whose bytes are copied out or handed over (the parser may keep
 * subarrays of every chunk it is fed: no chunk's memory is ever written again).
 *
 * Until a connection attaches it (and if none does: a subclass may wrap the socket in a stream
 * of its own), every read is pushed to the socket as a chunk, so the socket emits 'data' as any
 * other; what is still buffered there goes to the connection when it attaches. After that,
 * 'data' listeners of the socket (a subclass's) are given every read too. After
 * `detach()` reads are dropped (the socket is being destroyed).
 */
export class SocketReader implements OnReadOpts {
  #sink: ReadSink | undefined = undefined;
  #detached = false;
  #socket: Socket | undefined = undefined;
  #own: Buffer | undefined = undefined;
  #lent: Buffer | null = null;

  readonly buffer = (): Buffer => {
    const lent = this.#sink === undefined ? null : this.#sink.lend();
    this.#lent = lent;
    return lent ?? (this.#own ??= Buffer.allocUnsafeSlow(READ_SIZE));
  };

  readonly callback = (bytes: number, buffer: Uint8Array): boolean => {
    const sink = this.#sink;
    if (buffer === this.#lent && sink !== undefined) {
      this.#lent = null;
      sink.read(buffer as Buffer, bytes, true);
      this.#tap(buffer as Buffer, bytes);
      return true;
    }
    const own = buffer as Buffer;
    let chunk: Buffer;
    if (bytes >= HAND_OVER_MIN) {
      chunk = bytes === own.length ? own : own.subarray(0, bytes);
      if (own === this.#own) this.#own = undefined;
    } else {
      chunk = Buffer.allocUnsafe(bytes);
      own.copy(chunk, 0, 0, bytes);
    }
    if (sink !== undefined) {
      sink.read(chunk, bytes, false);
      this.#tap(chunk, bytes);
    } else if (!this.#detached) this.#socket?.push(chunk);
    return true;
  };

  /**
   * A connection subclass that listens to its socket's 'data' (wrapping `super.createSocket()`
   * to count or log bytes, as docs/swap-points.md shows) still hears every read once the
   * connection reads through this reader: the bytes are emitted to those listeners too.
   */
  #tap(buffer: Buffer, bytes: number): void {
    const socket = this.#socket;
    if (socket !== undefined && socket.listenerCount('data') > 0) socket.emit('data', bytes === buffer.length ? buffer : buffer.subarray(0, bytes));
  }

  /** The socket this reader is the `onread` of. */
  bind(socket: Socket): void {
    this.#socket = socket;
  }

  /** From now on reads go to `sink`; what the socket still buffers goes first. */
  attach(sink: ReadSink): void {
    const socket = this.#socket;
    let chunk: Buffer | null;
    while (socket !== undefined && (chunk = socket.read() as Buffer | null) !== null) sink.read(chunk, chunk.length, false);
    this.#sink = sink;
  }

  /** Reads are dropped from now on. */
  detach(): void {
    this.#sink = undefined;
    this.#detached = true;
  }
}

const readers = new WeakMap<Duplex, SocketReader>();

/** `net.connect(options)` with a SocketReader as its `onread` (found again by readerOf). */
export function connectWithReader(options: NetConnectOpts): Socket {
  const reader = new SocketReader();
  const socket = netConnect({ ...options, onread: reader });
  reader.bind(socket);
  readers.set(socket, reader);
  return socket;
}

/** The SocketReader of a socket connectWithReader opened; undefined for any other stream. */
export function readerOf(socket: Duplex): SocketReader | undefined {
  return readers.get(socket);
}
