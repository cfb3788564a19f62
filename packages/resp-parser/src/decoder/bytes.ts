/** Byte values and fast Buffer slicing used by the decoder. */
import * as nodeBuffer from 'node:buffer';

export const CR = 13;
export const LF = 10;
export const PLUS = 43; // +
export const MINUS = 45; // -
export const COLON = 58; // :
export const DOLLAR = 36; // $
export const STAR = 42; // *
export const UNDERSCORE = 95; // _
export const COMMA = 44; // ,
export const HASH = 35; // #
export const PAREN = 40; // (
export const BANG = 33; // !
export const EQUALS = 61; // =
export const PERCENT = 37; // %
export const TILDE = 126; // ~
export const GREATER = 62; // >
export const PIPE = 124; // |
export const DOT = 46; // .
export const SEMICOLON = 59; // ;
export const QUESTION = 63; // ?
export const ZERO = 48;
export const NINE = 57;
export const LOWER_T = 116;
export const LOWER_F = 102;

/**
 * Node's Buffer carries `utf8Slice`/`latin1Slice` (undocumented but stable since Node 0.x and
 * used by Node's own `toString`): calling them directly skips `toString`'s argument checks and
 * encoding lookup, which matters for millions of short strings. Falls back to `toString`.
 */
interface FastSlices {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}
const probe = Buffer.from('ok') as unknown as Partial<FastSlices>;
const hasFastSlices = typeof probe.utf8Slice === 'function' && typeof probe.latin1Slice === 'function';

export const utf8Slice: (buf: Buffer, start: number, end: number) => string = hasFastSlices
  ? (buf, start, end) => (buf as unknown as FastSlices).utf8Slice(start, end)
  : (buf, start, end) => buf.toString('utf8', start, end);

export const latin1Slice: (buf: Buffer, start: number, end: number) => string = hasFastSlices
  ? (buf, start, end) => (buf as unknown as FastSlices).latin1Slice(start, end)
  : (buf, start, end) => buf.toString('latin1', start, end);

/**
 * Whether buf[start..end) is all ASCII: `buffer.isAscii` (SIMD in C++, Node >= 18.15) when
 * there, else a scan. An ASCII range cut with latin1Slice gives the same string as UTF-8
 * decoding, with no decoding.
 */
export const isAsciiRange: (buf: Buffer, start: number, end: number) => boolean =
  typeof nodeBuffer.isAscii === 'function'
    ? (buf, start, end) => nodeBuffer.isAscii(start === 0 && end === buf.length ? buf : buf.subarray(start, end))
    : (buf, start, end) => {
        let high = 0;
        for (let i = start; i < end; i++) high |= buf[i]!;
        return high < 0x80;
      };
