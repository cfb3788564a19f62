import { DataError, type CommandArg } from '@aredis/resp-parser';
import { building } from './building.js';
import { integer, key, number, positive, value } from './args.js';
import type { KeyArg } from './define.js';
import type { ScanIterOptions } from './iterators.js';

/**
 * Argument checks shared by the hash, list, set and sorted-set groups, beside the general
 * ones in args.ts and group-args.ts (keyList, oneOf). Each throws DataError naming the
 * command and the argument.
 */
export { keyList } from './group-args.js';

/** One value or an array of values, then more values: at least one (HMGET fields, SMISMEMBER). */
export function valueList(name: string, first: unknown, rest: readonly unknown[] = []): CommandArg[] {
  const all = Array.isArray(first) ? [...(first as unknown[]), ...rest] : first === undefined ? [...rest] : [first, ...rest];
  if (all.length === 0) throw new DataError(`${building()}: argument '${name}' needs at least one value`);
  return all.map((v) => value(name, v));
}

/** A score or score bound: finite numbers as they are, ±Infinity as `+inf`/`-inf`, strings (`(1.5`, `-inf`) as given. */
export function score(name: string, v: unknown): CommandArg {
  if (v === Infinity) return '+inf';
  if (v === -Infinity) return '-inf';
  return number(name, v);
}

/** A non-negative number of seconds for a blocking command (0 blocks forever). */
export function timeout(v: unknown): number {
  if (typeof v !== 'number' || Number.isNaN(v) || v < 0) {
    throw new DataError(`${building()}: argument 'timeout' must be a non-negative number of seconds, got ${String(v)}`);
  }
  return v;
}

/** A field → value mapping (plain object or Map) → its entries; at least one. */
export function entries<V>(name: string, mapping: unknown): [KeyArg, V][] {
  let out: [KeyArg, V][];
  if (mapping instanceof Map) out = [...(mapping as Map<KeyArg, V>)];
  else if (mapping !== null && typeof mapping === 'object' && !Array.isArray(mapping) && !Buffer.isBuffer(mapping)) {
    out = Object.entries(mapping as Record<string, V>);
  } else throw new DataError(`${building()}: argument '${name}' must be an object or a Map`);
  if (out.length === 0) throw new DataError(`${building()}: argument '${name}' must not be empty`);
  return out;
}

/** `offset` and `num` (LIMIT offset count) come together or not at all. */
export function limit(offset: unknown, num: unknown, names: readonly [string, string] = ['offset', 'num']): CommandArg[] {
  if (offset === undefined && num === undefined) return [];
  if (offset === undefined || num === undefined) {
    throw new DataError(`${building()}: options '${names[0]}' and '${names[1]}' must be given together`);
  }
  const o = integer(names[0], offset);
  const n = integer(names[1], num);
  return ['LIMIT', o, n];
}

// The MATCH and COUNT options of SSCAN, HSCAN and ZSCAN: the scan iterators' own, exported as
// ScanIterOptions (an alias here, so that the methods' signatures name the exported type).
export type { ScanIterOptions as ScanOptions } from './iterators.js';

/** `MATCH pattern COUNT n` of the SCAN family. */
export function scanArgs(options: ScanIterOptions): CommandArg[] {
  const out: CommandArg[] = [];
  if (options.match !== undefined) out.push('MATCH', key('match', options.match));
  if (options.count !== undefined) out.push('COUNT', positive('count', options.count));
  return out;
}

/** A SCAN-family cursor: an integer, or its decimal text as a previous reply gave it. */
export function cursorValue(v: unknown): CommandArg {
  if (typeof v === 'string' && /^\d+$/.test(v)) return v;
  const n = integer('cursor', v);
  if (n < 0) throw new DataError(`${building()}: argument 'cursor' must not be negative`);
  return n;
}
