import { StringDecoder } from 'node:string_decoder';
import { CR, isAsciiRange, latin1Slice, LF } from './bytes.js';

/** Bulk strings at least this long that span chunks are decoded piece by piece. */
export const TEXT_COLLECTOR_THRESHOLD = 32 * 1024;

/**
 * Decodes a long bulk string (returnBuffers off) while its pieces arrive, instead of joining
 * the pieces into one Buffer and decoding that: the pieces' strings are concatenated, which
 * V8 does without copying (a rope), so a large value costs one decode of each byte and no
 * joined copy. StringDecoder keeps a multi-byte character cut between pieces whole. The two
 * bytes after the body must be CR LF.
 *
 * For UTF-8, while every piece so far was ASCII the pieces are cut with latin1Slice (the same
 * characters, no decoding) and no StringDecoder exists yet, so none holds a partial character;
 * from the first piece with another byte on, the decoder takes every piece.
 */
export class TextCollector {
  readonly #encoding: BufferEncoding;
  #decoder: StringDecoder | null = null;
  #ascii: boolean;
  #text = '';
  #bodyLeft: number;
  #tail = 0;

  constructor(encoding: BufferEncoding, length: number) {
    this.#encoding = encoding;
    this.#ascii = encoding === 'utf8' || encoding === 'utf-8';
    this.#bodyLeft = length;
  }

  /** Takes the next piece (body bytes, then the CR LF); false when the CR LF is wrong. */
  add(piece: Buffer): boolean {
    const body = Math.min(piece.length, this.#bodyLeft);
    if (body > 0) {
      if (this.#ascii && isAsciiRange(piece, 0, body)) this.#text += latin1Slice(piece, 0, body);
      else {
        this.#ascii = false;
        this.#decoder ??= new StringDecoder(this.#encoding);
        this.#text += this.#decoder.write(body === piece.length ? piece : piece.subarray(0, body));
      }
      this.#bodyLeft -= body;
    }
    for (let i = body; i < piece.length; i++) {
      if (piece[i] !== (this.#tail === 0 ? CR : LF)) return false;
      this.#tail++;
    }
    return true;
  }

  finish(): string {
    return this.#decoder === null ? this.#text : this.#text + this.#decoder.end();
  }
}
