/**
 * RespParser: the streaming RESP2/RESP3 decoder in TypeScript.
 *
 * This is the client's hot path, so it is hand-written for speed rather than built on a
 * parsing library: one loop over the chunk's bytes by index (no per-byte closures), integers
 * and lengths computed while scanning, strings cut with `latin1Slice`/`utf8Slice`, one
 * reusable frame per nesting level instead of recursion.
 *
 * Linear cost. Aggregates live on an explicit stack of frames, so a reply split across chunks
 * resumes exactly where it stopped: nothing already decoded is decoded again. What may be cut
 * is only ever the current element: a line (kept as a list of pieces until its CR LF arrives,
 * then joined once) or a bulk body (its pieces collected in a list until all its bytes arrived,
 * then joined once). Nothing is allocated for a length before its bytes arrive.
 *
 * Buffers handed out. With `returnBuffers`, a bulk string that arrived whole inside one chunk
 * is a `subarray` of that chunk (no copy); one that spanned chunks is a fresh Buffer. This is
 * safe because Node never reuses the memory of a chunk a socket has delivered (`net` and `tls`
 * sockets allocate a new buffer for every read unless the `onread` option with a caller-owned
 * buffer is used; test/chunk-ownership.test.ts checks this). So the rule for callers: do not
 * modify a chunk after feeding it. A small value keeps its whole chunk alive while referenced.
 *
 * Long Buffers without a copy. A bulk string read as a Buffer of DESTINATION_MIN bytes or more
 * that is cut by the end of a chunk gets one destination of its full size (at its header up to
 * DESTINATION_EAGER_MAX); its later bytes are copied in as they are fed, or read straight into
 * it by the socket: bodyBuffer() lends the part still empty, bodyFilled() says how much the read
 * put there (the connection's SocketReader does this with Node's `onread`). It is handed out as
 * a subarray of that destination, and CR LF and everything after still go through the parser.
 * A long string to decode (TextCollector) lends the rest of its gather buffer the same way.
 *
 * Callbacks run synchronously inside feed(); they may call reset() (feeding stops there) but
 * must not call feed() re-entrantly.
 */
import { constants } from 'node:buffer';
import { ProtocolError, errorFromReply, type ResponseError } from '../errors.js';
import { VerbatimString, type Parser, type ParserOptions, type RespValue } from '../types.js';
import { asciiText } from './ascii.js';
import { isAsciiRange, latin1Slice, utf8Slice } from './bytes.js';
import { Frame } from './frame.js';
import { exactInteger, parseBigNumber, parseDouble } from './scalars.js';
import { GatherBuffer } from './gather.js';
import { TEXT_COLLECTOR_THRESHOLD, TEXT_GATHER_MAX, TextCollector } from './text-collector.js';

/**
 * A bulk string read as a Buffer, at least this long and cut by the end of a chunk, is copied
 * into one destination of its own size as its bytes arrive (no list of pieces joined at the
 * end), and bodyBuffer() lends the rest of that destination for the socket to read into.
 */
const DESTINATION_MIN = 64 * 1024;
/**
 * Destinations up to this size are allocated at the header; a longer body's only once this
 * many of its bytes have arrived (a length alone never allocates more than this).
 */
const DESTINATION_EAGER_MAX = 8 * 1024 * 1024;
/** bodyBuffer() lends nothing for fewer missing bytes: a read that small saves no copy worth a read call. */
const LEND_MIN = 4 * 1024;

/**
 * Byte values, as a const enum so they compile to literals: an imported `const` is a module
 * binding V8 loads (with a TDZ check) on every use, which costs measurably in the byte loops.
 */
const enum Byte {
  BANG = 33,
  COLON = 58,
  COMMA = 44,
  CR = 13,
  DOLLAR = 36,
  DOT = 46,
  EQUALS = 61,
  GREATER = 62,
  HASH = 35,
  LF = 10,
  LOWER_F = 102,
  LOWER_T = 116,
  MINUS = 45,
  NINE = 57,
  PAREN = 40,
  PERCENT = 37,
  PIPE = 124,
  PLUS = 43,
  QUESTION = 63,
  SEMICOLON = 59,
  STAR = 42,
  TILDE = 126,
  UNDERSCORE = 95,
  ZERO = 48,
}

const DEFAULT_MAX_BULK_LENGTH = 512 * 1024 * 1024;
/**
 * The longest body a Buffer can hold with its CR LF (a body is joined, or gets a destination,
 * with them): a longer length is a ProtocolError at its header, whatever maxBulkLength allows
 * (the native parser, which joins a whole reply, refuses at the header too, below its own limit).
 */
const MAX_BODY_LENGTH = constants.MAX_LENGTH - 2;
const DEFAULT_MAX_DEPTH = 1024;
const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
/** Longest line of a type whose valid forms are short (lengths, counts, `_ # .`): as the native scanner. */
const SYNTAX_LINE = 64;

/** What a frame collects (Frame.kind). */
const enum Kind {
  ARRAY = 0,
  PUSH = 1,
  MAP = 2,
  SET = 3,
  ATTRIBUTE = 4,
  /** A streamed string (`$?`) collecting its `;` chunks. */
  STREAMED_STRING = 5,
}

/** Kinds of length-prefixed bodies. */
const enum Body {
  BULK = 0,
  BULK_ERROR = 1,
  VERBATIM = 2,
  CHUNK = 3,
}

const enum Limit {
  /** Lengths and counts longer than this many digits are refused (no valid one comes close). */
  LENGTH_DIGITS = 15,
  /**
   * Aggregate counts (elements, or pairs of a map) above this are refused: Redis itself
   * refuses a multibulk count above INT_MAX (2^31 - 1), and so does the native parser.
   */
  COUNT = 0x7fffffff,
  /** Arrays up to this many elements are allocated at full size up front; larger ones grow. */
  PREALLOCATE = 1024,
  /** How many levels the fast path may recurse below the open frames before giving up. */
  RECURSION = 8,
}

/** #readLength's answers besides a count or -1. */
const enum Length {
  /** The line is not complete yet. */
  INCOMPLETE = -3,
  /** `?`: a streamed string or aggregate. */
  STREAMED = -2,
}

/** Strings up to this many bytes are checked for ASCII in JavaScript first (see utf8Text). */
const SHORT_STRING = 64;

/**
 * Strings at least this many bytes are checked with isAsciiRange and, when ASCII, cut with
 * latin1Slice (a copy) instead of the UTF-8 decoder; below it the check's call costs more than
 * it saves (measured with bench:parsers' "16 × 4 KiB bulks" case).
 */
const ASCII_CHECK_MIN = 1024;

/**
 * buf[start..end) decoded as UTF-8. Short strings are scanned for ASCII here: an ASCII one is
 * built by asciiText, much cheaper than the UTF-8 decoder for a few bytes. Long ASCII ones are
 * copied as latin1.
 */
function utf8Text(buf: Buffer, start: number, end: number): string {
  const length = end - start;
  if (length <= SHORT_STRING) {
    let high = 0;
    for (let i = start; i < end; i++) high |= buf[i]!;
    if (high < 0x80) return asciiText(buf, start, end);
  } else if (length >= ASCII_CHECK_MIN && isAsciiRange(buf, start, end)) return latin1Slice(buf, start, end);
  return utf8Slice(buf, start, end);
}

/** #value's answer when the element needs the frame machine. */
const SLOW: unique symbol = Symbol('slow');
/** #close's answer when the finished aggregate went to a callback instead of its parent. */
const ROUTED: unique symbol = Symbol('routed');

export class RespParser implements Parser {
  readonly #onReply: (reply: RespValue) => void;
  readonly #onError: (error: ResponseError) => void;
  readonly #onPush: ((push: RespValue[]) => void) | undefined;
  readonly #onAttribute: ((attribute: Map<RespValue, RespValue>) => void) | undefined;
  /** The mode of the reply being read: set as each top-level element begins (see returnBuffers). */
  #returnBuffers: boolean;
  /** The constructor's mode: push frames always use it. */
  readonly #pushReturnBuffers: boolean;
  /** `returnBuffers` as last set: the mode of the next top-level reply. */
  #nextReturnBuffers: boolean;
  /**
   * The next top-level element continues one begun in the mode already set: a cut line being
   * re-read, or the reply a top-level attribute announced.
   */
  #keepMode = false;
  readonly #encoding: BufferEncoding;
  readonly #utf8: boolean;
  readonly #maxBulkLength: number;
  /** The lower of maxBulkLength and MAX_BODY_LENGTH: the longest body a header may announce. */
  readonly #bodyLimit: number;
  readonly #maxDepth: number;
  readonly #maxLineLength: number;

  /** Open aggregates; frames[0..depth) are in use. */
  #frames: Frame[] = [];
  #depth = 0;
  /** The top frame is a streamed string: only `;` chunks may come. */
  #inString = false;
  /** A line cut by the end of a chunk: its pieces so far, their length, its stream offset. */
  #lineParts: Buffer[] | null = null;
  #lineLength = 0;
  #lineOffset = 0;
  /** A body cut by the end of a chunk: what it is, its length, bytes still missing (with CR LF). */
  #blobKind = Body.BULK;
  #blobLength = 0;
  #blobNeed = 0;
  #blobParts: Buffer[] = [];
  /**
   * Instead of #blobParts, for a long bulk string read as a Buffer: its n + 2 bytes (CR LF
   * included), filled up to n + 2 - #blobNeed (see DESTINATION_MIN).
   */
  #destination: Buffer | null = null;
  /** What bodyBuffer() lent last, until the next feed or bodyFilled. */
  #lent: Buffer | null = null;
  /** Instead of #blobParts, for a long bulk string decoded as it arrives. */
  #blobText: TextCollector | null = null;
  /** The buffer long bodies are gathered in before decoding. */
  readonly #gather = new GatherBuffer(TEXT_GATHER_MAX);
  #blobOffset = 0;
  /** Stream offset of byte 0 of the chunk being fed (for error messages). */
  #streamOffset = 0;
  /** Where #readLength stopped (just past the CR LF). */
  #cursor = 0;
  /** Bumped by reset(), so a callback that resets stops the loop that called it. */
  #generation = 0;
  #failed: ProtocolError | null = null;
  /**
   * Attributes met before or inside the reply being read, handed over just before it (as the
   * native parser does): an attribute of a reply that never completes is never reported.
   */
  #innerAttributes: Map<RespValue, RespValue>[] | null = null;
  /** The last element read inside the open aggregate was an attribute (its value is owed). */
  #afterAttribute = false;

  constructor(options: ParserOptions) {
    this.#onReply = options.onReply;
    this.#onError = options.onError;
    this.#onPush = options.onPush;
    this.#onAttribute = options.onAttribute;
    this.#returnBuffers = options.returnBuffers ?? false;
    this.#pushReturnBuffers = this.#returnBuffers;
    this.#nextReturnBuffers = this.#returnBuffers;
    this.#encoding = options.encoding ?? 'utf8';
    this.#utf8 = this.#encoding === 'utf8' || this.#encoding === 'utf-8';
    this.#maxBulkLength = options.maxBulkLength ?? DEFAULT_MAX_BULK_LENGTH;
    this.#bodyLimit = Math.min(this.#maxBulkLength, MAX_BODY_LENGTH);
    this.#maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.#maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  }

  feed(chunk: Buffer): void {
    if (this.#failed !== null) throw this.#failed;
    this.#lent = null;
    const generation = this.#generation;
    const length = chunk.length;
    try {
      let offset = 0;
      while (offset < length) {
        if (this.#blobNeed > 0) offset = this.#continueBlob(chunk, offset);
        else if (this.#lineParts !== null) offset = this.#continueLine(chunk, offset);
        else offset = this.#parse(chunk, offset, this.#streamOffset);
        if (generation !== this.#generation) return;
      }
      this.#streamOffset += length;
    } catch (err) {
      if (err instanceof ProtocolError && generation === this.#generation) this.#failed = err;
      throw err;
    }
  }

  /**
   * While a long bulk string read as a Buffer is cut (see DESTINATION_MIN): the part of its
   * destination still empty, for the socket to read into (Parser.bodyBuffer); while a long one
   * to decode is gathered (TextCollector), the rest of its gather buffer; else null.
   */
  bodyBuffer(): Buffer | null {
    const destination = this.#destination;
    if (destination === null) return (this.#lent = this.#blobText === null || this.#blobNeed === 0 ? null : this.#blobText.lend(LEND_MIN));
    if (this.#blobNeed < LEND_MIN) return (this.#lent = null);
    return (this.#lent = destination.subarray(destination.length - this.#blobNeed));
  }

  /**
   * `bytes` were read into the start of `buffer` (Parser.bodyFilled): the same as
   * feed(buffer.subarray(0, bytes)), without the copy when `buffer` is what bodyBuffer() lent
   * last and nothing was fed since.
   */
  bodyFilled(buffer: Buffer, bytes: number): void {
    if (buffer !== this.#lent || bytes > this.#blobNeed) {
      this.feed(bytes === buffer.length ? buffer : buffer.subarray(0, bytes));
      return;
    }
    this.#lent = null;
    const text = this.#blobText;
    if (text !== null) {
      // Body bytes only (the CR LF comes in a chunk): nothing completes here.
      text.lent(bytes);
      this.#blobNeed -= bytes;
      this.#streamOffset += bytes;
      return;
    }
    const generation = this.#generation;
    try {
      this.#destinationFilled(bytes);
      if (generation === this.#generation) this.#streamOffset += bytes;
    } catch (err) {
      if (err instanceof ProtocolError && generation === this.#generation) this.#failed = err;
      throw err;
    }
  }

  /** The mode of the next top-level reply (Parser.returnBuffers): writable, even from a callback. */
  get returnBuffers(): boolean {
    return this.#nextReturnBuffers;
  }
  set returnBuffers(value: boolean) {
    this.#nextReturnBuffers = value === true;
  }

  reset(): void {
    this.#generation++;
    this.#frames = [];
    this.#depth = 0;
    this.#inString = false;
    this.#lineParts = null;
    this.#keepMode = false;
    this.#lineLength = 0;
    this.#blobNeed = 0;
    this.#blobParts = [];
    this.#destination = null;
    this.#lent = null;
    this.#blobText = null;
    this.#streamOffset = 0;
    this.#failed = null;
    this.#innerAttributes = null;
    this.#afterAttribute = false;
  }

  /** Decodes whole elements from buf[offset..]; saves a cut element; returns buf.length. */
  #parse(buf: Buffer, offset: number, base: number): number {
    const length = buf.length;
    const generation = this.#generation;
    while (offset < length) {
      const start = offset;
      const type = buf[offset]!;
      let value: RespValue;
      // A top-level element begins: it is read in the mode asked for now (pushes: the constructor's).
      if (this.#depth === 0) {
        if (this.#keepMode) this.#keepMode = false;
        else this.#returnBuffers = type === Byte.GREATER ? this.#pushReturnBuffers : this.#nextReturnBuffers;
      }
      if (this.#inString) {
        if (type !== Byte.SEMICOLON) throw new ProtocolError('expected a ";" chunk inside a streamed string', base + offset);
      }
      // Cut elements are saved for the next chunk; an aggregate that is not complete yet gets a
      // frame; malformed input throws here (#value, the aggregate fast path, never throws).
      switch (type) {
        case Byte.DOLLAR: {
          const n = this.#readLength(buf, offset + 1, base);
          if (n === Length.INCOMPLETE) return this.#saveLine(buf, start, base);
          offset = this.#cursor;
          if (n === -1) {
            value = null;
            break;
          }
          if (n === Length.STREAMED) {
            this.#open(Kind.STREAMED_STRING, -1, base + start);
            this.#inString = true;
            continue;
          }
          if (n > this.#bodyLimit) throw this.#tooLong(`bulk length ${n}`, n, base + start);
          const end = offset + n;
          if (end + 2 > length) return this.#startBlob(Body.BULK, n, buf, offset, base);
          if (buf[end] !== Byte.CR || buf[end + 1] !== Byte.LF) throw new ProtocolError('bulk string not followed by CR LF', base + end);
          value = this.#returnBuffers
            ? buf.subarray(offset, end)
            : this.#utf8
              ? utf8Text(buf, offset, end)
              : buf.toString(this.#encoding, offset, end);
          offset = end + 2;
          break;
        }
        case Byte.COLON: {
          let p = offset + 1;
          if (p >= length) return this.#saveLine(buf, start, base);
          let c = buf[p]!;
          const negative = c === Byte.MINUS;
          if (negative || c === Byte.PLUS) p++;
          const digits = p;
          let n = 0;
          while (p < length) {
            c = buf[p]!;
            const digit = c - Byte.ZERO;
            if (digit >>> 0 > 9) break; // one unsigned compare: not 0-9
            n = n * 10 + digit;
            p++;
          }
          if (p >= length) return this.#saveLine(buf, start, base);
          if (c !== Byte.CR || p === digits) throw new ProtocolError('invalid integer', base + p);
          if (p + 1 >= length) return this.#saveLine(buf, start, base);
          if (buf[p + 1] !== Byte.LF) throw new ProtocolError('expected LF after CR', base + p + 1);
          if (p - offset - 1 > this.#maxLineLength) throw this.#lineTooLong(base + start);
          value = p - digits > Limit.LENGTH_DIGITS ? exactInteger(latin1Slice(buf, offset + 1, p)) : negative ? 0 - n : n;
          offset = p + 2;
          break;
        }
        case Byte.PLUS:
        case Byte.MINUS: {
          let p = offset + 1;
          let high = 0;
          while (p < length) {
            const c = buf[p]!;
            if (c === Byte.CR) break;
            high |= c;
            p++;
          }
          if (p + 1 >= length) return this.#saveLine(buf, start, base);
          if (buf[p + 1] !== Byte.LF) throw new ProtocolError('expected LF after CR', base + p + 1);
          if (p - offset - 1 > this.#maxLineLength) throw this.#lineTooLong(base + start);
          const text = high < 0x80 ? asciiText(buf, offset + 1, p) : utf8Slice(buf, offset + 1, p);
          offset = p + 2;
          if (type === Byte.PLUS) {
            value = text;
            break;
          }
          const error = errorFromReply(text);
          if (this.#depth === 0) {
            this.#onError(error);
            if (generation !== this.#generation) return length;
            continue;
          }
          value = error;
          break;
        }
        case Byte.STAR:
        case Byte.PERCENT:
        case Byte.TILDE:
        case Byte.GREATER:
        case Byte.PIPE: {
          if (type !== Byte.PIPE) {
            // A whole aggregate by recursion when it is complete, else a frame for it.
            const fast = this.#value(buf, offset, this.#depth);
            if (fast !== SLOW) {
              offset = this.#cursor;
              if (this.#depth === 0) {
                if (this.#innerAttributes !== null && !this.#flushAttributes()) return length;
                if (type === Byte.GREATER) (this.#onPush ?? this.#onReply)(fast as RespValue[]);
                else this.#onReply(fast);
                if (generation !== this.#generation) return length;
              } else if (!this.#place(fast)) return length;
              continue;
            }
          }
          const n = this.#readLength(buf, offset + 1, base);
          if (n === Length.INCOMPLETE) return this.#saveLine(buf, start, base);
          offset = this.#cursor;
          if (n === -1) {
            if (type !== Byte.STAR) throw new ProtocolError('negative aggregate length', base + start);
            value = null;
            break;
          }
          const kind = type === Byte.STAR ? Kind.ARRAY : type === Byte.PERCENT ? Kind.MAP : type === Byte.TILDE ? Kind.SET : type === Byte.GREATER ? Kind.PUSH : Kind.ATTRIBUTE;
          if (n === Length.STREAMED && (kind === Kind.PUSH || kind === Kind.ATTRIBUTE)) {
            // RESP3 streams only arrays, sets and maps (and strings): no `>?` nor `|?`.
            throw new ProtocolError('a push or attribute cannot be streamed', base + start);
          }
          if (n > Limit.COUNT) {
            throw new ProtocolError(`aggregate length ${n} cannot fit`, base + start);
          }
          const frame = this.#open(kind, n, base + start);
          if (n !== 0) continue;
          this.#depth--;
          const closed = this.#close(frame);
          if (closed === ROUTED) {
            if (generation !== this.#generation) return length;
            continue;
          }
          value = closed;
          break;
        }
        case Byte.UNDERSCORE: {
          if (offset + 2 >= length) {
            if (offset + 1 < length && buf[offset + 1] !== Byte.CR) throw new ProtocolError('invalid null', base + offset + 1);
            return this.#saveLine(buf, start, base);
          }
          if (buf[offset + 1] !== Byte.CR || buf[offset + 2] !== Byte.LF) throw new ProtocolError('invalid null', base + offset + 1);
          value = null;
          offset += 3;
          break;
        }
        case Byte.HASH: {
          if (offset + 3 >= length) {
            const c = buf[offset + 1];
            if (c !== undefined && c !== Byte.LOWER_T && c !== Byte.LOWER_F) throw new ProtocolError('invalid boolean', base + offset + 1);
            return this.#saveLine(buf, start, base);
          }
          const c = buf[offset + 1];
          if ((c !== Byte.LOWER_T && c !== Byte.LOWER_F) || buf[offset + 2] !== Byte.CR || buf[offset + 3] !== Byte.LF) {
            throw new ProtocolError('invalid boolean', base + offset + 1);
          }
          value = c === Byte.LOWER_T;
          offset += 4;
          break;
        }
        case Byte.COMMA:
        case Byte.PAREN: {
          const cr = this.#findLineEnd(buf, offset + 1, base);
          if (cr === Length.INCOMPLETE) return this.#saveLine(buf, start, base);
          if (cr - offset - 1 > this.#maxLineLength) throw this.#lineTooLong(base + start);
          const text = latin1Slice(buf, offset + 1, cr);
          const parsed = type === Byte.COMMA ? parseDouble(text) : parseBigNumber(text);
          if (parsed === undefined) throw new ProtocolError(type === Byte.COMMA ? 'invalid double' : 'invalid big number', base + offset + 1);
          value = parsed;
          offset = cr + 2;
          break;
        }
        case Byte.BANG:
        case Byte.EQUALS:
        case Byte.SEMICOLON: {
          const n = this.#readLength(buf, offset + 1, base);
          if (n === Length.INCOMPLETE) return this.#saveLine(buf, start, base);
          if (n < 0) throw new ProtocolError('invalid length', base + start);
          if (type === Byte.SEMICOLON && !this.#inString) throw new ProtocolError('";" chunk outside a streamed string', base + start);
          if (n > this.#bodyLimit) throw this.#tooLong(`length ${n}`, n, base + start);
          offset = this.#cursor;
          const kind = type === Byte.BANG ? Body.BULK_ERROR : type === Byte.EQUALS ? Body.VERBATIM : Body.CHUNK;
          // A verbatim string holds at least its format and colon: refused at its header, as the scanner does.
          if (kind === Body.VERBATIM && n < 4) throw new ProtocolError('verbatim string without its format', base + start);
          if (kind === Body.CHUNK && n === 0) {
            value = this.#closeString();
            break;
          }
          const end = offset + n;
          if (end + 2 > length) return this.#startBlob(kind, n, buf, offset, base);
          if (buf[end] !== Byte.CR || buf[end + 1] !== Byte.LF) throw new ProtocolError('body not followed by CR LF', base + end);
          offset = end + 2;
          if (!this.#finishBlob(kind, buf, end - n, end, base)) return length;
          continue;
        }
        case Byte.DOT: {
          if (offset + 2 >= length) {
            if (offset + 1 < length && buf[offset + 1] !== Byte.CR) throw new ProtocolError('invalid end marker', base + offset + 1);
            return this.#saveLine(buf, start, base);
          }
          if (buf[offset + 1] !== Byte.CR || buf[offset + 2] !== Byte.LF) throw new ProtocolError('invalid end marker', base + offset + 1);
          const frame = this.#depth > 0 ? this.#frames[this.#depth - 1]! : undefined;
          if (frame === undefined || frame.count !== -1) throw new ProtocolError('end marker outside a streamed aggregate', base + offset);
          if ((frame.kind === Kind.MAP || frame.kind === Kind.ATTRIBUTE) && (frame.index & 1) === 1) {
            throw new ProtocolError('streamed map ended after a key', base + offset);
          }
          // An attribute describes the element after it: `.` is none.
          if (this.#afterAttribute) throw new ProtocolError('attribute just before the end of a streamed aggregate', base + offset);
          offset += 3;
          this.#depth--;
          const closed = this.#close(frame);
          if (closed === ROUTED) {
            if (generation !== this.#generation) return length;
            continue;
          }
          value = closed;
          break;
        }
        default:
          throw new ProtocolError(`unknown type byte 0x${type.toString(16).padStart(2, '0')}`, base + offset);
      }
      if (this.#depth === 0) {
        if (this.#innerAttributes !== null && !this.#flushAttributes()) return length;
        this.#onReply(value);
        if (generation !== this.#generation) return length;
      } else if (!this.#place(value)) return length;
    }
    return length;
  }

  /**
   * The fast path: decodes one element that lies complete in buf[offset..] (aggregates by
   * recursion, at most Limit.RECURSION levels below the open frames, so a failed attempt
   * rescans a bounded amount), setting #cursor past it. Returns SLOW for anything it does not
   * handle: a cut or malformed element, attributes, streamed forms, bulk errors, verbatim
   * strings; the frame machine in #parse then takes that element (and raises the errors). It
   * has no side effects besides #cursor, so giving up half-way costs only time.
   */
  #value(buf: Buffer, offset: number, depth: number): RespValue | typeof SLOW {
    const length = buf.length;
    const type = buf[offset]!;
    if (type === Byte.DOLLAR) {
      let p = offset + 1;
      let n = 0;
      let c = 0;
      while (p < length) {
        c = buf[p]!;
        const digit = c - Byte.ZERO;
        if (digit >>> 0 > 9) break; // one unsigned compare: not 0-9
        n = n * 10 + digit;
        p++;
      }
      if (c !== Byte.CR || p === offset + 1 || p - offset - 1 > Limit.LENGTH_DIGITS || n > this.#maxBulkLength) return SLOW;
      const start = p + 2;
      const end = start + n;
      if (end + 2 > length || buf[p + 1] !== Byte.LF || buf[end] !== Byte.CR || buf[end + 1] !== Byte.LF) return SLOW;
      this.#cursor = end + 2;
      return this.#returnBuffers
        ? buf.subarray(start, end)
        : this.#utf8
          ? utf8Text(buf, start, end)
          : buf.toString(this.#encoding, start, end);
    }
    if (type === Byte.COLON) {
      let p = offset + 1;
      if (p >= length) return SLOW;
      let c = buf[p]!;
      const negative = c === Byte.MINUS;
      if (negative || c === Byte.PLUS) p++;
      const digits = p;
      let n = 0;
      while (p < length) {
        c = buf[p]!;
        const digit = c - Byte.ZERO;
        if (digit >>> 0 > 9) break; // one unsigned compare: not 0-9
        n = n * 10 + digit;
        p++;
      }
      if (c !== Byte.CR || p === digits || p + 1 >= length || buf[p + 1] !== Byte.LF || p - offset - 1 > this.#maxLineLength) return SLOW;
      this.#cursor = p + 2;
      return p - digits > Limit.LENGTH_DIGITS ? exactInteger(latin1Slice(buf, offset + 1, p)) : negative ? 0 - n : n;
    }
    if (type === Byte.PLUS || type === Byte.MINUS) {
      let p = offset + 1;
      let high = 0;
      while (p < length) {
        const c = buf[p]!;
        if (c === Byte.CR) break;
        high |= c;
        p++;
      }
      if (p + 1 >= length || buf[p + 1] !== Byte.LF || p - offset - 1 > this.#maxLineLength) return SLOW;
      const text = high < 0x80 ? asciiText(buf, offset + 1, p) : utf8Slice(buf, offset + 1, p);
      this.#cursor = p + 2;
      return type === Byte.PLUS ? text : errorFromReply(text);
    }
    if (type === Byte.STAR || type === Byte.PERCENT || type === Byte.TILDE || type === Byte.GREATER) {
      let p = offset + 1;
      let n = 0;
      let c = 0;
      while (p < length) {
        c = buf[p]!;
        const digit = c - Byte.ZERO;
        if (digit >>> 0 > 9) break; // one unsigned compare: not 0-9
        n = n * 10 + digit;
        p++;
      }
      if (c !== Byte.CR || p === offset + 1 || p - offset - 1 > Limit.LENGTH_DIGITS || p + 1 >= length || buf[p + 1] !== Byte.LF) return SLOW;
      p += 2;
      // Every element takes at least 3 bytes: a count the buffer cannot hold is not tried.
      const elements = type === Byte.PERCENT ? n * 2 : n;
      if (elements * 3 > length - p || depth >= this.#maxDepth || depth - this.#depth >= Limit.RECURSION) return SLOW;
      if (type === Byte.STAR || type === Byte.GREATER) {
        const items: RespValue[] = n <= Limit.PREALLOCATE ? new Array<RespValue>(n) : [];
        for (let i = 0; i < n; i++) {
          const item = this.#value(buf, p, depth + 1);
          if (item === SLOW) return SLOW;
          items[i] = item;
          p = this.#cursor;
        }
        this.#cursor = p;
        return items;
      }
      if (type === Byte.TILDE) {
        const set = new Set<RespValue>();
        for (let i = 0; i < n; i++) {
          const item = this.#value(buf, p, depth + 1);
          if (item === SLOW) return SLOW;
          set.add(item);
          p = this.#cursor;
        }
        this.#cursor = p;
        return set;
      }
      const map = new Map<RespValue, RespValue>();
      for (let i = 0; i < n; i++) {
        const key = this.#value(buf, p, depth + 1);
        if (key === SLOW) return SLOW;
        const item = this.#value(buf, this.#cursor, depth + 1);
        if (item === SLOW) return SLOW;
        map.set(key, item);
        p = this.#cursor;
      }
      this.#cursor = p;
      return map;
    }
    if (type === Byte.UNDERSCORE) {
      if (offset + 2 >= length || buf[offset + 1] !== Byte.CR || buf[offset + 2] !== Byte.LF) return SLOW;
      this.#cursor = offset + 3;
      return null;
    }
    if (type === Byte.HASH) {
      const c = buf[offset + 1];
      if (offset + 3 >= length || (c !== Byte.LOWER_T && c !== Byte.LOWER_F) || buf[offset + 2] !== Byte.CR || buf[offset + 3] !== Byte.LF) return SLOW;
      this.#cursor = offset + 4;
      return c === Byte.LOWER_T;
    }
    if (type === Byte.COMMA) {
      let p = offset + 1;
      while (p < length && buf[p] !== Byte.CR) p++;
      if (p + 1 >= length || buf[p + 1] !== Byte.LF || p - offset - 1 > this.#maxLineLength) return SLOW;
      const parsed = parseDouble(latin1Slice(buf, offset + 1, p));
      if (parsed === undefined) return SLOW;
      this.#cursor = p + 2;
      return parsed;
    }
    return SLOW;
  }

  /**
   * Puts a finished value into its parent, closing every parent it completes, and hands a
   * finished top-level reply to onReply. False when a callback called reset().
   */
  #place(value: RespValue): boolean {
    const generation = this.#generation;
    this.#afterAttribute = false;
    let v = value;
    while (this.#depth > 0) {
      const frame = this.#frames[this.#depth - 1]!;
      const kind = frame.kind;
      if (kind === Kind.ARRAY || kind === Kind.PUSH) frame.items[frame.index++] = v;
      else if (kind === Kind.SET) {
        frame.set!.add(v);
        frame.index++;
      } else if ((frame.index++ & 1) === 0) frame.key = v;
      else frame.map!.set(frame.key, v);
      if (frame.index !== frame.count) return true;
      this.#depth--;
      const closed = this.#close(frame);
      if (closed === ROUTED) return generation === this.#generation;
      v = closed;
    }
    if (this.#innerAttributes !== null && !this.#flushAttributes()) return false;
    this.#onReply(v);
    return generation === this.#generation;
  }

  /** Hands over the attributes met inside the top-level element just completed. False when a callback reset. */
  #flushAttributes(): boolean {
    const attributes = this.#innerAttributes!;
    this.#innerAttributes = null;
    const generation = this.#generation;
    for (const attribute of attributes) {
      this.#onAttribute?.(attribute);
      if (generation !== this.#generation) return false;
    }
    return true;
  }

  /** Opens a frame one level deeper. */
  #open(kind: number, count: number, at: number): Frame {
    if (kind !== Kind.STREAMED_STRING && this.#depth >= this.#maxDepth) {
      throw new ProtocolError(`nesting deeper than maxDepth (${this.#maxDepth})`, at);
    }
    let frame = this.#frames[this.#depth];
    if (frame === undefined) {
      frame = new Frame();
      this.#frames.push(frame);
    }
    if (count === Length.STREAMED) count = -1;
    frame.kind = kind;
    frame.index = 0;
    if (kind === Kind.ARRAY || kind === Kind.PUSH) {
      frame.count = count;
      frame.items = count > 0 && count <= Limit.PREALLOCATE ? new Array<RespValue>(count) : [];
    } else if (kind === Kind.MAP || kind === Kind.ATTRIBUTE) {
      frame.count = count < 0 ? -1 : count * 2;
      frame.map = new Map();
    } else if (kind === Kind.SET) {
      frame.count = count;
      frame.set = new Set();
    } else {
      frame.count = -1;
      frame.parts = [];
      frame.total = 0;
    }
    this.#depth++;
    this.#afterAttribute = false;
    return frame;
  }

  /** A finished aggregate (already popped): its value, or ROUTED when a callback took it. */
  #close(frame: Frame): RespValue | typeof ROUTED {
    const kind = frame.kind;
    let value: RespValue[] | Map<RespValue, RespValue> | Set<RespValue>;
    if (kind === Kind.ARRAY || kind === Kind.PUSH) {
      value = frame.items;
      frame.items = [];
    } else if (kind === Kind.SET) {
      value = frame.set!;
      frame.set = null;
    } else {
      value = frame.map!;
      frame.map = null;
      frame.key = null;
    }
    if (kind === Kind.ATTRIBUTE) {
      // Handed over with the element it describes, once that completes (as the scanner does).
      if (this.#onAttribute !== undefined) (this.#innerAttributes ??= []).push(value as Map<RespValue, RespValue>);
      if (this.#depth > 0) this.#afterAttribute = true;
      else this.#keepMode = true;
      return ROUTED;
    }
    if (kind === Kind.PUSH && this.#depth === 0) {
      if (this.#innerAttributes !== null && !this.#flushAttributes()) return ROUTED;
      (this.#onPush ?? this.#onReply)(value as RespValue[]);
      return ROUTED;
    }
    return value;
  }

  /** `;0`: the streamed string on top is complete. */
  #closeString(): RespValue {
    const frame = this.#frames[--this.#depth]!;
    this.#inString = false;
    const parts = frame.parts!;
    frame.parts = null;
    const whole = Buffer.concat(parts, frame.total);
    return this.#returnBuffers ? whole : whole.toString(this.#encoding);
  }

  /** A complete body of `kind` in buf[start..end): routes it. False when a callback reset. */
  #finishBlob(kind: number, buf: Buffer, start: number, end: number, base: number): boolean {
    if (kind === Body.BULK) {
      return this.#place(
        this.#returnBuffers ? buf.subarray(start, end) : this.#utf8 ? utf8Text(buf, start, end) : buf.toString(this.#encoding, start, end),
      );
    }
    if (kind === Body.CHUNK) {
      const frame = this.#frames[this.#depth - 1]!;
      frame.total += end - start;
      if (frame.total > this.#bodyLimit) throw this.#tooLong('streamed string', frame.total, base + end);
      frame.parts!.push(buf.subarray(start, end));
      return true;
    }
    if (kind === Body.VERBATIM) {
      if (end - start < 4 || buf[start + 3] !== Byte.COLON) throw new ProtocolError('verbatim string without its format', base + start);
      const text = this.#returnBuffers
        ? buf.subarray(start + 4, end)
        : buf.toString(this.#encoding, start + 4, end);
      return this.#place(new VerbatimString(latin1Slice(buf, start, start + 3), text));
    }
    const error = errorFromReply(utf8Slice(buf, start, end));
    if (this.#depth > 0) return this.#place(error);
    const generation = this.#generation;
    this.#onError(error);
    return generation === this.#generation;
  }

  /**
   * Reads a length line at buf[p..]: a count, -1, Length.STREAMED (`?`) or Length.INCOMPLETE; sets #cursor
   * just past its CR LF.
   */
  #readLength(buf: Buffer, p: number, base: number): number {
    const length = buf.length;
    if (p >= length) return Length.INCOMPLETE;
    let c = buf[p]!;
    if (c === Byte.QUESTION || c === Byte.MINUS) {
      const expected = c === Byte.QUESTION ? 0 : 49; // '1' after '-'
      let q = p + 1;
      if (expected !== 0) {
        if (q >= length) return Length.INCOMPLETE;
        if (buf[q] !== expected) throw new ProtocolError('length below -1', base + q);
        q++;
      }
      if (q >= length) return Length.INCOMPLETE;
      if (buf[q] !== Byte.CR) throw new ProtocolError('invalid length', base + q);
      if (q + 1 >= length) return Length.INCOMPLETE;
      if (buf[q + 1] !== Byte.LF) throw new ProtocolError('expected LF after CR', base + q + 1);
      this.#cursor = q + 2;
      return c === Byte.QUESTION ? Length.STREAMED : -1;
    }
    const digits = p;
    let n = 0;
    while (p < length) {
      c = buf[p]!;
      const digit = c - Byte.ZERO;
      if (digit >>> 0 > 9) break; // one unsigned compare: not 0-9
      n = n * 10 + digit;
      p++;
    }
    if (p - digits > Limit.LENGTH_DIGITS) throw new ProtocolError('length too large', base + digits);
    if (p >= length) return Length.INCOMPLETE;
    if (c !== Byte.CR || p === digits) throw new ProtocolError('invalid length', base + p);
    if (p + 1 >= length) return Length.INCOMPLETE;
    if (buf[p + 1] !== Byte.LF) throw new ProtocolError('expected LF after CR', base + p + 1);
    this.#cursor = p + 2;
    return n;
  }

  /** Index of the CR ending the line that starts at p, or Length.INCOMPLETE; checks the LF. */
  #findLineEnd(buf: Buffer, p: number, base: number): number {
    const length = buf.length;
    while (p < length && buf[p] !== Byte.CR) p++;
    if (p + 1 >= length) return Length.INCOMPLETE;
    if (buf[p + 1] !== Byte.LF) throw new ProtocolError('expected LF after CR', base + p + 1);
    return p;
  }

  /** Keeps buf[start..] (a line without its CR LF yet) for the next chunk. */
  #saveLine(buf: Buffer, start: number, base: number): number {
    this.#lineParts = [buf.subarray(start)];
    this.#lineLength = buf.length - start;
    this.#lineOffset = base + start;
    this.#checkLineLength(buf);
    return buf.length;
  }

  /**
   * A cut line whose text so far (after its type byte, before a CR at its end) is longer than
   * its limit fails now: maxLineLength for a text line (`+ - : , (`), SYNTAX_LINE for the
   * others, whose valid forms are a few bytes (a length or count has at most 15 digits).
   */
  #checkLineLength(last: Buffer): void {
    const text = this.#lineLength - (last[last.length - 1] === Byte.CR ? 2 : 1);
    const type = this.#lineParts![0]![0]!;
    const textLine = type === Byte.PLUS || type === Byte.MINUS || type === Byte.COLON || type === Byte.COMMA || type === Byte.PAREN;
    const limit = textLine ? this.#maxLineLength : SYNTAX_LINE;
    if (text > limit) throw this.#lineTooLong(this.#lineOffset, limit);
  }

  /** `what`, `n` bytes long, is above maxBulkLength or MAX_BODY_LENGTH (the one it passes first). */
  #tooLong(what: string, n: number, at: number): ProtocolError {
    if (n > this.#maxBulkLength) return new ProtocolError(`${what} above maxBulkLength`, at);
    return new ProtocolError(`${what} above the longest Buffer with its CR LF (buffer.constants.MAX_LENGTH, ${constants.MAX_LENGTH} bytes)`, at);
  }

  #lineTooLong(at: number, limit = this.#maxLineLength): ProtocolError {
    return new ProtocolError(`line longer than ${limit} bytes (maxLineLength)`, at);
  }

  /** Adds chunk bytes to a cut line; once its CR LF is in, decodes it. Returns the new offset. */
  #continueLine(chunk: Buffer, offset: number): number {
    const parts = this.#lineParts!;
    const last = parts[parts.length - 1]!;
    let end: number;
    if (last[last.length - 1] === Byte.CR) end = offset + 1;
    else {
      const cr = chunk.indexOf(Byte.CR, offset);
      if (cr === -1 || cr === chunk.length - 1) {
        parts.push(chunk.subarray(offset));
        this.#lineLength += chunk.length - offset;
        this.#checkLineLength(chunk);
        return chunk.length;
      }
      end = cr + 2;
    }
    parts.push(chunk.subarray(offset, end));
    const line = Buffer.concat(parts);
    this.#lineParts = null;
    this.#keepMode = this.#depth === 0;
    this.#parse(line, 0, this.#lineOffset);
    return end;
  }

  /** Starts collecting a body of n bytes (plus CR LF) whose first bytes are buf[start..]. */
  #startBlob(kind: number, n: number, buf: Buffer, start: number, base: number): number {
    const have = buf.length - start;
    this.#blobKind = kind;
    this.#blobLength = n;
    this.#blobNeed = n + 2 - have;
    this.#blobOffset = base + start;
    if (kind === Body.BULK && !this.#returnBuffers && n >= TEXT_COLLECTOR_THRESHOLD) {
      this.#blobText = new TextCollector(this.#encoding, n, this.#gather.for(n));
      if (have > 0 && !this.#blobText.add(buf.subarray(start))) throw new ProtocolError('body not followed by CR LF', base + start + n);
    } else {
      if (kind === Body.VERBATIM) this.#checkFormatColon(0, buf, start);
      // Only the LF is missing: the byte after the body must already be its CR.
      if (have > n && buf[start + n] !== Byte.CR) throw new ProtocolError('body not followed by CR LF', base + start + n);
      this.#blobParts = have > 0 ? [buf.subarray(start)] : [];
      if (n <= DESTINATION_EAGER_MAX && this.#wantsDestination()) this.#toDestination();
    }
    return buf.length;
  }

  /** The cut body is a bulk string read as a Buffer, long enough for a destination of its own. */
  #wantsDestination(): boolean {
    return this.#blobKind === Body.BULK && this.#returnBuffers && this.#blobLength >= DESTINATION_MIN;
  }

  /** Moves the cut body's pieces into a destination of its full size (see DESTINATION_MIN). */
  #toDestination(): void {
    const destination = Buffer.allocUnsafeSlow(this.#blobLength + 2);
    let at = 0;
    for (const part of this.#blobParts) at += part.copy(destination, at);
    this.#blobParts = [];
    this.#destination = destination;
  }

  /** `bytes` more of the cut body are in its destination: checks its CR LF; once complete, routes it. */
  #destinationFilled(bytes: number): void {
    const destination = this.#destination!;
    const n = this.#blobLength;
    const need = (this.#blobNeed -= bytes);
    if (need <= 1 && destination[n] !== Byte.CR) throw new ProtocolError('body not followed by CR LF', this.#blobOffset + n);
    if (need > 0) return;
    if (destination[n + 1] !== Byte.LF) throw new ProtocolError('body not followed by CR LF', this.#blobOffset + n);
    this.#destination = null;
    this.#place(destination.subarray(0, n));
  }

  /**
   * A cut verbatim string: once its fourth byte is here, it must be the colon after the format
   * (refused as soon as it arrives, as the scanner does). seen: the body bytes before buf[from].
   */
  #checkFormatColon(seen: number, buf: Buffer, from: number): void {
    const at = from + 3 - seen;
    if (seen <= 3 && at < buf.length && buf[at] !== Byte.COLON) throw new ProtocolError('verbatim string without its format', this.#blobOffset + 3);
  }

  /** Adds chunk bytes to a cut body; once complete, joins and routes it. Returns the new offset. */
  #continueBlob(chunk: Buffer, offset: number): number {
    const available = chunk.length - offset;
    const destination = this.#destination;
    if (destination !== null) {
      const take = available < this.#blobNeed ? available : this.#blobNeed;
      chunk.copy(destination, destination.length - this.#blobNeed, offset, offset + take);
      this.#destinationFilled(take);
      return offset + take;
    }
    const text = this.#blobText;
    const n = this.#blobLength;
    if (available < this.#blobNeed) {
      const piece = offset === 0 ? chunk : chunk.subarray(offset);
      if (this.#blobKind === Body.VERBATIM) this.#checkFormatColon(n + 2 - this.#blobNeed, chunk, offset);
      if (text === null) this.#blobParts.push(piece);
      else if (!text.add(piece)) throw new ProtocolError('body not followed by CR LF', this.#blobOffset + n);
      this.#blobNeed -= available;
      // Only the LF is missing: this chunk's last byte is the one after the body, its CR.
      if (this.#blobNeed === 1 && chunk[chunk.length - 1] !== Byte.CR) throw new ProtocolError('body not followed by CR LF', this.#blobOffset + n);
      if (text === null && n + 2 - this.#blobNeed >= DESTINATION_EAGER_MAX && this.#wantsDestination()) this.#toDestination();
      return chunk.length;
    }
    const end = offset + this.#blobNeed;
    this.#blobNeed = 0;
    if (text !== null) {
      this.#blobText = null;
      if (!text.add(chunk.subarray(offset, end))) throw new ProtocolError('body not followed by CR LF', this.#blobOffset + n);
      this.#place(text.finish());
      return end;
    }
    const parts = this.#blobParts;
    parts.push(chunk.subarray(offset, end));
    this.#blobParts = [];
    const whole = Buffer.concat(parts, n + 2);
    if (whole[n] !== Byte.CR || whole[n + 1] !== Byte.LF) throw new ProtocolError('body not followed by CR LF', this.#blobOffset + n);
    this.#finishBlob(this.#blobKind, whole, 0, n, this.#blobOffset);
    return end;
  }
}
