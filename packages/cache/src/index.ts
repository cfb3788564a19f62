export { BasicCache, Cache, type CacheOptions, type CacheEntryOptions, type CacheSetOptions } from './cache.js';
export { HerdCache, type HerdCacheOptions, type HerdCacheSetOptions } from './herd-cache.js';
export type { CacheClient, CacheBulk } from './client.js';
export { jsonSerializer, type Serializer } from './serializer.js';
export { ZlibCompressor, type Compressor } from './compressor.js';
export { defaultIdentity, type IdentityGenerator } from './identity.js';
export { CacheError } from './errors.js';
