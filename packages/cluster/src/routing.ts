import calculateSlot from 'cluster-key-slot';
import { commandKeyIndexes } from '@aredis/commands';
import { CrossSlotError, type CommandArg } from '@aredis/resp-parser';

/** A key's hash slot, `{hash tags}` honoured. */
export function keySlot(key: CommandArg): number {
  return calculateSlot(Buffer.isBuffer(key) ? key : String(key));
}

/** The slot of every key of a command, by argument index (positions from the key specs). */
export function slotsByIndex(args: readonly CommandArg[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const i of commandKeyIndexes(args)) out.set(i, keySlot(args[i] as CommandArg));
  return out;
}

/** `CROSSSLOT ...` raised before sending, naming the command and its slots. */
export function crossSlotError(args: readonly CommandArg[], slots: Iterable<number>): CrossSlotError {
  const list = [...new Set(slots)].sort((a, b) => a - b);
  return new CrossSlotError(
    `CROSSSLOT Keys in request don't hash to the same slot: ${String(args[0]).toUpperCase()} uses slots ${list.join(', ')} (not sent; use {hash tags} to keep keys together)`,
  );
}

/**
 * The one slot a command's keys (and SPUBLISH/SSUBSCRIBE channels) hash to; undefined for a
 * keyless command. Keys in several slots raise CrossSlotError.
 */
export function commandSlot(args: readonly CommandArg[]): number | undefined {
  let slot: number | undefined;
  const slots = slotsByIndex(args);
  for (const s of slots.values()) {
    if (slot === undefined) slot = s;
    else if (s !== slot) throw crossSlotError(args, slots.values());
  }
  return slot;
}
