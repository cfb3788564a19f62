import { VerbatimString, type CommandArg, type RespValue } from '@aredis/resp-parser';

/**
 * The commands whose replies the client-side cache may keep. The rule (the one the Redis
 * client-side caching docs and node-redis follow), applied to the vendored 7.2 specifications:
 * the command is flagged `readonly`, names at least one key (invalidation is by key), its
 * output is deterministic, it neither blocks nor runs a script. Left out on purpose: TOUCH
 * (changes no value, so no invalidation follows), MEMORY USAGE and the XINFO pair (their
 * replies change without a write to the key), SORT_RO (BY/GET patterns read keys the
 * specifications do not name).
 */
export const CACHEABLE_COMMANDS: ReadonlySet<string> = new Set([
  'BITCOUNT', 'BITFIELD_RO', 'BITPOS', 'EXISTS', 'EXPIRETIME', 'GEODIST', 'GEOHASH', 'GEOPOS',
  'GEORADIUSBYMEMBER_RO', 'GEORADIUS_RO', 'GEOSEARCH', 'GET', 'GETBIT', 'GETRANGE', 'HEXISTS',
  'HGET', 'HGETALL', 'HKEYS', 'HLEN', 'HMGET', 'HSTRLEN', 'HVALS', 'LCS', 'LINDEX', 'LLEN', 'LPOS',
  'LRANGE', 'MGET', 'PEXPIRETIME', 'PFCOUNT', 'SCARD', 'SDIFF', 'SINTER', 'SINTERCARD',
  'SISMEMBER', 'SMEMBERS', 'SMISMEMBER', 'STRLEN', 'SUBSTR', 'SUNION', 'TYPE', 'XLEN', 'XRANGE',
  'XREVRANGE', 'ZCARD', 'ZCOUNT', 'ZDIFF', 'ZINTER', 'ZINTERCARD', 'ZLEXCOUNT', 'ZMSCORE',
  'ZRANGE', 'ZRANGEBYLEX', 'ZRANGEBYSCORE', 'ZRANK', 'ZREVRANGE', 'ZREVRANGEBYLEX',
  'ZREVRANGEBYSCORE', 'ZREVRANK', 'ZSCORE', 'ZUNION',
]);

const ASCII = /^[\x00-\x7f]*$/;

/**
 * A key or argument as the bytes the server sees, one char a byte (latin1): a string key and
 * the Buffer of its UTF-8 bytes give the same text, as do the key names of an `invalidate` push
 * whether the connection decodes them or not.
 */
export function byteText(value: CommandArg | RespValue): string {
  if (typeof value === 'string') return ASCII.test(value) ? value : Buffer.from(value, 'utf8').toString('latin1');
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  return String(value);
}

/** The cache's key for one call: the reply mode, then each argument after the command's name, length-prefixed. */
export function callKey(returnBuffers: boolean, name: string, command: readonly CommandArg[]): string {
  let key = (returnBuffers ? 'b ' : 's ') + name;
  for (let i = name.includes(' ') ? 2 : 1; i < command.length; i++) {
    const text = byteText(command[i] as CommandArg);
    key += `\u0000${text.length}:${text}`;
  }
  return key;
}

/**
 * A copy of a reply that shares nothing mutable with it (Buffers, arrays, maps, sets), so that
 * a caller changing what it got cannot change what the cache hands the next caller.
 */
export function copyReply(value: RespValue): RespValue {
  if (value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (Array.isArray(value)) return value.map(copyReply);
  if (value instanceof Map) {
    const copy = new Map<RespValue, RespValue>();
    for (const [k, v] of value) copy.set(copyReply(k), copyReply(v));
    return copy;
  }
  if (value instanceof Set) return new Set([...value].map(copyReply));
  if (value instanceof VerbatimString) return new VerbatimString(value.format, copyReply(value.value) as string | Buffer);
  return value;
}
