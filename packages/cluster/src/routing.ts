import calculateSlot from 'cluster-key-slot';
import { commandKeyIndexes } from '@aredis/commands';
import { CrossSlotError, type CommandArg } from '@aredis/resp-parser';

/** A key's hash slot, `{hash tags}` honoured (the server's keyHashSlot). */
export function keySlot(key: CommandArg): number {
  // cluster-key-slot 1.1.2 gets one case wrong: a first tag that is empty (`foo{}{bar}`) must
  // hash the whole key, but it goes on to the next `{...}`. The whole key's CRC16 is computed
  // here for that case only (`{` and `}` are ASCII: string and byte positions agree on them).
  if (Buffer.isBuffer(key)) {
    const open = key.indexOf(0x7b);
    return open !== -1 && key[open + 1] === 0x7d ? crc16(key) & 0x3fff : calculateSlot(key);
  }
  const text = String(key);
  const open = text.indexOf('{');
  return open !== -1 && text[open + 1] === '}' ? crc16(Buffer.from(text)) & 0x3fff : calculateSlot(text);
}

/** CRC16-CCITT (XMODEM), the cluster's key hash; used only where cluster-key-slot is wrong. */
function crc16(bytes: Buffer): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
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
export function commandSlot(
  args: readonly CommandArg[],
  slots: ReadonlyMap<number, number> = slotsByIndex(args),
): number | undefined {
  let slot: number | undefined;
  for (const s of slots.values()) {
    if (slot === undefined) slot = s;
    else if (s !== slot) throw crossSlotError(args, slots.values());
  }
  return slot;
}
