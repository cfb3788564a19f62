/** `host:port`, the name a node goes by in the client (pools, the slot map, per-node results). */
export type NodeKey = string;

export interface NodeAddress {
  readonly host: string;
  readonly port: number;
}

export const SLOT_COUNT = 16384;

export function nodeKey(host: string, port: number): NodeKey {
  return `${host}:${port}`;
}

export function addressOf(key: NodeKey): NodeAddress {
  const colon = key.lastIndexOf(':');
  return { host: key.slice(0, colon), port: Number(key.slice(colon + 1)) };
}

/** One range of CLUSTER SLOTS as the `CLUSTER SLOTS` response callback shapes it. */
export interface SlotRange {
  readonly start: number;
  readonly end: number;
  readonly primary: readonly [string, number, string];
  readonly replicas: readonly (readonly [string, number, string])[];
}

/** One master's part of the map: its slot ranges and its replicas. */
export interface SlotAssignment {
  readonly ranges: readonly (readonly [number, number])[];
  readonly master: NodeKey;
  readonly replicas: readonly NodeKey[];
}

/**
 * Which node serves each of the 16384 slots: its master and its replicas, as one CLUSTER
 * SHARDS (or CLUSTER SLOTS) reply said, patched slot by slot by MOVED replies until the next
 * full refresh.
 */
export class SlotMap {
  readonly #masters: (NodeKey | undefined)[] = new Array<NodeKey | undefined>(SLOT_COUNT).fill(undefined);
  readonly #replicas: (readonly NodeKey[])[] = new Array<readonly NodeKey[]>(SLOT_COUNT).fill([]);

  /** The map of these assignments (later ones win where they overlap). */
  static fromAssignments(assignments: readonly SlotAssignment[]): SlotMap {
    const map = new SlotMap();
    for (const { ranges, master, replicas } of assignments) {
      for (const [start, end] of ranges) {
        for (let slot = Math.max(0, start); slot <= end && slot < SLOT_COUNT; slot++) {
          map.#masters[slot] = master;
          map.#replicas[slot] = replicas;
        }
      }
    }
    return map;
  }

  /**
   * The map a CLUSTER SLOTS reply describes (as its response callback shapes it). A node listed
   * with an empty host (the server does not know its own address) is the one that answered,
   * `answeredBy`.
   */
  static fromRanges(ranges: readonly SlotRange[], answeredBy: NodeAddress): SlotMap {
    const keyOf = ([host, port]: readonly [string, number, string]): NodeKey =>
      nodeKey(host === '' || host === '?' ? answeredBy.host : host, port);
    return SlotMap.fromAssignments(
      ranges.map((range) => ({ ranges: [[range.start, range.end]], master: keyOf(range.primary), replicas: range.replicas.map(keyOf) })),
    );
  }

  master(slot: number): NodeKey | undefined {
    return this.#masters[slot];
  }

  replicas(slot: number): readonly NodeKey[] {
    return this.#replicas[slot] ?? [];
  }

  /** MOVED: the slot is `master`'s now (its replicas are learnt at the next refresh). */
  moveSlot(slot: number, master: NodeKey): void {
    if (this.#masters[slot] === master) return;
    this.#masters[slot] = master;
    this.#masterList = undefined;
    this.#replicas[slot] = [];
  }

  #masterList: NodeKey[] | undefined = undefined;

  /** Every master serving at least one slot (kept until a slot moves: keyless commands ask often). */
  masters(): NodeKey[] {
    this.#masterList ??= [...new Set(this.#masters.filter((k): k is NodeKey => k !== undefined))];
    return this.#masterList;
  }

  /** Every node in the map, masters and replicas. */
  nodes(): NodeKey[] {
    const all = new Set<NodeKey>(this.masters());
    for (const replicas of this.#replicas) for (const r of replicas) all.add(r);
    return [...all];
  }

  /** The slots `master` serves. */
  slotsOf(master: NodeKey): number[] {
    const out: number[] = [];
    for (let slot = 0; slot < SLOT_COUNT; slot++) if (this.#masters[slot] === master) out.push(slot);
    return out;
  }

  /** Slots no master serves. */
  get uncovered(): number {
    let n = 0;
    for (const m of this.#masters) if (m === undefined) n++;
    return n;
  }
}
