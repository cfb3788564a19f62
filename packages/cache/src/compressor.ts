import { promisify } from 'node:util';
import { deflate, inflate } from 'node:zlib';

/** Compresses payloads; the cache flags compressed ones so that reading is reversible. */
export interface Compressor {
  compress(data: Buffer): Buffer | Promise<Buffer>;
  decompress(data: Buffer): Buffer | Promise<Buffer>;
}

const deflateAsync = promisify(deflate);
const inflateAsync = promisify(inflate);

/** zlib deflate (the default), run off the event loop by Node's thread pool. */
export class ZlibCompressor implements Compressor {
  /** zlib level, 1 (fast) to 9 (small). Default 6. */
  readonly level: number;
  constructor(options: { level?: number } = {}) {
    this.level = options.level ?? 6;
  }
  compress(data: Buffer): Promise<Buffer> {
    return deflateAsync(data, { level: this.level });
  }
  decompress(data: Buffer): Promise<Buffer> {
    return inflateAsync(data);
  }
}
