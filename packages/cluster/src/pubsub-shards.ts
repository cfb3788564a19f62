import { debuglog } from 'node:util';
import type { ChannelName } from '@aredis/pubsub';
import { ConnectionError, PubSubError } from '@aredis/resp-parser';
import { Lane, nameOf, type Wanted } from './pubsub-lane.js';
import type { LaneHost } from './pubsub-host.js';
import { keySlot } from './routing.js';
import type { NodeKey, SlotMap } from './slot-map.js';
import { sleep } from './timeouts.js';

const debug = debuglog('aredis');

/**
 * SSUBSCRIBE on a cluster: each shard channel at the master serving its slot, one lane a node.
 * When the server drops a shard channel (its slot moved: an unasked `sunsubscribe`), it is
 * subscribed again at the slot's new master. When a lane's node is lost, its shard channels go
 * at once to a live replica of their slot (it serves SSUBSCRIBE, receives what its master
 * publishes, and keeps its subscribers when it is promoted), or, without one, to the slot's
 * master as the map says it: the new one once the cluster has failed over, or the lost node
 * itself, which may be the master by then (a lost connection is not always a dead node: the
 * pool of a node a refresh left out is closed, and a lane on a promoted replica can be lost
 * that way) or be back.
 */
export class ShardLanes<D extends boolean> {
  readonly wanted = new Map<string, Wanted<D>>();
  readonly #host: LaneHost<D>;
  /** Where each wanted shard channel is subscribed. */
  readonly #placed = new Map<string, NodeKey>();
  readonly #lanes = new Map<NodeKey, Lane<D>>();

  constructor(host: LaneHost<D>) {
    this.#host = host;
  }

  owns(lane: Lane<D>): boolean {
    return this.#lanes.get(lane.node) === lane;
  }

  async add(wanted: readonly Wanted<D>[]): Promise<void> {
    for (const w of wanted) this.wanted.set(nameOf(w.name), w);
    const names = wanted.map((w) => nameOf(w.name));
    const map = await this.#host.core.nodes.map();
    const missed = await this.#place(names, map, undefined);
    if (missed.length > 0) await this.#rehome(missed, undefined);
  }

  async remove(given: readonly ChannelName[]): Promise<void> {
    const names = given.length === 0 ? [...this.wanted.keys()] : given.map(nameOf);
    const byNode = new Map<NodeKey, ChannelName[]>();
    for (const name of names) {
      const entry = this.wanted.get(name);
      const node = this.#placed.get(name);
      this.wanted.delete(name);
      this.#placed.delete(name);
      if (entry === undefined || node === undefined) continue;
      byNode.set(node, [...(byNode.get(node) ?? []), entry.name]);
    }
    await Promise.all([...byNode].map(([node, list]) => this.#lanes.get(node)?.pubsub.sunsubscribe(...list).catch(() => undefined)));
  }

  #lane(node: NodeKey): Lane<D> {
    let lane = this.#lanes.get(node);
    if (lane === undefined) {
      const host = this.#host;
      lane = new Lane<D>(host.core, node, host.options, host.onMessage, host.onError, (lost) => this.#lost(lost));
      this.#lanes.set(node, lane);
    }
    return lane;
  }

  /**
   * Subscribes the named shard channels where `map` says their slots are served (with `lost`
   * given: on a live replica of the slot while `lost` is its master, and at `lost` when it has
   * none: if it is down, that fails and the next round tries again). Returns the names that
   * could not be placed.
   */
  async #place(names: readonly string[], map: SlotMap, lost: NodeKey | undefined): Promise<string[]> {
    const byNode = new Map<NodeKey, string[]>();
    const missed: string[] = [];
    for (const name of names) {
      const entry = this.wanted.get(name);
      if (entry === undefined) continue;
      const slot = keySlot(entry.name);
      let node = map.master(slot);
      if (node !== undefined && node === lost) node = map.replicas(slot).find((r) => r !== lost) ?? node;
      if (node === undefined) missed.push(name);
      else byNode.set(node, [...(byNode.get(node) ?? []), name]);
    }
    await Promise.all(
      [...byNode].map(async ([node, list]) => {
        const lane = this.#lane(node);
        for (const name of list) this.#placed.set(name, node);
        try {
          debug('cluster pubsub: SSUBSCRIBE %s at %s', list.join(' '), node);
          await lane.pubsub.ssubscribe(...list.map((name) => (this.wanted.get(name) as Wanted<D>).name));
          debug('cluster pubsub: SSUBSCRIBE %s at %s confirmed', list.join(' '), node);
        } catch (error) {
          debug('cluster pubsub: SSUBSCRIBE %s at %s failed: %s', list.join(' '), node, error instanceof Error ? error.message : String(error));
          if (!(error instanceof ConnectionError)) throw error;
          for (const name of list) if (this.#placed.get(name) === node) this.#placed.delete(name);
          if (this.#lanes.get(node) === lane) this.#lanes.delete(node);
          void lane.close();
          missed.push(...list);
        }
      }),
    );
    return missed;
  }

  /** Places `names` again, reloading the map (the lost node's replicas first) until all are placed. */
  async #rehome(names: readonly string[], lost: NodeKey | undefined): Promise<void> {
    const { core } = this.#host;
    let left = [...names];
    for (let round = 1; left.length > 0; round++) {
      if (this.#host.closed()) throw new PubSubError('ClusterPubSub: closed');
      const before = core.nodes.current();
      const slot = lost === undefined ? undefined : before?.slotsOf(lost)[0];
      const map = await core.nodes.refresh(slot === undefined ? [] : before?.replicas(slot)).catch(() => before);
      // Still wanted, and not placed meanwhile by another path (subscribed again, or dropped and rehomed).
      if (map !== undefined) left = await this.#place(left.filter((n) => this.wanted.has(n) && !this.#placed.has(n)), map, lost);
      if (left.length > 0) await sleep(Math.min(1000, core.backoff(round)));
    }
  }

  #lost(lane: Lane<D>): void {
    debug('cluster pubsub: shard lane at %s lost (current: %s)', lane.node, this.#lanes.get(lane.node) === lane);
    if (this.#lanes.get(lane.node) !== lane || this.#host.closed()) return;
    this.#lanes.delete(lane.node);
    const names = [...this.#placed].filter(([, node]) => node === lane.node).map(([name]) => name);
    for (const name of names) this.#placed.delete(name);
    if (names.length === 0) return;
    this.#rehome(names, lane.node).then(
      () => this.#host.reconnected(),
      (error: unknown) => {
        if (!this.#host.closed()) this.#host.onError(error);
      },
    );
  }

  /** The server dropped a shard channel still wanted (its slot moved): subscribe it where the slot is now. */
  dropped(lane: Lane<D>, channel: ChannelName | null): void {
    const name = nameOf(channel);
    debug('cluster pubsub: %s dropped by %s (placed at %s)', name, lane.node, this.#placed.get(name));
    if (!this.wanted.has(name) || this.#placed.get(name) !== lane.node || this.#host.closed()) return;
    this.#placed.delete(name);
    this.#rehome([name], undefined).catch((error: unknown) => {
      if (!this.#host.closed()) this.#host.onError(error);
    });
  }

  async close(): Promise<void> {
    const lanes = [...this.#lanes.values()];
    this.#lanes.clear();
    await Promise.all(lanes.map((lane) => lane.close()));
  }
}
