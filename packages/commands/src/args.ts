import { DataError, type CommandArg } from '@aredis/resp-parser';
import { building } from './building.js';

/**
 * Argument checks for builders: each returns the value when it is of the right type and
 * throws DataError naming the command and the argument otherwise. The command is the
 * declaration being built (`building()`, set by `defineCommand` around every `build`), so a
 * check is `key('name', name)`, not `key('GET', 'name', name)`. Cheap typeof tests only: they
 * run on every call.
 */

function fail(name: string, expected: string, got: unknown): never {
  const shown = got === null ? 'null' : Array.isArray(got) ? 'array' : Number.isNaN(got) ? 'NaN' : typeof got;
  throw new DataError(`${building()}: argument '${name}' must be ${expected}, got ${shown}`);
}

export function key(name: string, value: unknown): string | Buffer {
  if (typeof value === 'string' || Buffer.isBuffer(value)) return value;
  return fail(name, 'a string or Buffer', value);
}

export function value(name: string, v: unknown): CommandArg {
  if (typeof v === 'string' || Buffer.isBuffer(v) || typeof v === 'bigint') return v;
  if (typeof v === 'number' && !Number.isNaN(v)) return v;
  return fail(name, 'a string, Buffer or number', v);
}

export function integer(name: string, v: unknown): number | bigint {
  if ((typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint') return v;
  return fail(name, 'an integer', v);
}

/** An integer >= 0 (a count, an offset, a TTL, a db index): a negative one is a DataError, not sent. */
export function nonNegative(name: string, v: unknown): number | bigint {
  const n = integer(name, v);
  if (n < 0) throw new DataError(`${building()}: argument '${name}' must not be negative, got ${String(n)}`);
  return n;
}

/** An integer >= 1 (a COUNT the server refuses at 0). */
export function positive(name: string, v: unknown): number | bigint {
  const n = integer(name, v);
  if (n < 1) throw new DataError(`${building()}: argument '${name}' must be a positive integer, got ${String(n)}`);
  return n;
}

export function number(name: string, v: unknown): number | string {
  if (typeof v === 'number' && !Number.isNaN(v)) return v;
  // '-inf', '+inf', '(1.5' (exclusive ranges) are legitimate where Redis takes a score.
  if (typeof v === 'string' && v.length > 0) return v;
  return fail(name, 'a number', v);
}

export function keys(name: string, list: unknown): (string | Buffer)[] {
  if (!Array.isArray(list) || list.length === 0) fail(name, 'a non-empty array of keys', list);
  for (const k of list as unknown[]) key(name, k);
  return list as (string | Buffer)[];
}

/** At most one of the named options may be set (`nx` and `xx`, `ex` and `px`, ...). */
export function exclusive(options: object, names: readonly string[]): void {
  const given = options as Readonly<Record<string, unknown>>;
  let seen: string | undefined;
  for (const n of names) {
    if (given[n] !== undefined && given[n] !== false) {
      if (seen !== undefined) throw new DataError(`${building()}: options '${seen}' and '${n}' cannot be combined`);
      seen = n;
    }
  }
}
