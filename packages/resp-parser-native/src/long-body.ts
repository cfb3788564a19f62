/**
 * The destination of a long top-level bulk string the native parser is reading (see
 * NativeRespParser.bodyBuffer): the bytes of its body and CR LF land in one buffer, copied in
 * from the chunks fed, or read straight into it by the socket (bodyBuffer() lends the part still
 * empty). The scanner still reads every one of those bytes (it counts the body down and judges
 * its CR LF), so errors and offsets are the same as without a destination.
 *
 * - Read as a Buffer: a destination of its own of n + 2 bytes, the reply a view of its first n.
 * - Decoded: the parser's gather buffer (reused: the string made from it is a copy), decoded
 *   once when complete (latin1 when the scanner found it ASCII).
 */
import { isAsciiRange, type GatherBuffer } from '@aredis/resp-parser/internal';
import { latin1, utf8, view } from './slices.js';

/** A bulk string read as a Buffer at least this long, cut by the end of a chunk, gets a destination (as in RespParser). */
export const DESTINATION_MIN = 64 * 1024;
/**
 * Destinations up to this size are made at the header; a longer body's once this many of its
 * bytes arrived (a length alone never allocates more than this, as in RespParser).
 */
export const DESTINATION_EAGER_MAX = 8 * 1024 * 1024;
/** A string to decode at least this long is gathered as it arrives (up to the gather buffer's size; as RespParser's TextCollector). */
export const TEXT_DESTINATION_MIN = 32 * 1024;
/** bodyBuffer() lends nothing for fewer missing bytes: a read that small saves no copy worth a read call. */
export const LEND_MIN = 4 * 1024;

export class LongBody {
  /** Bytes of the body and its CR LF in `buffer` so far (they start at 0). */
  filled: number;
  /** n + 2: where the CR LF ends. */
  readonly end: number;

  private constructor(
    readonly buffer: Buffer,
    /** The body's length, n. */
    readonly length: number,
    /** Decoded with this encoding when complete; null: handed out as a Buffer. */
    readonly encoding: BufferEncoding | null,
  ) {
    this.end = length + 2;
    this.filled = 0;
  }

  /**
   * A destination for a top-level bulk string of `length` bytes, `seen` of them (and of its
   * CR LF) already here; null when it is not worth one (or, for a long one, not yet).
   */
  static for(length: number, seen: number, encoding: BufferEncoding | null, gather: GatherBuffer): LongBody | null {
    if (encoding === null) {
      if (length < DESTINATION_MIN || (length > DESTINATION_EAGER_MAX && seen < DESTINATION_EAGER_MAX)) return null;
      return new LongBody(Buffer.allocUnsafeSlow(length + 2), length, null);
    }
    if (length < TEXT_DESTINATION_MIN) return null;
    const buffer = gather.for(length + 2);
    return buffer === null ? null : new LongBody(buffer, length, encoding);
  }

  /** Copies the bytes [from, to) of the concatenation of `pieces` in at the fill point. */
  gather(pieces: readonly Buffer[], from: number, to: number): void {
    let base = 0;
    for (const piece of pieces) {
      const start = Math.max(from - base, 0);
      const stop = Math.min(to - base, piece.length);
      if (start < stop) this.filled += piece.copy(this.buffer, this.filled, start, stop);
      base += piece.length;
      if (base >= to) break;
    }
  }

  /** Copies chunk[0, bytes) in at the fill point. */
  copy(chunk: Buffer, bytes: number): void {
    this.filled += chunk.copy(this.buffer, this.filled, 0, bytes);
  }

  /** The part still empty, for the socket to read into, or null when less than LEND_MIN is missing. */
  lend(): Buffer | null {
    return this.end - this.filled < LEND_MIN ? null : this.buffer.subarray(this.filled, this.end);
  }

  /**
   * The complete reply. `ascii`: whether the scanner found every byte of the body below 0x80,
   * undefined when it did not look (it looks only when the parser was made to decode UTF-8).
   */
  value(ascii: boolean | undefined): Buffer | string {
    const { buffer, length, encoding } = this;
    if (encoding === null) return view(buffer, 0, length);
    if (encoding !== 'utf8' && encoding !== 'utf-8') return buffer.toString(encoding, 0, length);
    return (ascii ?? isAsciiRange(buffer, 0, length)) ? latin1(buffer, 0, length) : utf8(buffer, 0, length);
  }
}
