import type { CommandArg } from '@aredis/resp-parser';
import { CONTAINERS, KEY_SPECS } from './generated/key-specs.js';

/**
 * Where the keys of a command are, for cluster routing: an interpreter of the server's own key
 * specifications (generated/key-specs.ts, generated from spec/redis-commands-7.2), doing
 * what the server's getKeysUsingKeySpecs does. No key position is written by hand.
 */

/** Where the search for the first key starts. */
export type BeginSearch =
  | { readonly type: 'index'; readonly pos: number }
  | { readonly type: 'keyword'; readonly keyword: string; readonly startfrom: number }
  | { readonly type: 'unknown' };

/** Which arguments from there are keys. */
export type FindKeys =
  | { readonly type: 'range'; readonly lastkey: number; readonly step: number; readonly limit: number }
  | { readonly type: 'keynum'; readonly keynumidx: number; readonly firstkey: number; readonly step: number }
  | { readonly type: 'unknown' };

export interface KeySpec {
  readonly beginSearch: BeginSearch;
  readonly findKeys: FindKeys;
  /** RO, RW, OW, RM, ACCESS, UPDATE, INSERT, DELETE, NOT_KEY, INCOMPLETE, VARIABLE_FLAGS. */
  readonly flags: readonly string[];
}

export interface CommandKeysOptions {
  /**
   * Leave out arguments flagged NOT_KEY (the channels of SPUBLISH and SSUBSCRIBE), as
   * COMMAND GETKEYS does. By default they are included: they decide the slot all the same.
   */
  excludeNotKeys?: boolean;
}

function word(arg: CommandArg | undefined): string {
  return arg === undefined ? '' : String(arg).toUpperCase();
}

/** The name the key specs are filed under: `GET`, or `XINFO STREAM` for a subcommand. */
export function commandName(args: readonly CommandArg[]): string {
  const first = word(args[0]);
  return CONTAINERS.has(first) && args.length > 1 ? `${first} ${word(args[1])}` : first;
}

/** The key specifications of a command (empty for a command without keys or unknown to 7.2). */
export function keySpecsOf(args: readonly CommandArg[]): readonly KeySpec[] {
  return KEY_SPECS[commandName(args)] ?? [];
}

function parseCount(arg: CommandArg | undefined): number | null {
  if (arg === undefined) return null;
  const text = String(arg);
  return /^\d+$/.test(text) ? Number(text) : null;
}

/** The argument index where a spec's keys start, or -1 when its keyword is absent. */
function firstIndex(bs: BeginSearch, args: readonly CommandArg[]): number {
  if (bs.type === 'index') return bs.pos;
  if (bs.type === 'unknown') return -1;
  const argc = args.length;
  const forward = bs.startfrom > 0;
  const start = forward ? bs.startfrom : argc + bs.startfrom;
  const end = forward ? argc - 1 : 0;
  for (let i = start; i !== end; i = forward ? i + 1 : i - 1) {
    if (i >= argc || i < 1) break;
    if (word(args[i]) === bs.keyword) return i + 1;
  }
  return -1;
}

/** The argument indexes one key spec names in `args`. */
export function specIndexes(spec: KeySpec, args: readonly CommandArg[]): number[] {
  let first = firstIndex(spec.beginSearch, args);
  if (first < 0) return [];
  const argc = args.length;
  const fk = spec.findKeys;
  let last: number;
  let step: number;
  if (fk.type === 'range') {
    step = fk.step;
    if (fk.lastkey >= 0) last = first + fk.lastkey;
    else if (fk.limit === 0) last = argc + fk.lastkey;
    // A limit splits what follows: XREAD ... STREAMS k1 k2 id1 id2 (limit 2: the first half).
    else last = first + Math.trunc((argc - first) / fk.limit) + fk.lastkey;
  } else if (fk.type === 'keynum') {
    step = fk.step;
    if (fk.keynumidx >= argc - first) return [];
    const count = parseCount(args[first + fk.keynumidx]);
    if (count === null) return [];
    first += fk.firstkey;
    last = first + count - 1;
  } else {
    return [];
  }
  const out: number[] = [];
  for (let i = first; i <= last && i < argc; i += Math.max(1, step)) out.push(i);
  return out;
}

/**
 * The server's own key-finding procedures for the two commands whose specs cannot say it
 * (`unknown` or INCOMPLETE): SORT's STORE anywhere among the options, and MIGRATE's KEYS form
 * with an empty key argument. Ported from sortGetKeys and migrateGetKeys in Redis (db.c).
 */
const PROCEDURES: Readonly<Record<string, (args: readonly CommandArg[]) => number[]>> = {
  SORT(args) {
    if (args.length < 2) return [];
    const out = [1];
    let store = -1;
    for (let i = 2; i < args.length; i++) {
      const w = word(args[i]);
      if (w === 'LIMIT') i += 2;
      else if (w === 'GET' || w === 'BY') i += 1;
      else if (w === 'STORE' && i + 1 < args.length) store = i + 1;
    }
    if (store !== -1) out.push(store);
    return out;
  },
  MIGRATE(args) {
    const skips: Readonly<Record<string, number>> = { COPY: 0, REPLACE: 0, AUTH: 1, AUTH2: 2 };
    for (let i = 6; i < args.length; i++) {
      const w = word(args[i]);
      if (w === 'KEYS') {
        if (String(args[3]).length > 0) return [];
        return Array.from({ length: args.length - i - 1 }, (_, n) => i + 1 + n);
      }
      i += skips[w] ?? 0;
    }
    return args.length > 3 ? [3] : [];
  },
};

/** Indexes in `args` (the full argument list, command words first) of every key, in spec order. */
export function commandKeyIndexes(args: readonly CommandArg[], options: CommandKeysOptions = {}): number[] {
  const name = commandName(args);
  const procedure = PROCEDURES[name];
  if (procedure !== undefined) return procedure(args);
  const specs = KEY_SPECS[name];
  if (specs === undefined) return [];
  const seen = new Set<number>();
  const out: number[] = [];
  for (const spec of specs) {
    if (options.excludeNotKeys && spec.flags.includes('NOT_KEY')) continue;
    for (const i of specIndexes(spec, args)) {
      if (!seen.has(i)) {
        seen.add(i);
        out.push(i);
      }
    }
  }
  return out;
}

/** The keys of a command: `commandKeys(['MSET', 'a', '1', 'b', '2'])` → `['a', 'b']`. */
export function commandKeys(args: readonly CommandArg[], options: CommandKeysOptions = {}): CommandArg[] {
  return commandKeyIndexes(args, options).map((i) => args[i] as CommandArg);
}
