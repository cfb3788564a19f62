import { DOLLAR, STAR } from '../decoder/bytes.js';
import type { CommandArg } from '../types.js';
import { encodeArgsInto } from './arguments.js';
import { headerLength, writeCrlf, writeHeader, writeText } from './write.js';

export interface CommandWriterOptions {
  /** Size of each slab the commands are written into. Default 64 KiB. */
  slabSize?: number;
  /** Buffer arguments at least this long are handed out as their own chunk, not copied. Default 16 KiB. */
  largeArgument?: number;
}

/**
 * Encodes many commands for one socket: each `write()` appends a command to a growing slab;
 * `take()` hands out every byte written since the last `take()` as a list of chunks, in order.
 * Bytes once handed out are never written again (a full slab is replaced, never rewound), so
 * the chunks may sit in the socket's queue as long as they like. Large Buffer arguments are
 * handed out as they are (the caller must not modify them until written).
 *
 * ```ts
 * const writer = new CommandWriter();
 * writer.write(['SET', 'k', 'v']);
 * writer.write(['GET', 'k']);
 * for (const chunk of writer.take()) socket.write(chunk);
 * ```
 */
export class CommandWriter {
  readonly #slabSize: number;
  readonly #largeArgument: number;
  #slab: Buffer;
  /** First byte of the slab not handed out yet. */
  #start = 0;
  /** Next byte to write. */
  #end = 0;
  /** Chunks finished but not handed out yet (before the slab's pending bytes). */
  #chunks: Buffer[] = [];
  #pendingBytes = 0;
  /** Scratch arrays for write(): one command's converted arguments and their byte lengths. */
  readonly #parts: (string | Buffer)[] = [];
  readonly #lengths: number[] = [];

  constructor(options: CommandWriterOptions = {}) {
    this.#slabSize = options.slabSize ?? 64 * 1024;
    this.#largeArgument = options.largeArgument ?? 16 * 1024;
    this.#slab = Buffer.allocUnsafeSlow(this.#slabSize);
  }

  /** Bytes written and not yet handed out. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** Appends one command. Throws DataError (writing nothing) when an argument is invalid. */
  write(args: readonly CommandArg[]): void {
    // Hand-optimised (hot path: every command): the converted arguments go into two scratch
    // arrays this writer reuses, instead of a fresh object and two arrays per command.
    const parts = this.#parts;
    const lengths = this.#lengths;
    const count = args.length;
    const bytes = encodeArgsInto(args, parts, lengths);
    const large = this.#largeArgument;
    // The command's size, and the room it needs in the slab (large Buffers are not copied).
    let headers = headerLength(count);
    let copied = 0;
    for (let i = 0; i < count; i++) {
      const length = lengths[i]!;
      headers += headerLength(length) + 2;
      if (typeof parts[i] === 'string' || length < large) copied += length;
    }
    const size = headers + bytes;
    const room = headers + copied;
    if (this.#slab.length - this.#end < room) this.#replaceSlab(room);
    const slab = this.#slab;
    let pos = writeHeader(slab, this.#end, STAR, count);
    for (let i = 0; i < count; i++) {
      const part = parts[i]!;
      const length = lengths[i]!;
      pos = writeHeader(slab, pos, DOLLAR, length);
      if (typeof part === 'string') pos = writeText(slab, pos, part, length);
      else if (length < large) pos += part.copy(slab, pos);
      else {
        this.#end = pos;
        this.#cut();
        this.#chunks.push(part);
      }
      pos = writeCrlf(slab, pos);
      parts[i] = ''; // the scratch array must not keep the caller's strings and Buffers alive
    }
    this.#end = pos;
    this.#pendingBytes += size;
  }

  /** Every byte written since the last take(), as chunks to write in order. */
  take(): Buffer[] {
    this.#cut();
    const chunks = this.#chunks;
    this.#chunks = [];
    this.#pendingBytes = 0;
    return chunks;
  }

  /** Moves the slab's pending bytes into the chunk list. */
  #cut(): void {
    if (this.#end > this.#start) this.#chunks.push(this.#slab.subarray(this.#start, this.#end));
    this.#start = this.#end;
  }

  /** Hands the current slab's pending bytes to the chunk list and starts a new slab. */
  #replaceSlab(room: number): void {
    this.#cut();
    this.#slab = Buffer.allocUnsafeSlow(Math.max(this.#slabSize, room));
    this.#start = 0;
    this.#end = 0;
  }
}
