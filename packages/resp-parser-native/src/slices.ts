/**
 * The fastest ways Node offers to make strings and Buffers from bytes, measured on the hot
 * path of the decoder (per value, 600 values of ~15 bytes): `buf.subarray` 47 ns, `new` of a
 * Uint8Array subclass over the same memory 16 ns; `buf.latin1Slice` 55 ns, `String#slice` of
 * one latin1 string decoded for the whole chunk 7 ns.
 */

import { latin1Slice } from '@aredis/resp-parser/internal';

// Short ASCII strings (`asciiText`) and the latin1/utf8 slices come from
// `@aredis/resp-parser/internal`: the TypeScript parser's own helpers, shared so the two
// parsers keep one implementation.
export { asciiText, latin1Slice as latin1, utf8Slice as utf8 } from '@aredis/resp-parser/internal';

/**
 * Node's own Buffer class (FastBuffer, what every Buffer is an instance of), which
 * `Buffer[Symbol.species]` returns: `new FastBuffer(arrayBuffer, offset, length)` is a
 * Buffer over the same memory, made without `subarray`'s species lookup and argument checks.
 */
type BufferConstructorOver = new (buffer: ArrayBuffer, byteOffset: number, length: number) => Buffer;
const species = (Buffer as unknown as Record<symbol, unknown>)[Symbol.species];
const FastBuffer =
  typeof species === 'function' && Buffer.isBuffer(new (species as BufferConstructorOver)(new ArrayBuffer(1), 0, 1))
    ? (species as BufferConstructorOver)
    : undefined;

/** A Buffer over bytes [start, end) of buf (no copy). */
export function view(buf: Buffer, start: number, end: number): Buffer {
  if (FastBuffer === undefined) return buf.subarray(start, end);
  return new FastBuffer(buf.buffer as ArrayBuffer, buf.byteOffset + start, end - start);
}

/**
 * Bytes [start, end) of the concatenation of `pieces`, as latin1: copied into `gather` (at
 * least end - start bytes, a buffer the caller reuses: the string is a copy) and cut once, so
 * the string is flat. A rope of per-piece strings costs more: V8 flattens it, with a copy and a
 * large allocation, at the first character read.
 */
export function latin1Gathered(pieces: readonly Buffer[], start: number, end: number, gather: Buffer): string {
  let base = 0;
  let at = 0;
  for (const piece of pieces) {
    const from = Math.max(start - base, 0);
    const to = Math.min(end - base, piece.length);
    if (from < to) at += piece.copy(gather, at, from, to);
    base += piece.length;
    if (base >= end) break;
  }
  return latin1Slice(gather, 0, end - start);
}

/** Bytes [start, end) of the concatenation of `pieces`, as latin1, without joining the bytes (a rope). */
export function latin1Pieces(pieces: readonly Buffer[], start: number, end: number): string {
  let text = '';
  let base = 0;
  for (const piece of pieces) {
    const from = Math.max(start - base, 0);
    const to = Math.min(end - base, piece.length);
    if (from < to) text += latin1Slice(piece, from, to);
    base += piece.length;
    if (base >= end) break;
  }
  return text;
}
