import { RedisError } from '@aredis/resp-parser';

/** A cached value could not be serialized, compressed, or read back (not written by a cache). */
export class CacheError extends RedisError {
  override readonly code: string = 'AREDIS_ERR_CACHE';
}
