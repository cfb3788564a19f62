/**
 * The bitmap commands (group 'bitmap' in the Redis command specifications).
 * Every export is a command declaration; the export name is the method name.
 */
import { building } from '../building.js';
import { DataError, type CommandArg } from '@aredis/resp-parser';
import { defineCommand, returns, type KeyArg } from '../define.js';
import { integer, key, nonNegative } from '../args.js';
import { BitFieldOperation, type BitFieldOffset, type BitFieldOverflow, type BitFieldSend } from '../bitfield.js';
import { keyList, oneOf } from '../group-args.js';

/** BITCOUNT/BITPOS range unit (Redis 7.0): bytes (the default) or bits. */
export type BitRangeMode = 'BYTE' | 'BIT' | 'byte' | 'bit';

function rangeArgs(args: CommandArg[], start: unknown, end: unknown, mode: unknown): CommandArg[] {
  if (start !== undefined) args.push(integer('start', start));
  if (end !== undefined) {
    if (start === undefined) throw new DataError(`${building()}: argument 'end' needs 'start'`);
    args.push(integer('end', end));
  }
  if (mode !== undefined) {
    if (end === undefined) throw new DataError(`${building()}: argument 'mode' needs 'start' and 'end'`);
    args.push(oneOf('mode', ['BYTE', 'BIT'], mode));
  }
  return args;
}

/** BITCOUNT key [start end [BYTE|BIT]]: bits set to 1. */
export const bitcount = defineCommand({
  name: 'BITCOUNT',
  build: (key_: KeyArg, start?: number, end?: number, mode?: BitRangeMode) => {
    if (start !== undefined && end === undefined) throw new DataError(`${building()}: arguments 'start' and 'end' must be given together`);
    return rangeArgs(['BITCOUNT', key('key', key_)], start, end, mode);
  },
  returns: returns<number>(),
});

/** BITPOS key bit [start [end [BYTE|BIT]]]: the first bit equal to `bit`, or -1. */
export const bitpos = defineCommand({
  name: 'BITPOS',
  build: (key_: KeyArg, bit: 0 | 1, start?: number, end?: number, mode?: BitRangeMode) => {
    if (bit !== 0 && bit !== 1) throw new DataError(`${building()}: argument 'bit' must be 0 or 1`);
    return rangeArgs(['BITPOS', key('key', key_), bit], start, end, mode);
  },
  returns: returns<number>(),
});

export type BitOperation = 'AND' | 'OR' | 'XOR' | 'NOT' | 'and' | 'or' | 'xor' | 'not';

/** BITOP operation dest key...: the destination's length. NOT takes exactly one key. */
export const bitop = defineCommand({
  name: 'BITOP',
  build: (operation: BitOperation, dest: KeyArg, ...keys: KeyArg[]) => {
    const op = oneOf('operation', ['AND', 'OR', 'XOR', 'NOT'], operation);
    const sources = keyList('keys', undefined, keys);
    if (op === 'NOT' && sources.length !== 1) throw new DataError(`${building()}: operation NOT takes exactly one of 'keys'`);
    return ['BITOP', op, key('dest', dest), ...sources];
  },
  returns: returns<number>(),
});

export const getbit = defineCommand({
  name: 'GETBIT',
  build: (name: KeyArg, offset: number) => ['GETBIT', key('name', name), nonNegative('offset', offset)],
  returns: returns<number>(),
});

/** SETBIT: the bit's old value. `value` is 0/1 (a boolean counts as its bit, as in redis-py). */
export const setbit = defineCommand({
  name: 'SETBIT',
  build: (name: KeyArg, offset: number, value: 0 | 1 | boolean) => {
    if (value !== 0 && value !== 1 && typeof value !== 'boolean') throw new DataError(`${building()}: argument 'value' must be 0 or 1`);
    return ['SETBIT', key('name', name), nonNegative('offset', offset), value === true || value === 1 ? 1 : 0];
  },
  returns: returns<number>(),
});

/**
 * BITFIELD through a builder: `bitfield(key, defaultOverflow?)` returns a BitFieldOperation;
 * its `execute()` sends `build(key, operations)`. Replies: one integer per GET/SET/INCRBY,
 * null where OVERFLOW FAIL stopped an operation.
 */
export const bitfield = defineCommand({
  name: 'BITFIELD',
  build: (key_: KeyArg, operations: readonly CommandArg[] = []) => ['BITFIELD', key('key', key_), ...operations],
  facade: (send: (...args: unknown[]) => unknown, key_: KeyArg, defaultOverflow?: BitFieldOverflow) =>
    new BitFieldOperation(send as BitFieldSend<unknown>, key_, defaultOverflow),
  returns: returns<(number | null)[]>(),
});

/** BITFIELD_RO key GET encoding offset [GET encoding offset ...] (redis-py's `bitfield_ro`). */
export const bitfieldRo = defineCommand({
  name: 'BITFIELD_RO',
  build: (key_: KeyArg, encoding: string, offset: BitFieldOffset, items: readonly (readonly [string, BitFieldOffset])[] = []) => {
    const probe = new BitFieldOperation(() => undefined, key_).get(encoding, offset);
    if (!Array.isArray(items)) throw new DataError(`${building()}: argument 'items' must be an array of [encoding, offset]`);
    for (const item of items) {
      if (!Array.isArray(item) || item.length !== 2) throw new DataError(`${building()}: argument 'items' must hold [encoding, offset] pairs`);
      probe.get(item[0], item[1]);
    }
    const command = probe.command;
    command[0] = 'BITFIELD_RO';
    command[1] = key('key', key_);
    return command;
  },
  returns: returns<number[]>(),
});

/** Signatures that depend on an option; methods.ts merges them into SignatureOverrides. */
export interface BitmapSignatures<D extends boolean> {
  bitfield(key: KeyArg, defaultOverflow?: BitFieldOverflow): BitFieldOperation<Promise<(number | null)[]>>;
}
export interface BitmapChainedSignatures<D extends boolean, Self> {
  bitfield(key: KeyArg, defaultOverflow?: BitFieldOverflow): BitFieldOperation<Self>;
}
