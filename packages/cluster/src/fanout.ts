import type { NodeKey } from './slot-map.js';

/**
 * Where a keyless command goes and how the nodes' replies become one: the table aredis's
 * cluster client keeps as NODES_FLAGS and RESULT_CALLBACKS, as data. A keyless command not
 * listed goes to one master taken at random and its reply is returned as is.
 *
 * Targets: `all-masters`, `all-nodes` (masters and replicas), `random` (one master), `slot`
 * (the node serving the slot given as the command's third word: CLUSTER COUNTKEYSINSLOT).
 *
 * Merges (each node's reply is first shaped by the command's response callback):
 * - `sum`: numbers added (DBSIZE);
 * - `concat`: arrays joined (KEYS);
 * - `same`: every node said the same (OK, PONG, a SHA): that reply; else the per-node object;
 * - `and`: arrays of booleans anded column by column (SCRIPT EXISTS: loaded everywhere);
 * - `per-node`: `{ 'host:port': reply }` where merging has no meaning (INFO, CONFIG GET).
 */
export type FanoutTarget = 'all-masters' | 'all-nodes' | 'random' | 'slot';
export type FanoutMerge = 'sum' | 'concat' | 'same' | 'and' | 'per-node';

export interface FanoutRule {
  readonly target: FanoutTarget;
  readonly merge: FanoutMerge;
}

const rule = (target: FanoutTarget, merge: FanoutMerge): FanoutRule => Object.freeze({ target, merge });

/** By command name (`DBSIZE`, `CONFIG SET`). */
export const FANOUT: Readonly<Record<string, FanoutRule>> = Object.freeze({
  // Data on every master.
  FLUSHALL: rule('all-masters', 'same'),
  FLUSHDB: rule('all-masters', 'same'),
  DBSIZE: rule('all-masters', 'sum'),
  KEYS: rule('all-masters', 'concat'),
  SCAN: rule('all-masters', 'per-node'),
  // Scripts and functions must exist wherever a key may live (replicas get them by replication).
  'SCRIPT LOAD': rule('all-masters', 'same'),
  'SCRIPT FLUSH': rule('all-masters', 'same'),
  'SCRIPT EXISTS': rule('all-masters', 'and'),
  'FUNCTION LOAD': rule('all-masters', 'same'),
  'FUNCTION DELETE': rule('all-masters', 'same'),
  'FUNCTION FLUSH': rule('all-masters', 'same'),
  'FUNCTION RESTORE': rule('all-masters', 'same'),
  // Every server's own state.
  PING: rule('all-nodes', 'same'),
  'CONFIG SET': rule('all-nodes', 'same'),
  'CONFIG RESETSTAT': rule('all-nodes', 'same'),
  'CONFIG REWRITE': rule('all-nodes', 'same'),
  'CONFIG GET': rule('all-nodes', 'per-node'),
  INFO: rule('all-nodes', 'per-node'),
  'CLIENT LIST': rule('all-nodes', 'per-node'),
  'SLOWLOG GET': rule('all-nodes', 'per-node'),
  'SLOWLOG LEN': rule('all-nodes', 'sum'),
  'SLOWLOG RESET': rule('all-nodes', 'same'),
  'MEMORY STATS': rule('all-nodes', 'per-node'),
  LASTSAVE: rule('all-nodes', 'per-node'),
  SAVE: rule('all-nodes', 'per-node'),
  BGSAVE: rule('all-nodes', 'per-node'),
  BGREWRITEAOF: rule('all-nodes', 'per-node'),
  'CLUSTER COUNTKEYSINSLOT': rule('slot', 'same'),
  'CLUSTER GETKEYSINSLOT': rule('slot', 'same'),
});

/** The names of the commands whose reply is a per-node object. */
export type PerNodeCommand =
  | 'SCAN'
  | 'CONFIG GET'
  | 'INFO'
  | 'CLIENT LIST'
  | 'SLOWLOG GET'
  | 'MEMORY STATS'
  | 'LASTSAVE'
  | 'SAVE'
  | 'BGSAVE'
  | 'BGREWRITEAOF';

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  return false;
}

/** One reply from the replies of the nodes (by node), as `merge` says. */
export function mergeReplies(merge: FanoutMerge, replies: ReadonlyMap<NodeKey, unknown>): unknown {
  const values = [...replies.values()];
  switch (merge) {
    case 'sum':
      return values.reduce<number>((total, v) => total + Number(v), 0);
    case 'concat':
      return values.flatMap((v) => (Array.isArray(v) ? (v as unknown[]) : [v]));
    case 'and': {
      const columns = values.map((v) => (Array.isArray(v) ? (v as unknown[]) : []));
      const width = Math.max(0, ...columns.map((c) => c.length));
      return Array.from({ length: width }, (_, i) => columns.every((c) => c[i] === true || c[i] === 1));
    }
    case 'same': {
      const first = values[0];
      if (values.every((v) => sameValue(v, first))) return first;
      return Object.fromEntries(replies);
    }
    case 'per-node':
      return Object.fromEntries(replies);
  }
}
