/**
 * encodeValue: any value the decoder produces, as the bytes a server sends, in RESP3 or with
 * the downgrades a Redis server applies for a RESP2 client (map → flat array, set → array,
 * boolean → :1/:0, double, big number and verbatim string → bulk string, null → $-1, push →
 * array, attribute → nothing, a multi-line error → one line).
 */
import { DataError, ResponseError } from '../errors.js';
import { VerbatimString, type RespValue } from '../types.js';
import { checkOptions } from '../options.js';
import { ReplyBuffer } from './reply-buffer.js';

export interface EncodeValueOptions {
  /** 3: RESP3 types; 2: what a Redis server sends a RESP2 client. */
  protocol: 2 | 3;
  /**
   * How a JavaScript string is sent: 'bulk' (default, as a server answers GET) or 'simple'
   * (a status reply such as `+OK`; a string holding CR or LF is still sent as a bulk string).
   */
  strings?: 'bulk' | 'simple';
}

const enum T {
  PLUS = 43, MINUS = 45, COLON = 58, DOLLAR = 36, STAR = 42, PERCENT = 37, TILDE = 126, GREATER = 62,
  PIPE = 124, UNDERSCORE = 95, HASH = 35, COMMA = 44, PAREN = 40, BANG = 33, EQUALS = 61,
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const LINE_BREAK = /[\r\n]/;

/** A double as RESP writes it: `inf`, `-inf`, `nan`, or the shortest exact decimal. */
export function doubleText(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return Object.is(value, -0) ? '-0' : String(value);
}

function write(out: ReplyBuffer, value: RespValue, resp3: boolean, simple: boolean, depth: number): void {
  if (depth > 1024) throw new DataError('encodeValue: nesting deeper than 1024 (a value that contains itself?)');
  if (typeof value === 'string') {
    if (simple && !LINE_BREAK.test(value)) out.line(T.PLUS, value);
    else out.blob(T.DOLLAR, value);
  } else if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) out.line(T.COLON, String(value));
    else if (resp3) out.line(T.COMMA, doubleText(value));
    else out.blob(T.DOLLAR, doubleText(value));
  } else if (Buffer.isBuffer(value)) out.blob(T.DOLLAR, value);
  else if (value === null) {
    if (resp3) out.line(T.UNDERSCORE, '');
    else out.line(T.DOLLAR, '-1');
  } else if (Array.isArray(value)) {
    out.line(T.STAR, String(value.length));
    for (const item of value) write(out, item, resp3, simple, depth + 1);
  } else if (typeof value === 'boolean') {
    if (resp3) out.line(T.HASH, value ? 't' : 'f');
    else out.line(T.COLON, value ? '1' : '0');
  } else if (typeof value === 'bigint') {
    // An integer reply beyond 2^53 decodes to a bigint: those are sent as integers; the
    // others as big numbers in RESP3 (so they decode to a bigint again), and in RESP2 as an
    // integer when it fits in 64 bits, else as a bulk string (as Redis sends a big number).
    const safe = value <= MAX_SAFE && value >= -MAX_SAFE;
    if (!safe && value >= INT64_MIN && value <= INT64_MAX) out.line(T.COLON, String(value));
    else if (resp3) out.line(T.PAREN, String(value));
    else if (safe) out.line(T.COLON, String(value));
    else out.blob(T.DOLLAR, String(value));
  } else if (value instanceof Map) {
    out.line(resp3 ? T.PERCENT : T.STAR, String(resp3 ? value.size : value.size * 2));
    for (const [key, item] of value) {
      write(out, key, resp3, simple, depth + 1);
      write(out, item, resp3, simple, depth + 1);
    }
  } else if (value instanceof Set) {
    out.line(resp3 ? T.TILDE : T.STAR, String(value.size));
    for (const item of value) write(out, item, resp3, simple, depth + 1);
  } else if (value instanceof ResponseError) {
    const message = value.message;
    if (!LINE_BREAK.test(message)) out.line(T.MINUS, message);
    else if (resp3) out.blob(T.BANG, message);
    else out.line(T.MINUS, message.replace(/[\r\n]/g, ' '));
  } else if (value instanceof VerbatimString) {
    if (!resp3) out.blob(T.DOLLAR, value.value);
    else if (value.format.length !== 3) throw new DataError(`encodeValue: a verbatim string's format has 3 letters, got '${value.format}'`);
    else {
      const text = typeof value.value === 'string' ? Buffer.from(value.value) : value.value;
      out.blob(T.EQUALS, Buffer.concat([Buffer.from(`${value.format}:`, 'latin1'), text]));
    }
  } else {
    throw new DataError(`encodeValue: cannot encode ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'no prototype'})`;
  return `a ${typeof value}`;
}

function protocolOf(options: EncodeValueOptions | undefined): boolean {
  const protocol = options?.protocol;
  if (protocol !== 2 && protocol !== 3) throw new DataError(`encodeValue: option 'protocol' must be 2 or 3, got ${String(protocol)}`);
  return protocol === 3;
}

const KNOWN = ['protocol', 'strings'];

function checked(options: EncodeValueOptions): { resp3: boolean; simple: boolean } {
  checkOptions('encodeValue', options, KNOWN);
  const strings = options.strings ?? 'bulk';
  if (strings !== 'bulk' && strings !== 'simple') throw new DataError(`encodeValue: option 'strings' must be 'bulk' or 'simple'`);
  return { resp3: protocolOf(options), simple: strings === 'simple' };
}

/** The bytes of one reply carrying `value`, in one new Buffer. DataError for what RESP cannot carry. */
export function encodeValue(value: RespValue, options: EncodeValueOptions): Buffer {
  const { resp3, simple } = checked(options);
  const out = new ReplyBuffer();
  write(out, value, resp3, simple, 0);
  return out.take();
}

/** A push frame (`>`, RESP3); for RESP2 the array a Redis server sends instead (pub/sub messages). */
export function encodePush(items: readonly RespValue[], options: EncodeValueOptions): Buffer {
  const { resp3, simple } = checked(options);
  const out = new ReplyBuffer();
  out.line(resp3 ? T.GREATER : T.STAR, String(items.length));
  for (const item of items) write(out, item, resp3, simple, 1);
  return out.take();
}

/** An attribute (`|`) for the reply that follows it; empty for RESP2, which has none (Redis drops them). */
export function encodeAttribute(attribute: Map<RespValue, RespValue>, options: EncodeValueOptions): Buffer {
  const { resp3, simple } = checked(options);
  if (!resp3) return Buffer.alloc(0);
  const out = new ReplyBuffer();
  out.line(T.PIPE, String(attribute.size));
  for (const [key, item] of attribute) {
    write(out, key, resp3, simple, 1);
    write(out, item, resp3, simple, 1);
  }
  return out.take();
}
