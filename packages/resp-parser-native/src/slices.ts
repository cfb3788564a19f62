/**
 * The fastest ways Node offers to make strings and Buffers from bytes, measured on the hot
 * path of the decoder (per value, 600 values of ~15 bytes): `buf.subarray` 47 ns, `new` of a
 * Uint8Array subclass over the same memory 16 ns; `buf.latin1Slice` 55 ns, `String#slice` of
 * one latin1 string decoded for the whole chunk 7 ns.
 */

/** Node's Buffer has latin1Slice/utf8Slice (undocumented, what its own toString calls). */
interface FastSlices {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}
const probe = Buffer.alloc(1) as unknown as Partial<FastSlices>;
const fastSlices = typeof probe.latin1Slice === 'function' && typeof probe.utf8Slice === 'function';

export function latin1(buf: Buffer, start: number, end: number): string {
  return fastSlices ? (buf as unknown as FastSlices).latin1Slice(start, end) : buf.toString('latin1', start, end);
}

export function utf8(buf: Buffer, start: number, end: number): string {
  return fastSlices ? (buf as unknown as FastSlices).utf8Slice(start, end) : buf.toString('utf8', start, end);
}

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

/** Bytes [start, end) of the concatenation of `pieces`, as latin1, without joining the bytes. */
export function latin1Pieces(pieces: readonly Buffer[], start: number, end: number): string {
  let text = '';
  let base = 0;
  for (const piece of pieces) {
    const from = Math.max(start - base, 0);
    const to = Math.min(end - base, piece.length);
    if (from < to) text += latin1(piece, from, to);
    base += piece.length;
    if (base >= end) break;
  }
  return text;
}

/**
 * A short ASCII string built in JavaScript: `String.fromCharCode` with the bytes as explicit
 * arguments stays out of C++ and is several times cheaper than a `latin1Slice` call for a few
 * bytes (the same measure the TypeScript parser takes). Longer strings go to latin1Slice.
 */
export function shortAscii(b: Buffer, s: number, end: number): string {
  const f = String.fromCharCode;
  switch (end - s) {
    case 0:
      return '';
    case 1:
      return f(b[s]!);
    case 2:
      return f(b[s]!, b[s + 1]!);
    case 3:
      return f(b[s]!, b[s + 1]!, b[s + 2]!);
    case 4:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
    case 5:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
    case 6:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
    case 7:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!);
    case 8:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!);
    default:
      return latin1(b, s, end);
  }
}
