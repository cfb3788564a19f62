/**
 * The buffer a long string that came in many chunks is gathered in before it is decoded once
 * (both parsers: TextCollector here, the native parser's ASCII path). One is reused for the
 * next long string up to `keepMax` bytes; a longer one is made for that string alone.
 */
export class GatherBuffer {
  #buffer: Buffer | null = null;

  /** `max`: the longest string gathered (longer: none, the caller decodes piece by piece). */
  constructor(
    readonly max = 8 * 1024 * 1024,
    readonly keepMax = 2 * 1024 * 1024,
  ) {}

  /** A buffer of at least n bytes, or null above `max`. */
  for(n: number): Buffer | null {
    if (n > this.max) return null;
    if (this.#buffer !== null && this.#buffer.length >= n) return this.#buffer;
    const buffer = Buffer.allocUnsafeSlow(n);
    if (n <= this.keepMax) this.#buffer = buffer;
    return buffer;
  }
}
