/**
 * NativeRespParser: the Parser interface of @aredis/resp-parser over the C scanner.
 *
 * One native call a chunk scans the bytes and writes a tape entry for every value of every
 * complete reply; JavaScript then builds the values from the tape (decoder.ts). A reply cut
 * by the chunk boundary stays in the scanner's state: the scanner resumes where it stopped
 * (never rescanning), and its bytes are kept here as a list of chunks, joined once when the
 * reply completes, so a 100 MB bulk in 64 KiB chunks or a 1,000,000-element array costs
 * linear time.
 *
 * Long bulk strings without a copy. A top-level bulk string cut by the end of a chunk, read as
 * a Buffer of 64 KiB or more, or decoded and of 32 KiB to 8 MiB, gets one destination (LongBody,
 * long-body.ts) instead of the list of chunks: its later bytes are copied in as they are fed,
 * or read straight into it by the socket (bodyBuffer() lends the part still empty, bodyFilled()
 * says how much the read put there; the scanner is still given those bytes to count and to
 * judge the CR LF after them, in place). As in RespParser.
 */
import {
  ProtocolError,
  RedisError,
  type Parser,
  type ParserOptions,
  type ResponseError,
  type RespValue,
} from '@aredis/resp-parser';
import { GatherBuffer } from '@aredis/resp-parser/internal';
import { constants } from 'node:buffer';
import { binding, unavailableReason, type NativeBinding, type ScanFunction } from './binding.js';
import { TapeDecoder } from './decoder.js';
import { LongBody } from './long-body.js';
import { latin1Gathered, latin1Pieces } from './slices.js';
import { NOT_TINY, TINY_MAX, tinyReply, type TinyMode } from './tiny.js';
import {
  ENTRY,
  ERROR_MESSAGES,
  E_TOO_LARGE,
  F_ASCII,
  KIND_MASK,
  K_BULK,
  PARTIAL_CONTINUED,
  PARTIAL_NONE,
  R_ASCII_FIRST,
  R_ASCII_REST,
  R_DONE_END,
  R_DONE_ENTRIES,
  R_FIELDS,
  R_FIRST_END,
  R_FIRST_ENTRIES,
  R_PARTIAL,
  R_RESUME,
  R_TAPE_USED,
  S_ERROR,
  S_TAPE_FULL,
} from './tape.js';

const DEFAULT_MAX_BULK_LENGTH = 512 * 1024 * 1024;
/**
 * The longest reply: its bytes are joined into one Buffer (at most buffer.constants.MAX_LENGTH)
 * and the tape's offsets into it are uint32. A longer one is a ProtocolError at the header that
 * announces it, naming this limit (the TypeScript parser, which joins each body alone, refuses at
 * the header only a body longer than a Buffer can be with its CR LF, buffer.constants.MAX_LENGTH).
 */
export const MAX_REPLY_LENGTH = Math.min(constants.MAX_LENGTH, 2 ** 32 - 1);
const DEFAULT_MAX_DEPTH = 1024;
const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
/** Tape entries to start with; the tape doubles when a chunk needs more. */
const INITIAL_ENTRIES = 1024;
/**
 * A tape grown beyond INITIAL_ENTRIES (a reply of very many elements) goes back to that size
 * once SHRINK_AFTER chunks in a row each needed no more than it: a steady stream of big replies
 * keeps its tape, a lone one does not keep the memory.
 */
const SHRINK_AFTER = 16;
/** Chunks above this are fed in pieces (the scanner's positions are int32). */
const MAX_CHUNK = 1 << 30;

/** For tests (not exported by the package): the parser's tape, and the bytes of the scanner's own buffers. */
export let internals: {
  tape(parser: NativeRespParser): Int32Array;
  scannerBytes(parser: NativeRespParser): number;
};

/** Thrown by `new NativeRespParser()` when the addon could not be loaded. */
export class NativeUnavailableError extends RedisError {
  override readonly code: string = 'AREDIS_ERR_NATIVE_UNAVAILABLE';
}

export class NativeRespParser implements Parser {
  readonly #native: NativeBinding;
  readonly #scan: ScanFunction;
  readonly #result = new Int32Array(R_FIELDS);
  readonly #decoder: TapeDecoder;
  readonly #onReply: ParserOptions['onReply'];
  readonly #onError: ParserOptions['onError'];
  readonly #onPush: ParserOptions['onPush'];
  readonly #onAttribute: ParserOptions['onAttribute'];
  /** Bytes of the unfinished reply, from earlier chunks. */
  #pending: Buffer[] = [];
  /**
   * The buffer a big ASCII string that came in many chunks is gathered in: up to 8 MiB (larger: a
   * rope), and its CR LF when it is a LongBody's.
   */
  readonly #gather = new GatherBuffer(8 * 1024 * 1024 + 2);
  /** Instead of #pending, for a long top-level bulk string (see LongBody). */
  #body: LongBody | null = null;
  /** What bodyBuffer() lent last, until the next feed or bodyFilled. */
  #lent: Buffer | null = null;
  #pendingLength = 0;
  /** Delivering replies: a feed() from a callback is queued, not run inside. */
  #busy = false;
  #queue: Buffer[] = [];
  /** The scanner holds part of an unfinished reply. */
  #inProgress = false;
  /** The mode the unfinished reply began in (returnBuffers when its first bytes came). */
  #partialReturnBuffers = false;
  /** Bytes decoded by tinyReply (never seen by the scanner), for error offsets. */
  #tinyBytes = 0;
  readonly #tiny: TinyMode;
  /** The scanner flags ASCII bulk strings (the parser was made to decode UTF-8). */
  readonly #wantAscii: boolean;
  /** The ProtocolError that stopped the parser: thrown again until reset(). */
  #failed: ProtocolError | undefined;
  /** Chunks in a row whose entries fitted in INITIAL_ENTRIES, while the tape is larger (see SHRINK_AFTER). */
  #smallChunks = 0;

  static {
    internals = {
      tape: (parser) => parser.#decoder.tape,
      scannerBytes: (parser) => parser.#native.bufferBytes(parser.#scan),
    };
  }

  constructor(options: ParserOptions) {
    if (!binding) throw new NativeUnavailableError(`the native RESP parser is not available: ${unavailableReason()}`);
    this.#native = binding;
    this.#onReply = options.onReply;
    this.#onError = options.onError;
    this.#onPush = options.onPush;
    this.#onAttribute = options.onAttribute;
    const returnBuffers = options.returnBuffers === true;
    const encoding = options.encoding ?? 'utf8';
    const maxBulkLength = options.maxBulkLength ?? DEFAULT_MAX_BULK_LENGTH;
    const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    if (!(maxBulkLength >= 0) || !(maxDepth >= 0) || maxDepth > 0xffffffff || !(maxLineLength >= 0)) {
      throw new RangeError('maxBulkLength, maxDepth and maxLineLength must be non-negative numbers');
    }
    const tape = new Int32Array(INITIAL_ENTRIES * ENTRY);
    const wantAscii = !returnBuffers && (encoding === 'utf8' || encoding === 'utf-8');
    this.#wantAscii = wantAscii;
    const lineLimit = Math.min(maxLineLength, Number.MAX_SAFE_INTEGER);
    const bulkLimit = Math.min(maxBulkLength, Number.MAX_SAFE_INTEGER);
    this.#scan = binding.create(bulkLimit, Math.floor(maxDepth), wantAscii, tape, this.#result, lineLimit, MAX_REPLY_LENGTH);
    this.#decoder = new TapeDecoder(tape, {
      returnBuffers,
      encoding,
      onReply: this.#onReply,
      onError: this.#onError,
      onPush: this.#onPush,
      onAttribute: this.#onAttribute,
    });
    this.#tiny = { returnBuffers, utf8: encoding === 'utf8' || encoding === 'utf-8', encoding, maxBulkLength, maxDepth, maxLineLength };
  }

  feed(chunk: Buffer): void {
    if (this.#failed !== undefined) throw this.#failed;
    this.#lent = null;
    if (this.#busy) {
      this.#queue.push(chunk);
      return;
    }
    this.#busy = true;
    try {
      if (this.#inProgress || chunk.length > TINY_MAX || !this.#feedTiny(chunk)) this.#feedChunk(chunk);
      else if (this.#decoder.tape.length > INITIAL_ENTRIES * ENTRY) this.#maybeShrinkTape(0); // a short reply counts too
      while (this.#queue.length > 0) this.#feedChunk(this.#queue.shift()!);
    } finally {
      this.#busy = false;
    }
  }

  /**
   * While a long top-level bulk string is cut (see LongBody): the part of its destination still
   * empty, for the socket to read into (Parser.bodyBuffer); else null.
   */
  bodyBuffer(): Buffer | null {
    const body = this.#body;
    return (this.#lent = body === null || this.#busy ? null : body.lend());
  }

  /**
   * `bytes` were read into the start of `buffer` (Parser.bodyFilled): the same as
   * feed(buffer.subarray(0, bytes)), without the copy when `buffer` is what bodyBuffer() lent
   * last and nothing was fed since.
   */
  bodyFilled(buffer: Buffer, bytes: number): void {
    const body = this.#body;
    if (buffer !== this.#lent || body === null || this.#busy || bytes > body.end - body.filled) {
      this.feed(bytes === buffer.length ? buffer : buffer.subarray(0, bytes));
      return;
    }
    this.#lent = null;
    if (bytes === 0) return;
    this.#busy = true;
    try {
      body.filled += bytes;
      this.#feedChunk(bytes === buffer.length ? buffer : buffer.subarray(0, bytes), true);
      while (this.#queue.length > 0) this.#feedChunk(this.#queue.shift()!);
    } finally {
      this.#busy = false;
    }
  }

  /** A chunk that is one short simple reply, decoded without the native call (tiny.ts). */
  #feedTiny(chunk: Buffer): boolean {
    const value = tinyReply(chunk, this.#tiny);
    if (value === NOT_TINY) return false;
    this.#tinyBytes += chunk.length;
    if (chunk[0] === 0x2d) this.#onError(value as ResponseError);
    else this.#onReply(value);
    return true;
  }

  /** The mode of the next top-level reply (Parser.returnBuffers): writable, even from a callback. */
  get returnBuffers(): boolean {
    return this.#decoder.nextReturnBuffers;
  }
  set returnBuffers(value: boolean) {
    this.#decoder.nextReturnBuffers = value === true;
    this.#tiny.returnBuffers = value === true;
  }

  reset(): void {
    this.#native.reset(this.#scan);
    this.#pending = [];
    this.#pendingLength = 0;
    this.#body = null;
    this.#lent = null;
    this.#queue = [];
    this.#decoder.stop();
    this.#inProgress = false;
    this.#tinyBytes = 0;
    this.#failed = undefined;
  }

  /** `inPlace`: the chunk is the part of the LongBody's destination just filled (bodyFilled). */
  #feedChunk(chunk: Buffer, inPlace = false): void {
    if (chunk.length > MAX_CHUNK) {
      for (let i = 0; i < chunk.length; i += MAX_CHUNK) this.#feedChunk(chunk.subarray(i, i + MAX_CHUNK), inPlace);
      return;
    }
    if (chunk.length === 0) return;
    const native = this.#native;
    const result = this.#result;
    let status = this.#scan(chunk);
    while (status === S_TAPE_FULL) {
      this.#growTape();
      status = native.resume(this.#scan, chunk, result[R_RESUME]!);
    }
    const done = result[R_DONE_ENTRIES]!;
    const firstEntries = result[R_FIRST_ENTRIES]!;
    let first: Buffer | undefined;
    let firstValue: string | Buffer | undefined;
    const body = this.#body;
    if (firstEntries > 0 && body !== null) {
      // The long body is complete: its CR LF and any replies after it are in this chunk.
      if (!inPlace) body.copy(chunk, result[R_FIRST_END]!);
      const head = this.#decoder.tape[0]!;
      firstValue = body.value(this.#wantAscii ? (head & F_ASCII) !== 0 : undefined);
      this.#body = null;
    } else if (firstEntries > 0) {
      const end = result[R_FIRST_END]!;
      const pieces = this.#pending;
      pieces.push(chunk.subarray(0, end));
      const tape = this.#decoder.tape;
      if (firstEntries === 1 && this.#tiny.utf8 && !this.#partialReturnBuffers && tape[0] === (K_BULK | F_ASCII)) {
        // A big ASCII bulk string that came in many chunks: gathered into a reused buffer and
        // cut once (a flat string) up to the gather buffer's 8 MiB, decoded piece by piece (no join) above.
        const start = tape[1]! >>> 0;
        const length = tape[2]!;
        const gather = this.#gather.for(length);
        firstValue = gather ? latin1Gathered(pieces, start, start + length, gather) : latin1Pieces(pieces, start, start + length);
      } else {
        first = Buffer.concat(pieces, this.#pendingLength + end);
      }
      this.#pending = [];
      this.#pendingLength = 0;
    }
    let error: ProtocolError | undefined;
    if (status === S_ERROR) {
      const code = native.errorCode(this.#scan);
      const message = code === E_TOO_LARGE ? `${ERROR_MESSAGES[code]}: ${MAX_REPLY_LENGTH} bytes` : ERROR_MESSAGES[code];
      error = new ProtocolError(message ?? ERROR_MESSAGES[0]!, this.#tinyBytes + native.errorOffset(this.#scan));
      this.reset();
    } else if (this.#body !== null) {
      if (!inPlace) body!.copy(chunk, chunk.length); // the whole chunk is more of the body
    } else {
      this.#keepPartial(chunk, result[R_PARTIAL]!);
    }
    const partialBegan = this.#inProgress && result[R_PARTIAL] !== PARTIAL_CONTINUED;
    const decoder = this.#decoder;
    if (firstValue !== undefined) this.#onReply(firstValue);
    else if (first) decoder.deliver(first, 0, firstEntries, 0, first.length, result[R_ASCII_FIRST]!, this.#partialReturnBuffers);
    if (done > firstEntries) {
      decoder.deliver(chunk, firstEntries, done, firstEntries > 0 ? result[R_FIRST_END]! : 0, result[R_DONE_END]!, result[R_ASCII_REST]!);
    }
    // A reply that began in this chunk is read in the mode asked for once the replies before it were handed over.
    if (partialBegan) this.#partialReturnBuffers = decoder.nextReturnBuffers;
    if (error) {
      this.#failed = error;
      throw error;
    }
    // (a callback may have reset the parser: nothing is in progress then)
    if (this.#inProgress && this.#body === null) this.#takeBody();
    if (decoder.tape.length > INITIAL_ENTRIES * ENTRY) this.#maybeShrinkTape(result[R_TAPE_USED]!);
  }

  /** Counts the chunks that needed no more than INITIAL_ENTRIES (`used`: the most this one had), and shrinks after SHRINK_AFTER. */
  #maybeShrinkTape(used: number): void {
    if (used > INITIAL_ENTRIES) {
      this.#smallChunks = 0;
      return;
    }
    if (++this.#smallChunks < SHRINK_AFTER) return;
    this.#smallChunks = 0;
    // setTape copies the entries of an unfinished reply (at most `used`; none after a reset() from a callback).
    const tape = new Int32Array(INITIAL_ENTRIES * ENTRY);
    this.#native.setTape(this.#scan, tape);
    this.#decoder.setTape(tape);
  }

  /**
   * When the unfinished reply is a lone bulk string whose header was read (one tape entry, a
   * K_BULK: its body is being counted down), long enough for a destination of its own (LongBody):
   * its bytes so far move there from #pending.
   */
  #takeBody(): void {
    const result = this.#result;
    const done = result[R_DONE_ENTRIES]!;
    if (result[R_TAPE_USED]! - done !== 1) return;
    const tape = this.#decoder.tape;
    const at = done * ENTRY;
    if ((tape[at]! & KIND_MASK) !== K_BULK) return;
    const start = tape[at + 1]! >>> 0;
    const length = tape[at + 2]! >>> 0;
    const encoding = this.#partialReturnBuffers ? null : this.#tiny.encoding;
    const body = LongBody.for(length, this.#pendingLength - start, encoding, this.#gather);
    if (body === null) return;
    body.gather(this.#pending, start, this.#pendingLength);
    this.#body = body;
    this.#pending = [];
    this.#pendingLength = 0;
  }

  /** Keeps the bytes of a reply the chunk left unfinished. */
  #keepPartial(chunk: Buffer, partial: number): void {
    this.#inProgress = partial !== PARTIAL_NONE;
    if (partial === PARTIAL_NONE) return;
    if (partial === PARTIAL_CONTINUED) {
      this.#pending.push(chunk);
      this.#pendingLength += chunk.length;
    } else {
      const rest = partial === 0 ? chunk : chunk.subarray(partial);
      this.#pending = [rest];
      this.#pendingLength = rest.length;
    }
  }

  #growTape(): void {
    this.#smallChunks = 0;
    const tape = new Int32Array(this.#decoder.tape.length * 2);
    this.#native.setTape(this.#scan, tape); // copies the entries in use
    this.#decoder.setTape(tape);
  }
}
