import { DataError } from './errors.js';

/**
 * The two rules every options object of aredis follows, in one place so that every package
 * words them the same way:
 * - an unknown key is a DataError naming it (and the nearest known key), thrown before
 *   anything is sent, as redis-py's TypeError for an unknown keyword argument;
 * - a duration is a number of seconds (fractions allowed), as in redis-py; `seconds()`
 *   checks one and gives it in milliseconds, what Node's timers take.
 */

/** The known keys of an options object: a Set, or any list of names. */
export type KnownOptions = ReadonlySet<string> | readonly string[];

/**
 * Throws DataError when `given` (an options object) has a key not in `known`; `where` names
 * the options in the message (`StrictRedis`, `SET`, `lock`). Keys whose value is `undefined`
 * count as given: a typo stays a typo. Cheap when the object is small: no allocation unless
 * a key is unknown.
 */
export function checkOptions(where: string, given: object | undefined, known: KnownOptions): void {
  if (given === undefined) return;
  // Two loops rather than one over a closure: this runs on every command call with options.
  if (known instanceof Set) {
    for (const key in given) if (!known.has(key)) throw unknownOption(where, key, known);
    return;
  }
  for (const key in given) if (!(known as readonly string[]).includes(key)) throw unknownOption(where, key, known);
}

/** The DataError for an unknown option key, with the nearest known key when one is close. */
export function unknownOption(where: string, key: string, known: KnownOptions): DataError {
  const nearest = nearestName(key, [...known]);
  const hint = nearest === undefined ? '' : ` (did you mean '${nearest}'?)`;
  return new DataError(`${where}: unknown option '${key}'${hint}`);
}

/** The known name nearest to `name` (edit distance, case-insensitive), when it is close enough to be a typo. */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // A typo: a few edits, and fewer than half the name (so 'db' does not suggest 'ex').
  if (best === undefined || bestDistance > Math.max(1, Math.min(3, Math.floor(lower.length / 2)))) {
    return snakeToCamel(name, known);
  }
  return best;
}

/** redis-py's snake_case name for a camelCase option (`socket_timeout` → `socketTimeout`). */
function snakeToCamel(name: string, known: readonly string[]): string | undefined {
  if (!name.includes('_')) return undefined;
  const camel = name.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return known.includes(camel) ? camel : undefined;
}

function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * A duration option in seconds (fractions allowed, `undefined` → `fallback`), checked and
 * given in milliseconds. DataError for a negative number, NaN or anything not a number.
 * `Infinity` is allowed where the option says so (it stays Infinity).
 */
export function seconds(where: string, name: string, value: unknown, fallback: number): number;
export function seconds(where: string, name: string, value: unknown): number | undefined;
export function seconds(where: string, name: string, value: unknown, fallback?: number): number | undefined {
  if (value === undefined || value === null) return fallback === undefined ? undefined : fallback * 1000;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    const shown = typeof value === 'number' ? String(value) : typeof value;
    throw new DataError(`${where}: option '${name}' must be a number of seconds >= 0, got ${shown}`);
  }
  return value * 1000;
}
