import { StringDecoder } from 'node:string_decoder';
import { CR, isAsciiRange, latin1Slice, LF, utf8Slice } from './bytes.js';

/** Bulk strings at least this long that span chunks are collected by a TextCollector. */
export const TEXT_COLLECTOR_THRESHOLD = 32 * 1024;

/**
 * Bodies up to this size are copied into one buffer and decoded once, into a flat string;
 * longer ones are decoded piece by piece into a rope (no second copy of a huge value).
 */
export const TEXT_GATHER_MAX = 8 * 1024 * 1024;

/**
 * Decodes a long bulk string (returnBuffers off) whose bytes arrive in pieces. The two bytes
 * after the body must be CR LF.
 *
 * Up to TEXT_GATHER_MAX, the body's bytes are copied into a buffer the parser lends (`gather`,
 * reused from reply to reply: the string made from it is a copy) and decoded in one call once
 * complete: for UTF-8, `buffer.isAscii` then latin1Slice when it is all ASCII. That gives a flat
 * string. A rope of per-piece strings costs more: V8 flattens it, one more copy and a large
 * allocation, the first time anything reads a character of it (measured 1 MB in 16 pieces:
 * ~5 ms as a rope read once, ~1 ms gathered).
 *
 * Longer bodies are decoded as their pieces arrive and the pieces' strings concatenated (a
 * rope, no joined copy of the bytes): while every piece so far was ASCII (UTF-8 only) a piece
 * is cut with latin1Slice and no StringDecoder exists yet, so none holds a partial character;
 * from the first piece with another byte on, a StringDecoder takes every piece and keeps a
 * multi-byte character cut between pieces whole.
 */
export class TextCollector {
  readonly #encoding: BufferEncoding;
  readonly #utf8: boolean;
  readonly #length: number;
  readonly #gather: Buffer | null;
  #decoder: StringDecoder | null = null;
  #ascii: boolean;
  #text = '';
  #bodyLeft: number;
  #tail = 0;

  /** `gather`: at least `length` bytes to copy the body into, or null to decode piece by piece. */
  constructor(encoding: BufferEncoding, length: number, gather: Buffer | null) {
    this.#encoding = encoding;
    this.#utf8 = encoding === 'utf8' || encoding === 'utf-8';
    this.#ascii = this.#utf8;
    this.#length = length;
    this.#gather = gather;
    this.#bodyLeft = length;
  }

  /** Takes the next piece (body bytes, then the CR LF); false when the CR LF is wrong. */
  add(piece: Buffer): boolean {
    const body = Math.min(piece.length, this.#bodyLeft);
    if (body > 0) {
      if (this.#gather !== null) piece.copy(this.#gather, this.#length - this.#bodyLeft, 0, body);
      else if (this.#ascii && isAsciiRange(piece, 0, body)) this.#text += latin1Slice(piece, 0, body);
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

  /** The part of the gather buffer the body's missing bytes go to, when gathering and at least `min` are missing; else null. */
  lend(min: number): Buffer | null {
    const left = this.#bodyLeft;
    return this.#gather === null || left < min ? null : this.#gather.subarray(this.#length - left, this.#length);
  }

  /** `bytes` of the body were written at the start of what lend() returned. */
  lent(bytes: number): void {
    this.#bodyLeft -= bytes;
  }

  finish(): string {
    const bytes = this.#gather;
    if (bytes !== null) {
      const n = this.#length;
      if (!this.#utf8) return bytes.toString(this.#encoding, 0, n);
      return isAsciiRange(bytes, 0, n) ? latin1Slice(bytes, 0, n) : utf8Slice(bytes, 0, n);
    }
    return this.#decoder === null ? this.#text : this.#text + this.#decoder.end();
  }
}
