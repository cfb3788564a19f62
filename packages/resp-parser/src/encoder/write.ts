/** Low-level writes into a Buffer whose capacity the caller has checked. */
import { CR, DOLLAR, LF, STAR } from '../decoder/bytes.js';

/** Bytes a `$<n>\r\n` or `*<n>\r\n` header takes. */
export function headerLength(n: number): number {
  return n < 10 ? 4 : n < 100 ? 5 : n < 1000 ? 6 : n < 10000 ? 7 : 3 + String(n).length;
}

/** Writes `<type><n>\r\n` at pos; returns the position after it. */
export function writeHeader(buf: Buffer, pos: number, type: typeof DOLLAR | typeof STAR, n: number): number {
  buf[pos++] = type;
  if (n < 10) buf[pos++] = 48 + n;
  else {
    const digits = String(n);
    for (let i = 0; i < digits.length; i++) buf[pos++] = digits.charCodeAt(i);
  }
  buf[pos++] = CR;
  buf[pos++] = LF;
  return pos;
}

/** Writes a string whose UTF-8 length is `length` at pos; returns the position after it. */
export function writeText(buf: Buffer, pos: number, text: string, length: number): number {
  if (length === text.length && length < 32) {
    // Pure ASCII (byte length equals UTF-16 length only then): a JS loop beats a native call.
    for (let i = 0; i < length; i++) buf[pos + i] = text.charCodeAt(i);
    return pos + length;
  }
  return pos + buf.write(text, pos, length, length === text.length ? 'latin1' : 'utf8');
}

export const CRLF_LENGTH = 2;

export function writeCrlf(buf: Buffer, pos: number): number {
  buf[pos] = CR;
  buf[pos + 1] = LF;
  return pos + 2;
}
