import type { CacheBulk } from './client.js';
import type { Compressor } from './compressor.js';
import { CacheError } from './errors.js';
import type { Serializer } from './serializer.js';

/**
 * How a value is stored: one flag character, then the payload.
 *   '=' the serializer's output as it is      'z' that output compressed
 *   'b' the output, base64                    'Z' compressed, base64
 * The base64 forms are used only for a client that decodes replies to text (`binarySafe:
 * false`), where raw bytes would not survive the round trip. The flag makes reading
 * reversible whatever the compressor and the threshold were when the value was written.
 */
export interface CodecOptions<T> {
  serializer: Serializer<T> | null;
  compressor: Compressor | null;
  compressThreshold: number;
  binarySafe: boolean;
}

const PLAIN = 0x3d; // '='
const COMPRESSED = 0x7a; // 'z'
const PLAIN_BASE64 = 0x62; // 'b'
const COMPRESSED_BASE64 = 0x5a; // 'Z'

export class Codec<T> {
  constructor(readonly options: CodecOptions<T>) {}

  async pack(value: T): Promise<CacheBulk> {
    const { serializer, compressor, compressThreshold, binarySafe } = this.options;
    let data: string | Buffer;
    if (serializer !== null) {
      try {
        data = serializer.serialize(value);
      } catch (error) {
        throw new CacheError(`cache: the value cannot be serialized: ${(error as Error).message}`, { cause: error });
      }
    } else if (typeof value === 'string' || Buffer.isBuffer(value)) {
      data = value;
    } else {
      throw new CacheError(`cache: without a serializer only strings and Buffers can be stored, got ${typeof value}`);
    }
    let bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let compressed = false;
    if (compressor !== null && bytes.length > compressThreshold) {
      const smaller = await compressor.compress(bytes);
      if (smaller.length < bytes.length) {
        bytes = smaller;
        compressed = true;
      }
    }
    if (binarySafe) return Buffer.concat([Buffer.of(compressed ? COMPRESSED : PLAIN), bytes]);
    if (!compressed && typeof data === 'string') return `=${data}`;
    return `${compressed ? 'Z' : 'b'}${bytes.toString('base64')}`;
  }

  async unpack(stored: CacheBulk): Promise<T> {
    const raw = typeof stored === 'string' ? Buffer.from(stored, 'utf8') : stored;
    const flag = raw[0];
    let bytes = raw.subarray(1);
    if (flag === PLAIN_BASE64 || flag === COMPRESSED_BASE64) bytes = Buffer.from(bytes.toString('latin1'), 'base64');
    else if (flag !== PLAIN && flag !== COMPRESSED) throw new CacheError('cache: the stored value was not written by a cache (unknown flag)');
    if (flag === COMPRESSED || flag === COMPRESSED_BASE64) {
      const { compressor } = this.options;
      if (compressor === null) throw new CacheError('cache: the stored value is compressed and this cache has no compressor');
      try {
        bytes = await compressor.decompress(bytes);
      } catch (error) {
        throw new CacheError(`cache: the stored value cannot be decompressed: ${(error as Error).message}`, { cause: error });
      }
    }
    const { serializer } = this.options;
    if (serializer === null) return (typeof stored === 'string' ? bytes.toString('utf8') : bytes) as T;
    try {
      return serializer.deserialize(bytes);
    } catch (error) {
      throw new CacheError(`cache: the stored value cannot be deserialized: ${(error as Error).message}`, { cause: error });
    }
  }
}
