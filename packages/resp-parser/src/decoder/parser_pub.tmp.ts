/**
 * RespParserPub: the streaming RESP2/RESP3 decoder in TypeScript.
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
 * Callbacks run synchronously inside feed(); they may call reset() (feeding stops there) but
 * must not call feed() re-entrantly.
 */
import { ProtocolError, errorFromReply, type ResponseError } from '../errors.js';
import { VerbatimString, type Parser, type ParserOptions, type RespValue } from '../types.js';
import {
  BANG, COLON, COMMA, CR, DOLLAR, DOT, EQUALS, GREATER, HASH, LF, LOWER_F, LOWER_T, MINUS, NINE,
  PAREN, PERCENT, PIPE, PLUS, QUESTION, SEMICOLON, STAR, TILDE, UNDERSCORE, ZERO, latin1Slice, utf8Slice,
} from './bytes.js';
import { ARRAY, ATTRIBUTE, Frame, MAP, MAX_ELEMENTS, MAX_PAIRS, PUSH, SET, STREAMED_STRING } from './frame.js';
import { exactInteger, parseBigNumber, parseDouble } from './scalars.js';

const DEFAULT_MAX_BULK_LENGTH = 512 * 1024 * 1024;
const DEFAULT_MAX_DEPTH = 1024;
/** Lengths and counts longer than this many digits are refused (no valid one comes close). */
const MAX_LENGTH_DIGITS = 15;
/** Returned by _readLength when the line is not complete yet. */
const INCOMPLETE = -3;
/** Returned by _readLength for `?` (a streamed string or aggregate). */
const STREAMED = -2;
/** Kinds of length-prefixed bodies. */
const BULK = 0;
const BULK_ERROR = 1;
const VERBATIM = 2;
const CHUNK = 3;
/** _close's answer when the finished aggregate went to a callback instead of its parent. */
const ROUTED: unique symbol = Symbol('routed');

export class RespParserPub implements Parser {
  readonly _onReply: (reply: RespValue) => void;
  readonly _onError: (error: ResponseError) => void;
  readonly _onPush: ((push: RespValue[]) => void) | undefined;
  readonly _onAttribute: ((attribute: Map<RespValue, RespValue>) => void) | undefined;
  readonly _returnBuffers: boolean;
  readonly _encoding: BufferEncoding;
  readonly _utf8: boolean;
  readonly _maxBulkLength: number;
  readonly _maxDepth: number;

  /** Open aggregates; frames[0..depth) are in use. */
  _frames: Frame[] = [];
  _depth = 0;
  /** The top frame is a streamed string: only `;` chunks may come. */
  _inString = false;
  /** A line cut by the end of a chunk: its pieces so far, their length, its stream offset. */
  _lineParts: Buffer[] | null = null;
  _lineLength = 0;
  _lineOffset = 0;
  /** A body cut by the end of a chunk: what it is, its length, bytes still missing (with CR LF). */
  _blobKind = BULK;
  _blobLength = 0;
  _blobNeed = 0;
  _blobParts: Buffer[] = [];
  _blobOffset = 0;
  /** Stream offset of byte 0 of the chunk being fed (for error messages). */
  _streamOffset = 0;
  /** Where _readLength stopped (just past the CR LF). */
  _cursor = 0;
  /** Bumped by reset(), so a callback that resets stops the loop that called it. */
  _generation = 0;
  _failed: ProtocolError | null = null;

  constructor(options: ParserOptions) {
    this._onReply = options.onReply;
    this._onError = options.onError;
    this._onPush = options.onPush;
    this._onAttribute = options.onAttribute;
    this._returnBuffers = options.returnBuffers ?? false;
    this._encoding = options.encoding ?? 'utf8';
    this._utf8 = this._encoding === 'utf8' || this._encoding === 'utf-8';
    this._maxBulkLength = options.maxBulkLength ?? DEFAULT_MAX_BULK_LENGTH;
    this._maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  feed(chunk: Buffer): void {
    if (this._failed !== null) throw this._failed;
    const generation = this._generation;
    const length = chunk.length;
    try {
      let offset = 0;
      while (offset < length) {
        if (this._blobNeed > 0) offset = this._continueBlob(chunk, offset);
        else if (this._lineParts !== null) offset = this._continueLine(chunk, offset);
        else offset = this._parse(chunk, offset, this._streamOffset);
        if (generation !== this._generation) return;
      }
      this._streamOffset += length;
    } catch (err) {
      if (err instanceof ProtocolError && generation === this._generation) this._failed = err;
      throw err;
    }
  }

  reset(): void {
    this._generation++;
    this._frames = [];
    this._depth = 0;
    this._inString = false;
    this._lineParts = null;
    this._lineLength = 0;
    this._blobNeed = 0;
    this._blobParts = [];
    this._streamOffset = 0;
    this._failed = null;
  }

  /** Decodes whole elements from buf[offset..]; saves a cut element; returns buf.length. */
  _parse(buf: Buffer, offset: number, base: number): number {
    const length = buf.length;
    while (offset < length) {
      const start = offset;
      const type = buf[offset]!;
      let value: RespValue;
      if (this._inString && type !== SEMICOLON) {
        throw new ProtocolError('expected a ";" chunk inside a streamed string', base + offset);
      }
      switch (type) {
        case PLUS:
        case MINUS: {
          let p = offset + 1;
          let high = 0;
          while (p < length) {
            const c = buf[p]!;
            if (c === CR) break;
            high |= c;
            p++;
          }
          if (p + 1 >= length) return this._saveLine(buf, start, base);
          if (buf[p + 1] !== LF) throw new ProtocolError('expected LF after CR', base + p + 1);
          const text = high < 0x80 ? latin1Slice(buf, offset + 1, p) : utf8Slice(buf, offset + 1, p);
          offset = p + 2;
          if (type === PLUS) {
            value = text;
            break;
          }
          const error = errorFromReply(text);
          if (this._depth === 0) {
            const generation = this._generation;
            this._onError(error);
            if (generation !== this._generation) return length;
            continue;
          }
          value = error;
          break;
        }
        case COLON: {
          let p = offset + 1;
          if (p >= length) return this._saveLine(buf, start, base);
          let c = buf[p]!;
          const negative = c === MINUS;
          if (negative || c === PLUS) p++;
          const digits = p;
          let n = 0;
          while (p < length) {
            c = buf[p]!;
            if (c < ZERO || c > NINE) break;
            n = n * 10 + (c - ZERO);
            p++;
          }
          if (p >= length) return this._saveLine(buf, start, base);
          if (c !== CR || p === digits) throw new ProtocolError('invalid integer', base + p);
          if (p + 1 >= length) return this._saveLine(buf, start, base);
          if (buf[p + 1] !== LF) throw new ProtocolError('expected LF after CR', base + p + 1);
          value = p - digits > MAX_LENGTH_DIGITS ? exactInteger(latin1Slice(buf, offset + 1, p)) : negative ? 0 - n : n;
          offset = p + 2;
          break;
        }
        case DOLLAR: {
          const n = this._readLength(buf, offset + 1, base);
          if (n === INCOMPLETE) return this._saveLine(buf, start, base);
          offset = this._cursor;
          if (n === -1) {
            value = null;
            break;
          }
          if (n === STREAMED) {
            this._open(STREAMED_STRING, -1, base + start);
            this._inString = true;
            continue;
          }
          if (n > this._maxBulkLength) throw new ProtocolError(`bulk length ${n} above maxBulkLength`, base + start);
          const end = offset + n;
          if (end + 2 > length) return this._startBlob(BULK, n, buf, offset, base);
          if (buf[end] !== CR || buf[end + 1] !== LF) throw new ProtocolError('bulk string not followed by CR LF', base + end);
          value = this._returnBuffers
            ? buf.subarray(offset, end)
            : this._utf8
              ? utf8Slice(buf, offset, end)
              : buf.toString(this._encoding, offset, end);
          offset = end + 2;
          break;
        }
        case STAR:
        case PERCENT:
        case TILDE:
        case GREATER:
        case PIPE: {
          const n = this._readLength(buf, offset + 1, base);
          if (n === INCOMPLETE) return this._saveLine(buf, start, base);
          offset = this._cursor;
          if (n === -1) {
            if (type !== STAR) throw new ProtocolError('negative aggregate length', base + start);
            value = null;
            break;
          }
          const kind = type === STAR ? ARRAY : type === PERCENT ? MAP : type === TILDE ? SET : type === GREATER ? PUSH : ATTRIBUTE;
          if (n > ((kind === MAP || kind === ATTRIBUTE) ? MAX_PAIRS : MAX_ELEMENTS)) {
            throw new ProtocolError(`aggregate length ${n} cannot fit`, base + start);
          }
          const frame = this._open(kind, n, base + start);
          if (n !== 0) continue;
          this._depth--;
          const generation = this._generation;
          const closed = this._close(frame);
          if (closed === ROUTED) {
            if (generation !== this._generation) return length;
            continue;
          }
          value = closed;
          break;
        }
        case UNDERSCORE: {
          if (offset + 2 >= length) {
            if (offset + 1 < length && buf[offset + 1] !== CR) throw new ProtocolError('invalid null', base + offset + 1);
            return this._saveLine(buf, start, base);
          }
          if (buf[offset + 1] !== CR || buf[offset + 2] !== LF) throw new ProtocolError('invalid null', base + offset + 1);
          value = null;
          offset += 3;
          break;
        }
        case HASH: {
          if (offset + 3 >= length) {
            const c = buf[offset + 1];
            if (c !== undefined && c !== LOWER_T && c !== LOWER_F) throw new ProtocolError('invalid boolean', base + offset + 1);
            return this._saveLine(buf, start, base);
          }
          const c = buf[offset + 1];
          if ((c !== LOWER_T && c !== LOWER_F) || buf[offset + 2] !== CR || buf[offset + 3] !== LF) {
            throw new ProtocolError('invalid boolean', base + offset + 1);
          }
          value = c === LOWER_T;
          offset += 4;
          break;
        }
        case COMMA:
        case PAREN: {
          const cr = this._findLineEnd(buf, offset + 1, base);
          if (cr === INCOMPLETE) return this._saveLine(buf, start, base);
          const text = latin1Slice(buf, offset + 1, cr);
          const parsed = type === COMMA ? parseDouble(text) : parseBigNumber(text);
          if (parsed === undefined) throw new ProtocolError(type === COMMA ? 'invalid double' : 'invalid big number', base + offset + 1);
          value = parsed;
          offset = cr + 2;
          break;
        }
        case BANG:
        case EQUALS:
        case SEMICOLON: {
          const n = this._readLength(buf, offset + 1, base);
          if (n === INCOMPLETE) return this._saveLine(buf, start, base);
          if (n < 0) throw new ProtocolError('invalid length', base + start);
          if (type === SEMICOLON && !this._inString) throw new ProtocolError('";" chunk outside a streamed string', base + start);
          if (n > this._maxBulkLength) throw new ProtocolError(`length ${n} above maxBulkLength`, base + start);
          offset = this._cursor;
          const kind = type === BANG ? BULK_ERROR : type === EQUALS ? VERBATIM : CHUNK;
          if (kind === CHUNK && n === 0) {
            value = this._closeString();
            break;
          }
          const end = offset + n;
          if (end + 2 > length) return this._startBlob(kind, n, buf, offset, base);
          if (buf[end] !== CR || buf[end + 1] !== LF) throw new ProtocolError('body not followed by CR LF', base + end);
          offset = end + 2;
          if (!this._finishBlob(kind, buf, end - n, end, base)) return length;
          continue;
        }
        case DOT: {
          if (offset + 2 >= length) {
            if (offset + 1 < length && buf[offset + 1] !== CR) throw new ProtocolError('invalid end marker', base + offset + 1);
            return this._saveLine(buf, start, base);
          }
          if (buf[offset + 1] !== CR || buf[offset + 2] !== LF) throw new ProtocolError('invalid end marker', base + offset + 1);
          const frame = this._depth > 0 ? this._frames[this._depth - 1]! : undefined;
          if (frame === undefined || frame.count !== -1) throw new ProtocolError('end marker outside a streamed aggregate', base + offset);
          if ((frame.kind === MAP || frame.kind === ATTRIBUTE) && (frame.index & 1) === 1) {
            throw new ProtocolError('streamed map ended after a key', base + offset);
          }
          offset += 3;
          this._depth--;
          const generation = this._generation;
          const closed = this._close(frame);
          if (closed === ROUTED) {
            if (generation !== this._generation) return length;
            continue;
          }
          value = closed;
          break;
        }
        default:
          throw new ProtocolError(`unknown type byte 0x${type.toString(16).padStart(2, '0')}`, base + offset);
      }
      if (!this._place(value)) return length;
    }
    return length;
  }

  /**
   * Puts a finished value into its parent, closing every parent it completes, and hands a
   * finished top-level reply to onReply. False when a callback called reset().
   */
  _place(value: RespValue): boolean {
    const generation = this._generation;
    let v = value;
    while (this._depth > 0) {
      const frame = this._frames[this._depth - 1]!;
      const kind = frame.kind;
      if (kind === ARRAY || kind === PUSH) frame.items[frame.index++] = v;
      else if (kind === SET) {
        frame.set!.add(v);
        frame.index++;
      } else if ((frame.index++ & 1) === 0) frame.key = v;
      else frame.map!.set(frame.key, v);
      if (frame.index !== frame.count) return true;
      this._depth--;
      const closed = this._close(frame);
      if (closed === ROUTED) return generation === this._generation;
      v = closed;
    }
    this._onReply(v);
    return generation === this._generation;
  }

  /** Opens a frame one level deeper. */
  _open(kind: number, count: number, at: number): Frame {
    if (kind !== STREAMED_STRING && this._depth >= this._maxDepth) {
      throw new ProtocolError(`nesting deeper than maxDepth (${this._maxDepth})`, at);
    }
    let frame = this._frames[this._depth];
    if (frame === undefined) {
      frame = new Frame();
      this._frames.push(frame);
    }
    frame.open(kind, count === STREAMED ? -1 : count);
    this._depth++;
    return frame;
  }

  /** A finished aggregate (already popped): its value, or ROUTED when a callback took it. */
  _close(frame: Frame): RespValue | typeof ROUTED {
    const kind = frame.kind;
    const value = frame.take();
    if (kind === ATTRIBUTE) {
      this._onAttribute?.(value as Map<RespValue, RespValue>);
      return ROUTED;
    }
    if (kind === PUSH && this._depth === 0) {
      (this._onPush ?? this._onReply)(value as RespValue[]);
      return ROUTED;
    }
    return value;
  }

  /** `;0`: the streamed string on top is complete. */
  _closeString(): RespValue {
    const frame = this._frames[--this._depth]!;
    this._inString = false;
    const parts = frame.parts!;
    frame.parts = null;
    const whole = Buffer.concat(parts, frame.total);
    return this._returnBuffers ? whole : whole.toString(this._encoding);
  }

  /** A complete body of `kind` in buf[start..end): routes it. False when a callback reset. */
  _finishBlob(kind: number, buf: Buffer, start: number, end: number, base: number): boolean {
    if (kind === BULK) {
      return this._place(
        this._returnBuffers ? buf.subarray(start, end) : this._utf8 ? utf8Slice(buf, start, end) : buf.toString(this._encoding, start, end),
      );
    }
    if (kind === CHUNK) {
      const frame = this._frames[this._depth - 1]!;
      frame.total += end - start;
      if (frame.total > this._maxBulkLength) throw new ProtocolError('streamed string above maxBulkLength', base + end);
      frame.parts!.push(buf.subarray(start, end));
      return true;
    }
    if (kind === VERBATIM) {
      if (end - start < 4 || buf[start + 3] !== COLON) throw new ProtocolError('verbatim string without its format', base + start);
      const text = this._returnBuffers
        ? buf.subarray(start + 4, end)
        : buf.toString(this._encoding, start + 4, end);
      return this._place(new VerbatimString(latin1Slice(buf, start, start + 3), text));
    }
    const error = errorFromReply(utf8Slice(buf, start, end));
    if (this._depth > 0) return this._place(error);
    const generation = this._generation;
    this._onError(error);
    return generation === this._generation;
  }

  /**
   * Reads a length line at buf[p..]: a count, -1, STREAMED (`?`) or INCOMPLETE; sets _cursor
   * just past its CR LF.
   */
  _readLength(buf: Buffer, p: number, base: number): number {
    const length = buf.length;
    if (p >= length) return INCOMPLETE;
    let c = buf[p]!;
    if (c === QUESTION || c === MINUS) {
      const expected = c === QUESTION ? 0 : 49; // '1' after '-'
      let q = p + 1;
      if (expected !== 0) {
        if (q >= length) return INCOMPLETE;
        if (buf[q] !== expected) throw new ProtocolError('length below -1', base + q);
        q++;
      }
      if (q >= length) return INCOMPLETE;
      if (buf[q] !== CR) throw new ProtocolError('invalid length', base + q);
      if (q + 1 >= length) return INCOMPLETE;
      if (buf[q + 1] !== LF) throw new ProtocolError('expected LF after CR', base + q + 1);
      this._cursor = q + 2;
      return c === QUESTION ? STREAMED : -1;
    }
    const digits = p;
    let n = 0;
    while (p < length) {
      c = buf[p]!;
      if (c < ZERO || c > NINE) break;
      n = n * 10 + (c - ZERO);
      p++;
    }
    if (p - digits > MAX_LENGTH_DIGITS) throw new ProtocolError('length too large', base + digits);
    if (p >= length) return INCOMPLETE;
    if (c !== CR || p === digits) throw new ProtocolError('invalid length', base + p);
    if (p + 1 >= length) return INCOMPLETE;
    if (buf[p + 1] !== LF) throw new ProtocolError('expected LF after CR', base + p + 1);
    this._cursor = p + 2;
    return n;
  }

  /** Index of the CR ending the line that starts at p, or INCOMPLETE; checks the LF. */
  _findLineEnd(buf: Buffer, p: number, base: number): number {
    const length = buf.length;
    while (p < length && buf[p] !== CR) p++;
    if (p + 1 >= length) return INCOMPLETE;
    if (buf[p + 1] !== LF) throw new ProtocolError('expected LF after CR', base + p + 1);
    return p;
  }

  /** Keeps buf[start..] (a line without its CR LF yet) for the next chunk. */
  _saveLine(buf: Buffer, start: number, base: number): number {
    this._lineParts = [buf.subarray(start)];
    this._lineLength = buf.length - start;
    this._lineOffset = base + start;
    this._checkLineLength();
    return buf.length;
  }

  _checkLineLength(): void {
    if (this._lineLength > this._maxBulkLength + 64) throw new ProtocolError('line too long', this._lineOffset);
  }

  /** Adds chunk bytes to a cut line; once its CR LF is in, decodes it. Returns the new offset. */
  _continueLine(chunk: Buffer, offset: number): number {
    const parts = this._lineParts!;
    const last = parts[parts.length - 1]!;
    let end: number;
    if (last[last.length - 1] === CR) end = offset + 1;
    else {
      const cr = chunk.indexOf(CR, offset);
      if (cr === -1 || cr === chunk.length - 1) {
        parts.push(chunk.subarray(offset));
        this._lineLength += chunk.length - offset;
        this._checkLineLength();
        return chunk.length;
      }
      end = cr + 2;
    }
    parts.push(chunk.subarray(offset, end));
    const line = Buffer.concat(parts);
    this._lineParts = null;
    this._parse(line, 0, this._lineOffset);
    return end;
  }

  /** Starts collecting a body of n bytes (plus CR LF) whose first bytes are buf[start..]. */
  _startBlob(kind: number, n: number, buf: Buffer, start: number, base: number): number {
    const have = buf.length - start;
    this._blobKind = kind;
    this._blobLength = n;
    this._blobNeed = n + 2 - have;
    this._blobParts = have > 0 ? [buf.subarray(start)] : [];
    this._blobOffset = base + start;
    return buf.length;
  }

  /** Adds chunk bytes to a cut body; once complete, joins and routes it. Returns the new offset. */
  _continueBlob(chunk: Buffer, offset: number): number {
    const available = chunk.length - offset;
    if (available < this._blobNeed) {
      this._blobParts.push(offset === 0 ? chunk : chunk.subarray(offset));
      this._blobNeed -= available;
      return chunk.length;
    }
    const end = offset + this._blobNeed;
    const parts = this._blobParts;
    parts.push(chunk.subarray(offset, end));
    this._blobNeed = 0;
    this._blobParts = [];
    const n = this._blobLength;
    const whole = Buffer.concat(parts, n + 2);
    if (whole[n] !== CR || whole[n + 1] !== LF) throw new ProtocolError('body not followed by CR LF', this._blobOffset + n);
    this._finishBlob(this._blobKind, whole, 0, n, this._blobOffset);
    return end;
  }
}
