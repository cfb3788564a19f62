/**
 * A chunk that is exactly one short simple reply (`+OK`, `:1`, `-ERR x`, a short `$` bulk, or
 * a `*`/`%` of up to 9 such plain elements) is
 * decoded here in JavaScript: for it, the native call alone costs more than the whole decode
 * (measured: the native path was ~0.5x the TypeScript parser on single `+OK` replies). Only
 * plain, well-formed cases are taken; everything else, malformed input included, goes to the
 * scanner, which stays the single judge of what is valid.
 */
import { errorFromReply, type RespValue } from '@aredis/resp-parser';
import { asciiText, utf8, view } from './slices.js';

export const NOT_TINY: unique symbol = Symbol('not tiny');
/** Longest chunk tried here (0 turns the path off: see setTinyPath). */
export let TINY_MAX = 64;

/** Tests turn this path off to run every input through the scanner as well. */
export function setTinyPath(enabled: boolean): void {
  TINY_MAX = enabled ? 64 : 0;
}

const CR = 13;
const LF = 10;

export interface TinyMode {
  returnBuffers: boolean;
  utf8: boolean;
  encoding: BufferEncoding;
  maxBulkLength: number;
  /** Aggregates are taken only when maxDepth leaves room for them (>= 2). */
  maxDepth: number;
  /** A chunk longer than this goes to the scanner, which judges line lengths. */
  maxLineLength: number;
}

function isAsciiLine(chunk: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = chunk[i]!;
    if (c === CR || c === LF || c > 127) return false;
  }
  return true;
}

function isAscii(chunk: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (chunk[i]! > 127) return false;
  return true;
}

/** The reply `chunk` holds (a ResponseError for `-`), or NOT_TINY. The caller checks the length. */
export function tinyReply(chunk: Buffer, mode: TinyMode): RespValue | typeof NOT_TINY {
  const n = chunk.length;
  if (n < 3 || chunk[n - 2] !== CR || chunk[n - 1] !== LF || n > mode.maxLineLength) return NOT_TINY;
  const type = chunk[0];
  if (type === 0x2b || type === 0x2d) {
    // + simple string, - error
    if (!isAsciiLine(chunk, 1, n - 2)) return NOT_TINY;
    const text = asciiText(chunk, 1, n - 2);
    return type === 0x2b ? text : errorFromReply(text);
  }
  if (type === 0x3a) {
    // : integer, up to 15 digits (exact as a double)
    let i = 1;
    const negative = chunk[1] === 0x2d;
    if (negative) i = 2;
    if (i >= n - 2 || n - 2 - i > 15) return NOT_TINY;
    let value = 0;
    for (; i < n - 2; i++) {
      const digit = chunk[i]! - 0x30;
      if (digit < 0 || digit > 9) return NOT_TINY;
      value = value * 10 + digit;
    }
    if (negative) return value === 0 ? NOT_TINY : -value;
    return value;
  }
  if (type === 0x24) {
    // $ bulk string whose body ends the chunk
    let i = 1;
    let length = 0;
    for (; i < n && chunk[i] !== CR; i++) {
      const digit = chunk[i]! - 0x30;
      if (digit < 0 || digit > 9 || i > 8) return NOT_TINY;
      length = length * 10 + digit;
    }
    if (i === 1 || chunk[i + 1] !== LF || length > mode.maxBulkLength) return NOT_TINY;
    const start = i + 2;
    const end = start + length;
    if (end + 2 !== n) return NOT_TINY;
    if (mode.returnBuffers) return view(chunk, start, end);
    if (!mode.utf8) return chunk.toString(mode.encoding, start, end);
    return isAscii(chunk, start, end) ? asciiText(chunk, start, end) : utf8(chunk, start, end);
  }
  if ((type === 0x2a || type === 0x25) && n >= 4 && chunk[2] === CR && chunk[3] === LF && mode.maxDepth >= 2) {
    // * array or % map of 1 to 9 plain elements ($ bulk, : integer, + simple string): MGET of
    // two keys, HGETALL of a small hash. The native call alone cost ~2x the TypeScript
    // parser's whole decode for these (measured 104 vs 57 ns for *2, 140 vs 72 ns for %1).
    const count = chunk[1]! - 0x30;
    if (count < 1 || count > 9) return NOT_TINY;
    return type === 0x25 ? tinyMap(chunk, count, mode) : tinyArray(chunk, count, mode);
  }
  return NOT_TINY;
}

function bulkValue(chunk: Buffer, start: number, end: number, mode: TinyMode): RespValue {
  if (mode.returnBuffers) return view(chunk, start, end);
  if (!mode.utf8) return chunk.toString(mode.encoding, start, end);
  return isAscii(chunk, start, end) ? asciiText(chunk, start, end) : utf8(chunk, start, end);
}

/**
 * Where the element tinyElement just read ends: a second return value without allocating
 * (hand-optimised: this runs for every element of every tiny aggregate).
 */
let elementEnd = 0;

/** The plain element at `pos` ($ bulk, : integer, + ASCII simple string), or NOT_TINY. */
function tinyElement(chunk: Buffer, pos: number, mode: TinyMode): RespValue | typeof NOT_TINY {
  const n = chunk.length;
  const type = chunk[pos];
  let i = pos + 1;
  if (type === 0x24) {
    let length = 0;
    for (; i < n && chunk[i] !== CR; i++) {
      const digit = chunk[i]! - 0x30;
      if (digit < 0 || digit > 9 || i - pos > 8) return NOT_TINY;
      length = length * 10 + digit;
    }
    if (i === pos + 1 || chunk[i + 1] !== LF || length > mode.maxBulkLength) return NOT_TINY;
    const start = i + 2;
    const end = start + length;
    if (end + 2 > n || chunk[end] !== CR || chunk[end + 1] !== LF) return NOT_TINY;
    elementEnd = end + 2;
    return bulkValue(chunk, start, end, mode);
  }
  if (type === 0x3a) {
    const negative = chunk[i] === 0x2d;
    if (negative) i++;
    const first = i;
    let value = 0;
    for (; i < n && chunk[i] !== CR; i++) {
      const digit = chunk[i]! - 0x30;
      if (digit < 0 || digit > 9) return NOT_TINY;
      value = value * 10 + digit;
    }
    // Up to 15 digits (exact as a double); -0 is left to the scanner.
    if (i === first || i - first > 15 || chunk[i + 1] !== LF || (negative && value === 0)) return NOT_TINY;
    elementEnd = i + 2;
    return negative ? -value : value;
  }
  if (type === 0x2b) {
    for (; i < n && chunk[i] !== CR; i++) {
      const c = chunk[i]!;
      if (c === LF || c > 127) return NOT_TINY;
    }
    if (i >= n || chunk[i + 1] !== LF) return NOT_TINY;
    elementEnd = i + 2;
    return asciiText(chunk, pos + 1, i);
  }
  return NOT_TINY;
}

function tinyArray(chunk: Buffer, count: number, mode: TinyMode): RespValue | typeof NOT_TINY {
  const out: RespValue[] = new Array(count);
  let pos = 4;
  for (let j = 0; j < count; j++) {
    const value = tinyElement(chunk, pos, mode);
    if (value === NOT_TINY) return NOT_TINY;
    out[j] = value;
    pos = elementEnd;
  }
  return pos === chunk.length ? out : NOT_TINY;
}

function tinyMap(chunk: Buffer, pairs: number, mode: TinyMode): RespValue | typeof NOT_TINY {
  const out = new Map<RespValue, RespValue>();
  let pos = 4;
  for (let j = 0; j < pairs; j++) {
    const key = tinyElement(chunk, pos, mode);
    if (key === NOT_TINY) return NOT_TINY;
    const value = tinyElement(chunk, elementEnd, mode);
    if (value === NOT_TINY) return NOT_TINY;
    out.set(key, value);
    pos = elementEnd;
  }
  return pos === chunk.length ? out : NOT_TINY;
}
