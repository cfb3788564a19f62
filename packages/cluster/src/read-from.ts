import { DataError } from '@aredis/resp-parser';
import type { NodeKey, SlotMap } from './slot-map.js';

/** What a `readFrom` function is asked: the slot of a read-only command and the nodes serving it. */
export interface ReadCandidates {
  readonly slot: number;
  readonly master: NodeKey;
  /** Replicas the slot map lists (online ones), maybe none. */
  readonly replicas: readonly NodeKey[];
}

/**
 * Where read-only commands go (commands that write, and MULTI/EXEC, always go to the master):
 * - `'master'` (default): the slot's master;
 * - `'replica'`: the slot's replicas in turn (the master only while the slot has none);
 * - `'preferReplica'`: as `'replica'`, and when that replica cannot be reached the retry goes
 *   to the master instead of waiting for another replica;
 * - `'roundRobin'`: the master and its replicas in turn (redis-py's `read_from_replicas`);
 * - a function of `{ slot, master, replicas }` that returns one of those nodes.
 */
export type ReadFrom = 'master' | 'replica' | 'preferReplica' | 'roundRobin' | ((candidates: ReadCandidates) => NodeKey);

const POLICIES = new Set(['master', 'replica', 'preferReplica', 'roundRobin']);

/** `readFrom`, or the old `readFromReplicas: true` (= 'roundRobin', as redis-py's flag). */
export function checkReadFrom(readFrom: unknown, readFromReplicas: unknown): ReadFrom {
  if (readFromReplicas !== undefined && typeof readFromReplicas !== 'boolean') {
    throw new DataError("StrictRedisCluster: option 'readFromReplicas' must be a boolean");
  }
  if (readFrom === undefined) return readFromReplicas === true ? 'roundRobin' : 'master';
  if (typeof readFrom === 'function') return readFrom as ReadFrom;
  if (typeof readFrom !== 'string' || !POLICIES.has(readFrom)) {
    throw new DataError(
      `StrictRedisCluster: option 'readFrom' must be 'master', 'replica', 'preferReplica', 'roundRobin' or a function, got ${typeof readFrom === 'string' ? `'${readFrom}'` : typeof readFrom}`,
    );
  }
  return readFrom as ReadFrom;
}

/** Picks the node of each read-only command by the `readFrom` policy. */
export class ReadRouter {
  readonly policy: ReadFrom;
  /** Round-robin position by master (its replicas are one group). */
  readonly #turns = new Map<NodeKey, number>();

  constructor(policy: ReadFrom) {
    this.policy = policy;
  }

  /** Replicas serve reads (READONLY goes on every connection). */
  get usesReplicas(): boolean {
    return this.policy !== 'master';
  }

  /**
   * The node for a command on `slot` in `map`; `readonly` false, or `masterOnly` (a retry
   * after a replica was lost, with 'preferReplica'), gives the master.
   */
  pick(map: SlotMap, slot: number, readonly: boolean, masterOnly = false): NodeKey | undefined {
    const master = map.master(slot);
    const policy = this.policy;
    if (master === undefined || !readonly || policy === 'master' || masterOnly) return master;
    const replicas = map.replicas(slot);
    if (typeof policy === 'function') {
      const chosen = policy({ slot, master, replicas });
      if (chosen !== master && !replicas.includes(chosen)) {
        throw new DataError(`readFrom: the function returned '${String(chosen)}', which is neither the master nor a replica of slot ${slot}`);
      }
      return chosen;
    }
    if (policy === 'roundRobin') return this.#next(master, [master, ...replicas]);
    return replicas.length === 0 ? master : this.#next(master, replicas);
  }

  #next(master: NodeKey, nodes: readonly NodeKey[]): NodeKey {
    const turn = this.#turns.get(master) ?? Math.floor(Math.random() * nodes.length);
    this.#turns.set(master, (turn + 1) % 1_000_000);
    return nodes[turn % nodes.length] as NodeKey;
  }
}
