import { createHash } from 'node:crypto';
import { configure } from 'safe-stable-stringify';
import { DataError } from '@aredis/resp-parser';

/** Sorted keys; a circular param is an error (it has no stable form); bigints as numbers. */
const stableJson = configure({ circularValue: TypeError, bigint: true, deterministic: true });

/** Makes the Redis key of a cache entry from the cache's name, the key and its param. */
export interface IdentityGenerator {
  generate(name: string, key: string, param: unknown): string;
}

/**
 * `name:key`, or `name:key:<hash>` when a param is given: the hash (SHA-256, 32 hex digits)
 * of the param's JSON with object keys sorted, so equal params give equal identities
 * whatever their key order. An empty name leaves out its `name:`.
 */
export const defaultIdentity: IdentityGenerator = {
  generate(name, key, param) {
    const base = name === '' ? key : `${name}:${key}`;
    if (param === undefined) return base;
    let json: string | undefined;
    try {
      json = stableJson(param);
    } catch (error) {
      throw new DataError(`cache: param of '${key}' has no JSON form: ${(error as Error).message}`);
    }
    if (json === undefined) throw new DataError(`cache: param of '${key}' has no JSON form`);
    return `${base}:${createHash('sha256').update(json).digest('hex').slice(0, 32)}`;
  },
};
