import type { ChannelName } from '@aredis/pubsub';
import { ConnectionError, PubSubError } from '@aredis/resp-parser';
import { Lane, isNodeLocal, nameOf, type Wanted } from './pubsub-lane.js';
import type { LaneHost } from './pubsub-host.js';
import type { NodeKey } from './slot-map.js';
import { sleep } from './timeouts.js';

function shuffle<T>(items: readonly T[]): T[] {
  return items
    .map((item) => ({ item, r: Math.random() }))
    .sort((a, b) => a.r - b.r)
    .map(({ item }) => item);
}

/**
 * SUBSCRIBE and PSUBSCRIBE on a cluster. PUBLISH reaches every node, so channels and patterns
 * live on one node, the primary lane (a master when one answers). Keyspace and keyevent
 * notifications are published only where the key lives, so while a pattern (or a
 * `__keyspace@…`/`__keyevent@…` channel) is subscribed, every other master has a local lane
 * too, whose node-local messages only are passed on (each message once).
 *
 * When the primary's node is lost, everything is subscribed again on another live node (any
 * node will do: no need to wait for the failover); a local lane lost is made again on the
 * master that serves its slots once the cluster has failed over. The set of local lanes
 * follows the masters at every slot-map refresh.
 */
export class BroadcastLanes<D extends boolean> {
  readonly channels = new Map<string, Wanted<D>>();
  readonly patterns = new Map<string, Wanted<D>>();
  readonly #host: LaneHost<D>;
  #primary: Lane<D> | undefined = undefined;
  readonly #locals = new Map<NodeKey, Lane<D>>();
  /** Lanes being started, and what they will be (their confirmations count already). */
  readonly #starting = new Map<Lane<D>, 'primary' | 'local'>();
  #relocating: Promise<Lane<D>> | undefined = undefined;
  #reconciling: Promise<boolean> = Promise.resolve(true);
  #healing = false;

  constructor(host: LaneHost<D>) {
    this.#host = host;
  }

  /** What a lane is to this manager: the primary, a local lane, or neither (not its own). */
  kindOf(lane: Lane<D>): 'primary' | 'local' | undefined {
    if (lane === this.#primary) return 'primary';
    if (this.#locals.get(lane.node) === lane) return 'local';
    return this.#starting.get(lane);
  }

  /** Whether the primary is on a master (then its node-local messages are its own node's, wanted). */
  primaryOnMaster(): boolean {
    const node = this.#primary?.node;
    return node !== undefined && (this.#host.core.nodes.current()?.masters().includes(node) ?? false);
  }

  #wantsLocal(): boolean {
    if (this.patterns.size > 0) return true;
    for (const wanted of this.channels.values()) if (isNodeLocal(wanted.name)) return true;
    return false;
  }

  async add(kind: 'channel' | 'pattern', wanted: readonly Wanted<D>[]): Promise<void> {
    const records = kind === 'channel' ? this.channels : this.patterns;
    for (const w of wanted) records.set(nameOf(w.name), w);
    const names = wanted.map((w) => w.name);
    const existing = this.#primary;
    if (existing === undefined) await this.#relocate(undefined);
    else await this.#onLane(existing, names, kind, true);
    const local = kind === 'pattern' ? names : names.filter(isNodeLocal);
    if (local.length > 0) {
      await Promise.all([...this.#locals.values()].map((lane) => this.#onLane(lane, local, kind, true).catch(() => undefined)));
      await this.#reconcile();
    }
  }

  async remove(kind: 'channel' | 'pattern', given: readonly ChannelName[]): Promise<void> {
    const records = kind === 'channel' ? this.channels : this.patterns;
    const names = given.length === 0 ? [...records.values()].map((w) => w.name) : [...given];
    for (const name of names) records.delete(nameOf(name));
    if (names.length === 0) return;
    const lanes = [this.#primary, ...this.#locals.values()].filter((lane): lane is Lane<D> => lane !== undefined);
    await Promise.all(lanes.map((lane) => this.#onLane(lane, names, kind, false).catch(() => undefined)));
    await this.#reconcile();
  }

  /** (Un)subscribes `names` on `lane`; a lane lost meanwhile is rebuilt from the records instead. */
  async #onLane(lane: Lane<D>, names: readonly ChannelName[], kind: 'channel' | 'pattern', subscribe: boolean): Promise<void> {
    const pubsub = lane.pubsub;
    try {
      if (kind === 'channel') await (subscribe ? pubsub.subscribe(...names) : pubsub.unsubscribe(...names));
      else await (subscribe ? pubsub.psubscribe(...names) : pubsub.punsubscribe(...names));
    } catch (error) {
      if (!(error instanceof ConnectionError) || !subscribe) throw error;
      if (lane === this.#primary || this.#primary === undefined) await this.#relocate(lane.node);
    }
  }

  /** A lane on `node` subscribed to every record (local: node-local channels and patterns only). */
  async #start(node: NodeKey, local: boolean): Promise<Lane<D>> {
    const host = this.#host;
    const lane = new Lane<D>(host.core, node, host.options, host.onMessage, host.onError, (lost) => this.#lost(lost));
    this.#starting.set(lane, local ? 'local' : 'primary');
    try {
      const channels = [...this.channels.values()].map((w) => w.name).filter((name) => !local || isNodeLocal(name));
      const patterns = [...this.patterns.values()].map((w) => w.name);
      if (channels.length > 0) await lane.pubsub.subscribe(...channels);
      if (patterns.length > 0) await lane.pubsub.psubscribe(...patterns);
      if (lane.lost) throw new ConnectionError(`ClusterPubSub: lost ${node} while subscribing`);
      return lane;
    } catch (error) {
      await lane.close();
      throw error;
    } finally {
      this.#starting.delete(lane);
    }
  }

  /** A new primary lane on a live node (masters first, `avoid` last), every record subscribed. */
  #relocate(avoid: NodeKey | undefined): Promise<Lane<D>> {
    this.#relocating ??= (async () => {
      const { core } = this.#host;
      for (let round = 1; !this.#host.closed(); round++) {
        const map = core.nodes.current();
        const masters = map?.masters() ?? [];
        const rest = (map?.nodes() ?? core.nodes.known()).filter((n) => !masters.includes(n));
        const order = [...shuffle(masters), ...shuffle(rest)].filter((n) => n !== avoid);
        if (avoid !== undefined) order.push(avoid);
        for (const node of order) {
          if (this.#host.closed()) break;
          try {
            const lane = await this.#start(node, false);
            this.#primary = lane;
            // Its node's local lane would repeat the primary's node-local messages.
            const local = this.#locals.get(node);
            this.#locals.delete(node);
            void local?.close();
            return lane;
          } catch {
            // the next node
          }
        }
        await Promise.all([core.nodes.refresh().catch(() => undefined), sleep(Math.min(1000, core.backoff(round)))]);
      }
      throw new PubSubError('ClusterPubSub: closed');
    })().finally(() => {
      this.#relocating = undefined;
    });
    return this.#relocating;
  }

  #lost(lane: Lane<D>): void {
    if (this.#host.closed()) return;
    if (lane === this.#primary) {
      this.#primary = undefined;
      this.#relocate(lane.node).then(
        () => {
          this.#host.reconnected();
          this.#heal(lane.node);
        },
        () => undefined, // closed meanwhile
      );
    } else if (this.#locals.get(lane.node) === lane) {
      this.#locals.delete(lane.node);
      this.#heal(lane.node);
    }
  }

  /** After a lost node: reload the map (its replicas first) until every master has its lane again. */
  #heal(lost: NodeKey): void {
    if (this.#healing) return;
    this.#healing = true;
    void (async () => {
      const { core } = this.#host;
      for (let round = 1; !this.#host.closed(); round++) {
        const map = core.nodes.current();
        const slot = map?.slotsOf(lost)[0];
        await core.nodes.refresh(slot === undefined ? [] : map?.replicas(slot)).catch(() => undefined);
        if (await this.#reconcile()) break;
        await sleep(Math.min(1000, core.backoff(round)));
      }
    })().finally(() => {
      this.#healing = false;
    });
  }

  /** Local lanes for exactly the masters other than the primary's node (none when not wanted). True when all are up. */
  reconcile(): Promise<boolean> {
    return this.#reconcile();
  }

  #reconcile(): Promise<boolean> {
    const run = this.#reconciling.then(() => this.#reconcileOnce());
    this.#reconciling = run.catch(() => false);
    return run;
  }

  async #reconcileOnce(): Promise<boolean> {
    if (this.#host.closed()) return true;
    const map = await this.#host.core.nodes.map();
    const masters = this.#wantsLocal() ? map.masters() : [];
    const primary = this.#primary?.node;
    for (const [node, lane] of this.#locals) {
      if (masters.includes(node) && node !== primary) continue;
      this.#locals.delete(node);
      void lane.close();
    }
    let complete = true;
    await Promise.all(
      masters
        .filter((node) => node !== primary && !this.#locals.has(node))
        .map(async (node) => {
          try {
            const lane = await this.#start(node, true);
            if (this.#host.closed() || this.#locals.has(node)) void lane.close();
            else this.#locals.set(node, lane);
          } catch {
            complete = false;
          }
        }),
    );
    return complete;
  }

  async close(): Promise<void> {
    const lanes = [this.#primary, ...this.#locals.values()].filter((lane): lane is Lane<D> => lane !== undefined);
    this.#primary = undefined;
    this.#locals.clear();
    await Promise.all(lanes.map((lane) => lane.close()));
  }
}
