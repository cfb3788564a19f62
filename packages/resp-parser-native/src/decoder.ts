/**
 * Builds JavaScript values from the tape the native scanner wrote. This is the hot path and
 * is hand-written on purpose: each value is made once, straight from the tape entry and the
 * bytes it points at (latin1 for strings the scanner flagged as ASCII, utf8 otherwise).
 */
import { errorFromReply, VerbatimString, type ResponseError, type RespValue } from '@aredis/resp-parser';
import { parseDouble } from '@aredis/resp-parser/internal';
import { constants } from 'node:buffer';
import { latin1, asciiText, utf8, view } from './slices.js';

/** The longest string V8 makes: a span decoded whole must fit in one. */
const MAX_STRING_LENGTH = constants.MAX_STRING_LENGTH;

/**
 * The tape layout of tape.ts (and native/scanner.h), as a const enum declared in this file:
 * esbuild inlines it as literal numbers, where imported consts cost a binding load per use on
 * this hot path. test/tape-layout.test.ts checks that both agree.
 */
export const enum K {
  SIMPLE = 1,
  ERROR = 2,
  INT = 3,
  INT_F64 = 4,
  INT_BIG = 5,
  BULK = 6,
  NULL = 7,
  BOOL = 8,
  DOUBLE = 9,
  BIGNUM = 10,
  BULK_ERROR = 11,
  VERBATIM = 12,
  ARRAY = 13,
  MAP = 14,
  SET = 15,
  ATTRIBUTE = 16,
  PUSH = 17,
  STREAMED = 18,
  ASCII = 0x100,
  MASK = 0xff,
  ENTRY = 4,
}


export interface DecoderOptions {
  returnBuffers: boolean;
  encoding: BufferEncoding;
  onReply: (reply: RespValue) => void;
  onError: (error: ResponseError) => void;
  onPush: ((push: RespValue[]) => void) | undefined;
  onAttribute: ((attribute: Map<RespValue, RespValue>) => void) | undefined;
}

export class TapeDecoder {
  tape: Int32Array;
  f64: Float64Array;
  /** The next tape entry to read. */
  index = 0;
  #buf: Buffer = Buffer.alloc(0);
  /** The span [start, end) of #buf being delivered, decoded once as latin1 when worth it. */
  #spanStart = 0;
  #spanEnd = 0;
  #wantText = false;
  #text: string | undefined;
  /** The mode of the reply being built: set as each top-level reply begins. */
  #returnBuffers: boolean;
  /** The constructor's mode: push frames always use it. */
  readonly #pushReturnBuffers: boolean;
  /** The mode asked for the next top-level reply (the parser's `returnBuffers`). */
  nextReturnBuffers: boolean;
  /**
   * K.ASCII while strings are wanted (a short ASCII bulk is built as a string) and 0 while
   * Buffers are: the scanner flags ASCII bulks by the constructor's mode, whatever the current one.
   */
  #bulkAscii: number;
  /** K.BULK | K.ASCII while strings are wanted, -1 (matches no entry) while Buffers are. */
  #asciiBulkHead: number;
  readonly #encoding: BufferEncoding;
  readonly #utf8: boolean;
  readonly #onAttribute: DecoderOptions['onAttribute'];
  readonly #onReply: DecoderOptions['onReply'];
  readonly #onError: DecoderOptions['onError'];
  readonly #onPush: DecoderOptions['onPush'];
  /** Set by stop() (a reset() from a callback): the delivery in progress ends. */
  #stopped = false;

  constructor(tape: Int32Array, options: DecoderOptions) {
    this.tape = tape;
    this.f64 = new Float64Array(tape.buffer);
    this.#returnBuffers = options.returnBuffers;
    this.#pushReturnBuffers = options.returnBuffers;
    this.nextReturnBuffers = options.returnBuffers;
    this.#bulkAscii = options.returnBuffers ? 0 : K.ASCII;
    this.#asciiBulkHead = options.returnBuffers ? -1 : K.BULK | K.ASCII;
    this.#encoding = options.encoding;
    this.#utf8 = options.encoding === 'utf8' || options.encoding === 'utf-8';
    this.#onAttribute = options.onAttribute;
    this.#onReply = options.onReply;
    this.#onError = options.onError;
    this.#onPush = options.onPush;
  }

  /** Ends a delivery in progress (the parser was reset from a callback). */
  stop(): void {
    this.#stopped = true;
  }

  /**
   * Builds the complete replies of tape entries [from, to), whose offsets point into buf, and
   * hands each to its callback (see begin() for the span arguments). `firstReturnBuffers`: the
   * mode of the first reply, when it began in an earlier chunk (the mode asked for back then).
   */
  deliver(
    buf: Buffer,
    from: number,
    to: number,
    spanStart: number,
    spanEnd: number,
    asciiStrings: number,
    firstReturnBuffers?: boolean,
  ): void {
    const tape = this.tape;
    this.begin(buf, from, spanStart, spanEnd, asciiStrings);
    this.#stopped = false;
    let first = firstReturnBuffers;
    while (this.index < to && !this.#stopped) {
      const at = this.index * K.ENTRY;
      const head = tape[at]!;
      const kind = head & K.MASK;
      // A top-level reply is built in the mode asked for when it began (pushes: the constructor's).
      const mode = kind === K.PUSH ? this.#pushReturnBuffers : (first ?? this.nextReturnBuffers);
      first = kind === K.ATTRIBUTE ? mode : undefined; // the reply an attribute announces keeps its mode
      if (mode !== this.#returnBuffers) this.#setMode(mode);
      if (kind === K.INT) {
        this.index++;
        this.#onReply(tape[at + 2]!);
      } else if (head === (K.SIMPLE | K.ASCII) && tape[at + 2]! <= 8) {
        // +OK and other short status replies, built without the dispatch of value()
        this.index++;
        const offset = tape[at + 1]! >>> 0;
        this.#onReply(asciiText(buf, offset, offset + tape[at + 2]!));
      } else if (kind === K.ATTRIBUTE) {
        const attribute = this.attribute();
        this.#onAttribute?.(attribute);
      } else if (kind === K.ERROR || kind === K.BULK_ERROR) {
        this.#onError(this.value() as ResponseError);
      } else if (kind === K.PUSH && this.#onPush) {
        this.#onPush(this.value() as RespValue[]);
      } else {
        this.#onReply(this.value());
      }
    }
  }

  #setMode(returnBuffers: boolean): void {
    this.#returnBuffers = returnBuffers;
    this.#bulkAscii = returnBuffers ? 0 : K.ASCII;
    this.#asciiBulkHead = returnBuffers ? -1 : K.BULK | K.ASCII;
  }

  setTape(tape: Int32Array): void {
    this.tape = tape;
    this.f64 = new Float64Array(tape.buffer);
  }

  /**
   * Start reading entries at `index`, whose offsets point into `buf`; the replies span
   * [spanStart, spanEnd) of it and hold `asciiStrings` ASCII strings over 8 bytes (shorter ones
   * are built byte by byte, see asciiText). When there are many for
   * the span's size, the span is decoded once and each string is a slice of it (a slice costs
   * ~7 ns, a latin1Slice call ~50 ns, decoding the span ~0.15 ns a byte).
   */
  begin(buf: Buffer, index: number, spanStart: number, spanEnd: number, asciiStrings: number): void {
    this.#buf = buf;
    this.index = index;
    this.#spanStart = spanStart;
    this.#spanEnd = spanEnd;
    this.#wantText = asciiStrings > 1 && asciiStrings * 256 >= spanEnd - spanStart && spanEnd - spanStart <= MAX_STRING_LENGTH;
    this.#text = undefined;
  }

  /** An ASCII string at [start, end) of the buffer. */
  #ascii(start: number, end: number): string {
    if (!this.#wantText || end - start <= 8) return asciiText(this.#buf, start, end);
    const base = this.#spanStart;
    const text = (this.#text ??= latin1(this.#buf, base, this.#spanEnd));
    return text.slice(start - base, end - base);
  }

  /** The next value (an attribute too, as a Map). */
  value(): RespValue {
    const tape = this.tape;
    const i = this.index++;
    const at = i * K.ENTRY;
    const head = tape[at]!;
    // Offsets and string lengths are uint32 (a reply up to 4 GiB); counts and values are int32.
    const offset = tape[at + 1]! >>> 0;
    const n = tape[at + 2]!;
    const end = offset + (n >>> 0);
    const buf = this.#buf;
    switch (head & K.MASK) {
      case K.BULK:
        // K.ASCII on a bulk string means strings are wanted in utf8: a short one is built here.
        if (head & this.#bulkAscii && n <= 8) return asciiText(buf, offset, end);
        return this.#bulk(head, offset, end);
      case K.INT:
        return n;
      case K.SIMPLE:
        if (head & K.ASCII) return n <= 8 ? asciiText(buf, offset, end) : this.#ascii(offset, end);
        return utf8(buf, offset, end);
      case K.ARRAY:
      case K.PUSH: {
        const out: RespValue[] = new Array(n);
        // Hand-optimised: a short ASCII bulk element (the common case: keys, fields, small
        // values) is built right here, without a value() call and its switch per element.
        let index = this.index;
        const asciiBulk = this.#asciiBulkHead;
        for (let j = 0; j < n; j++) {
          const e = index * K.ENTRY;
          const length = tape[e + 2]!;
          if (tape[e] === asciiBulk && length <= 8) {
            index++;
            const start = tape[e + 1]! >>> 0;
            out[j] = asciiText(buf, start, start + length);
          } else {
            this.index = index;
            out[j] = this.value();
            index = this.index;
          }
        }
        this.index = index;
        return out;
      }
      case K.NULL:
        return null;
      case K.MAP:
        return this.#map(n);
      case K.ATTRIBUTE: {
        // Inside an aggregate: handed to onAttribute, never an element; the element follows.
        const attribute = this.#map(n);
        this.#onAttribute?.(attribute);
        return this.value();
      }
      case K.SET: {
        const out = new Set<RespValue>();
        for (let j = 0; j < n; j++) out.add(this.value());
        return out;
      }
      case K.ERROR:
        return errorFromReply(head & K.ASCII ? this.#ascii(offset, end) : utf8(buf, offset, end));
      case K.BULK_ERROR:
        return errorFromReply(utf8(buf, offset, end));
      case K.INT_F64:
        return this.f64[i * 2 + 1]!;
      case K.INT_BIG:
        return BigInt(latin1(buf, offset, end));
      case K.BOOL:
        return n === 1;
      case K.DOUBLE:
        return readDouble(latin1(buf, offset, end));
      case K.BIGNUM:
        return BigInt(latin1(buf, offset, end));
      case K.VERBATIM:
        return new VerbatimString(latin1(buf, offset, offset + 3), this.#bulk(head, offset + 4, end));
      case K.STREAMED:
        return this.#streamed(n);
      default:
        throw new Error(`resp-parser-native: corrupt tape entry ${head} at ${i}`);
    }
  }

  /** A top-level attribute (the next entry), as its Map. */
  attribute(): Map<RespValue, RespValue> {
    return this.#map(this.tape[this.index++ * K.ENTRY + 2]!);
  }

  #map(pairs: number): Map<RespValue, RespValue> {
    const out = new Map<RespValue, RespValue>();
    for (let j = 0; j < pairs; j++) {
      const key = this.value();
      out.set(key, this.value());
    }
    return out;
  }

  #bulk(head: number, start: number, end: number): string | Buffer {
    const buf = this.#buf;
    if (this.#returnBuffers) return view(buf, start, end);
    if (this.#utf8) return head & K.ASCII ? this.#ascii(start, end) : utf8(buf, start, end);
    return buf.toString(this.#encoding, start, end);
  }

  #streamed(parts: number): string | Buffer {
    const pieces: Buffer[] = [];
    for (let j = 0; j < parts; j++) {
      const at = this.index++ * K.ENTRY;
      const offset = this.tape[at + 1]! >>> 0;
      pieces.push(view(this.#buf, offset, offset + (this.tape[at + 2]! >>> 0)));
    }
    const whole = Buffer.concat(pieces);
    return this.#returnBuffers ? whole : whole.toString(this.#encoding);
  }
}

/** The scanner checked the syntax; the TS parser's reader gives both parsers one reading. */
function readDouble(text: string): number {
  return parseDouble(text) ?? Number(text);
}
