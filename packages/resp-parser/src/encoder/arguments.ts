/** Checks and converts command arguments before a single byte is written. */
import { DataError } from '../errors.js';
import type { CommandArg } from '../types.js';

/** An argument ready to write: a string (UTF-8) or a Buffer, with its length in bytes. */
export interface EncodedArgs {
  parts: (string | Buffer)[];
  lengths: number[];
  /** Sum of `lengths`. */
  bytes: number;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

function invalid(args: readonly unknown[], index: number): DataError {
  const command = typeof args[0] === 'string' ? `${args[0]} ` : '';
  return new DataError(
    `Invalid ${command}argument at index ${index}: ${describe(args[index])} (expected a string, Buffer, finite number, ±Infinity or bigint)`,
  );
}

/** Byte length of a string in UTF-8; short pure-ASCII strings are measured without a native call. */
export function utf8Length(text: string): number {
  const length = text.length;
  if (length < 64) {
    let i = 0;
    while (i < length && text.charCodeAt(i) < 0x80) i++;
    if (i === length) return length;
  }
  return Buffer.byteLength(text, 'utf8');
}

/** A number as Redis reads it: `inf`/`-inf` for infinities; NaN is refused by the caller. */
function numberText(value: number): string {
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}

/** Validates every argument (DataError naming its index) and converts it for writing. */
export function encodeArgs(args: readonly CommandArg[]): EncodedArgs {
  const parts = new Array<string | Buffer>(args.length);
  const lengths = new Array<number>(args.length);
  return { parts, lengths, bytes: encodeArgsInto(args, parts, lengths) };
}

/**
 * encodeArgs into arrays the caller keeps and reuses (CommandWriter's hot path: no object and
 * no two arrays allocated per command). Fills `parts[0..n)` and `lengths[0..n)`; returns the
 * sum of the lengths. On a DataError the arrays hold partial garbage the caller ignores.
 */
export function encodeArgsInto(args: readonly CommandArg[], parts: (string | Buffer)[], lengths: number[]): number {
  const count = args.length;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const arg: unknown = args[i];
    let part: string | Buffer;
    let length: number;
    if (typeof arg === 'string') {
      part = arg;
      length = utf8Length(arg);
    } else if (Buffer.isBuffer(arg)) {
      part = arg;
      length = arg.length;
    } else if (typeof arg === 'number') {
      if (Number.isNaN(arg)) throw invalid(args, i);
      part = numberText(arg);
      length = part.length;
    } else if (typeof arg === 'bigint') {
      part = String(arg);
      length = part.length;
    } else {
      throw invalid(args, i);
    }
    parts[i] = part;
    lengths[i] = length;
    bytes += length;
  }
  return bytes;
}
