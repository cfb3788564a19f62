import { DataError, type CommandArg } from '@aredis/resp-parser';
import { building } from './building.js';
import { integer, key, nonNegative, positive } from './args.js';

/**
 * Argument helpers shared by the string, generic and bitmap groups, beside the cheap checks
 * in args.ts. Kept out of the group modules, whose every export becomes a command method.
 */

/** redis-py's `list_or_args`: `(['a', 'b'])`, `('a', 'b')` or `(['a'], 'b')` → one non-empty key list. */
export function keyList(name: string, first: unknown, rest: readonly unknown[] = []): (string | Buffer)[] {
  const all = Array.isArray(first) ? [...(first as unknown[]), ...rest] : first === undefined ? [...rest] : [first, ...rest];
  if (all.length === 0) throw new DataError(`${building()}: argument '${name}' needs at least one key`);
  return all.map((k) => key(name, k));
}

/** A unix time in seconds: an integer, or a Date (rounded down to the second). */
export function unixSeconds(name: string, when: unknown): number | bigint {
  if (when instanceof Date) return Math.floor(dateMs(name, when) / 1000);
  return integer(name, when);
}

/** A unix time in milliseconds: an integer, or a Date. */
export function unixMilliseconds(name: string, when: unknown): number | bigint {
  if (when instanceof Date) return dateMs(name, when);
  return integer(name, when);
}

function dateMs(name: string, when: Date): number {
  const ms = when.getTime();
  if (Number.isNaN(ms)) throw new DataError(`${building()}: argument '${name}' is an invalid Date`);
  return ms;
}

/** A trailing options argument: undefined → {}, a plain object as is, anything else a DataError. */
export function options<O extends object>(given: O | undefined): O {
  if (given === undefined) return {} as O;
  if (given === null || typeof given !== 'object' || Array.isArray(given) || Buffer.isBuffer(given)) {
    throw new DataError(`${building()}: options must be an object`);
  }
  return given;
}

/** One of a fixed set of words, case-insensitive, sent upper case (`'and'` → `AND`). */
export function oneOf<W extends string>(name: string, words: readonly W[], given: unknown): W {
  if (typeof given === 'string') {
    const upper = given.toUpperCase();
    if ((words as readonly string[]).includes(upper)) return upper as W;
  }
  throw new DataError(`${building()}: argument '${name}' must be one of ${words.join(', ')}, got ${String(given)}`);
}

/**
 * Appends `TOKEN value` when the option is set: an integer >= 0 (>= 1 with `least: 1`, a
 * COUNT the server refuses at 0); anything else a DataError.
 */
export function pushInteger(args: CommandArg[], token: string, name: string, v: unknown, least: 0 | 1 = 0): void {
  if (v !== undefined && v !== null) args.push(token, least === 1 ? positive(name, v) : nonNegative(name, v));
}
