/**
 * Builds JavaScript values from the tape the native scanner wrote. This is the hot path and
 * is hand-written on purpose: each value is made once, straight from the tape entry and the
 * bytes it points at (latin1 for strings the scanner flagged as ASCII, utf8 otherwise).
 */
import { errorFromReply, VerbatimString, type RespValue } from '@aredis/resp-parser';
import {
  ENTRY,
  F_ASCII,
  KIND_MASK,
  K_ARRAY,
  K_ATTRIBUTE,
  K_BIGNUM,
  K_BOOL,
  K_BULK,
  K_BULK_ERROR,
  K_DOUBLE,
  K_ERROR,
  K_INT,
  K_INT_BIG,
  K_INT_F64,
  K_MAP,
  K_NULL,
  K_PUSH,
  K_SET,
  K_SIMPLE,
  K_STREAMED,
  K_VERBATIM,
} from './tape.js';
import { latin1, shortAscii, utf8, view } from './slices.js';

function parseDouble(text: string): number {
  switch (text.toLowerCase()) {
    case 'inf':
    case '+inf':
      return Infinity;
    case '-inf':
      return -Infinity;
    case 'nan':
    case '+nan':
    case '-nan':
      return NaN;
    default:
      return Number(text); // the scanner checked the syntax
  }
}

export interface DecoderOptions {
  returnBuffers: boolean;
  encoding: BufferEncoding;
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
  readonly #returnBuffers: boolean;
  readonly #encoding: BufferEncoding;
  readonly #utf8: boolean;
  readonly #onAttribute: DecoderOptions['onAttribute'];

  constructor(tape: Int32Array, options: DecoderOptions) {
    this.tape = tape;
    this.f64 = new Float64Array(tape.buffer);
    this.#returnBuffers = options.returnBuffers;
    this.#encoding = options.encoding;
    this.#utf8 = options.encoding === 'utf8' || options.encoding === 'utf-8';
    this.#onAttribute = options.onAttribute;
  }

  setTape(tape: Int32Array): void {
    this.tape = tape;
    this.f64 = new Float64Array(tape.buffer);
  }

  /**
   * Start reading entries at `index`, whose offsets point into `buf`; the replies span
   * [spanStart, spanEnd) of it and hold `asciiStrings` ASCII strings over 8 bytes (shorter ones
   * are built byte by byte, see shortAscii). When there are many for
   * the span's size, the span is decoded once and each string is a slice of it (a slice costs
   * ~7 ns, a latin1Slice call ~50 ns, decoding the span ~0.15 ns a byte).
   */
  begin(buf: Buffer, index: number, spanStart: number, spanEnd: number, asciiStrings: number): void {
    this.#buf = buf;
    this.index = index;
    this.#spanStart = spanStart;
    this.#spanEnd = spanEnd;
    this.#wantText = asciiStrings > 1 && asciiStrings * 256 >= spanEnd - spanStart;
    this.#text = undefined;
  }

  /** An ASCII string at [start, end) of the buffer. */
  #ascii(start: number, end: number): string {
    if (!this.#wantText || end - start <= 8) return shortAscii(this.#buf, start, end);
    const base = this.#spanStart;
    const text = (this.#text ??= latin1(this.#buf, base, this.#spanEnd));
    return text.slice(start - base, end - base);
  }

  /** The next value (an attribute too, as a Map). */
  value(): RespValue {
    const tape = this.tape;
    const i = this.index++;
    const at = i * ENTRY;
    const head = tape[at]!;
    const offset = tape[at + 1]!;
    const n = tape[at + 2]!;
    const buf = this.#buf;
    switch (head & KIND_MASK) {
      case K_BULK:
        return this.#bulk(head, offset, offset + n);
      case K_INT:
        return n;
      case K_SIMPLE:
        return head & F_ASCII ? this.#ascii(offset, offset + n) : utf8(buf, offset, offset + n);
      case K_ARRAY:
      case K_PUSH: {
        const out: RespValue[] = new Array(n);
        for (let j = 0; j < n; j++) out[j] = this.value();
        return out;
      }
      case K_NULL:
        return null;
      case K_MAP:
        return this.#map(n);
      case K_ATTRIBUTE: {
        // Inside an aggregate: handed to onAttribute, never an element; the element follows.
        const attribute = this.#map(n);
        this.#onAttribute?.(attribute);
        return this.value();
      }
      case K_SET: {
        const out = new Set<RespValue>();
        for (let j = 0; j < n; j++) out.add(this.value());
        return out;
      }
      case K_ERROR:
        return errorFromReply(head & F_ASCII ? this.#ascii(offset, offset + n) : utf8(buf, offset, offset + n));
      case K_BULK_ERROR:
        return errorFromReply(utf8(buf, offset, offset + n));
      case K_INT_F64:
        return this.f64[i * 2 + 1]!;
      case K_INT_BIG:
        return BigInt(latin1(buf, offset, offset + n));
      case K_BOOL:
        return n === 1;
      case K_DOUBLE:
        return parseDouble(latin1(buf, offset, offset + n));
      case K_BIGNUM:
        return BigInt(latin1(buf, offset, offset + n));
      case K_VERBATIM:
        return new VerbatimString(latin1(buf, offset, offset + 3), this.#bulk(head, offset + 4, offset + n));
      case K_STREAMED:
        return this.#streamed(n);
      default:
        throw new Error(`resp-parser-native: corrupt tape entry ${head} at ${i}`);
    }
  }

  /** A top-level attribute (the next entry), as its Map. */
  attribute(): Map<RespValue, RespValue> {
    return this.#map(this.tape[this.index++ * ENTRY + 2]!);
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
    if (this.#utf8) return head & F_ASCII ? this.#ascii(start, end) : utf8(buf, start, end);
    return buf.toString(this.#encoding, start, end);
  }

  #streamed(parts: number): string | Buffer {
    const pieces: Buffer[] = [];
    for (let j = 0; j < parts; j++) {
      const at = this.index++ * ENTRY;
      const offset = this.tape[at + 1]!;
      pieces.push(view(this.#buf, offset, offset + this.tape[at + 2]!));
    }
    const whole = Buffer.concat(pieces);
    return this.#returnBuffers ? whole : whole.toString(this.#encoding);
  }
}
