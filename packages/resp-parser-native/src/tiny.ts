/**
 * A chunk that is exactly one short simple reply (`+OK`, `:1`, `-ERR x`, a short `$` bulk) is
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
  if (n < 3 || chunk[n - 2] !== CR || chunk[n - 1] !== LF) return NOT_TINY;
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
  return NOT_TINY;
}
