/**
 * Reading as a socket with Node's `onread` option and the connection's SocketReader do, for
 * tests of Parser.bodyBuffer()/bodyFilled() in any implementation: each read goes into what
 * bodyBuffer() lends, or else into a fresh buffer fed as a chunk. Whatever the reads, a parser
 * must give what feed() alone gives.
 */
import type { Parser } from '../types.js';

export interface LendingRead {
  /** What each read went into: a lent buffer (true) or a chunk of its own (false). */
  lent: boolean[];
  /** The buffers lent, in order. */
  lentBuffers: Buffer[];
  /** What a feed() or bodyFilled() threw (reading stops there). */
  error?: unknown;
}

/**
 * Reads `input` into `parser`: the next read is at most `sizes[i]` bytes (cycled), into the
 * buffer bodyBuffer() lends when it lends one (then bodyFilled), else into a fresh buffer (feed).
 */
export function readThroughLends(parser: Parser, input: Buffer, sizes: readonly number[]): LendingRead {
  const run: LendingRead = { lent: [], lentBuffers: [] };
  let at = 0;
  let i = 0;
  try {
    while (at < input.length) {
      const lent = parser.bodyBuffer?.() ?? null;
      const size = sizes[i++ % sizes.length]!;
      const target = lent ?? Buffer.alloc(size);
      const n = Math.min(target.length, size, input.length - at);
      input.copy(target, 0, at, at + n);
      at += n;
      run.lent.push(lent !== null);
      if (lent !== null) {
        run.lentBuffers.push(lent);
        parser.bodyFilled!(lent, n);
      } else parser.feed(target.subarray(0, n));
    }
  } catch (error) {
    run.error = error;
  }
  return run;
}
