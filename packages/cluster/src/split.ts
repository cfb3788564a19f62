import type { CommandArg } from '@aredis/resp-parser';
import { slotsByIndex } from './routing.js';

/**
 * Multi-key commands a cluster client splits by slot when their keys span several slots:
 * one command a slot, sent in parallel, replies merged. NOT atomic: each part runs on its own
 * node; a failure of one part leaves the others done.
 * - `keysOnly`: every argument after the name is a key (MGET, DEL, UNLINK, EXISTS, TOUCH);
 *   MSET's are key/value pairs.
 * - merge `values`: MGET's replies put back in the keys' order; `sum`: integer replies added;
 *   `same`: every part's reply is the same (MSET's OK).
 */
export interface SplitRule {
  readonly pairs: boolean;
  readonly merge: 'values' | 'sum' | 'same';
}

export const SPLITTABLE: Readonly<Record<string, SplitRule>> = Object.freeze({
  MGET: { pairs: false, merge: 'values' },
  MSET: { pairs: true, merge: 'same' },
  DEL: { pairs: false, merge: 'sum' },
  UNLINK: { pairs: false, merge: 'sum' },
  EXISTS: { pairs: false, merge: 'sum' },
  TOUCH: { pairs: false, merge: 'sum' },
});

/** One part of a split command: its arguments and where its keys were in the original. */
export interface SplitPart {
  readonly slot: number;
  readonly args: CommandArg[];
  /** Indexes of this part's keys among the original command's keys (0 = the first key). */
  readonly keyOrder: number[];
}

/**
 * The parts of `args` a slot each, or undefined when its keys share one slot (or it is not
 * splittable): then it is sent as it is.
 */
export function splitBySlot(
  name: string,
  args: readonly CommandArg[],
  slots: ReadonlyMap<number, number> = slotsByIndex(args),
): SplitPart[] | undefined {
  const rule = SPLITTABLE[name];
  if (rule === undefined) return undefined;
  if (new Set(slots.values()).size <= 1) return undefined;
  const parts = new Map<number, SplitPart>();
  let order = 0;
  for (const [index, slot] of slots) {
    let part = parts.get(slot);
    if (part === undefined) {
      part = { slot, args: [args[0] as CommandArg], keyOrder: [] };
      parts.set(slot, part);
    }
    part.args.push(args[index] as CommandArg);
    if (rule.pairs) part.args.push(args[index + 1] as CommandArg);
    part.keyOrder.push(order++);
  }
  return [...parts.values()];
}

/** The split command's reply from its parts' shaped replies. */
export function mergeParts(name: string, parts: readonly SplitPart[], replies: readonly unknown[]): unknown {
  const merge = SPLITTABLE[name]?.merge;
  if (merge === 'sum') return replies.reduce<number>((total, r) => total + Number(r), 0);
  if (merge === 'values') {
    const out: unknown[] = [];
    parts.forEach((part, p) => {
      const values = replies[p] as unknown[];
      part.keyOrder.forEach((at, i) => {
        out[at] = values[i];
      });
    });
    return out;
  }
  return replies[0];
}
