import {
  PubSub,
  type Bulk,
  type ChannelName,
  type HandlerMap,
  type MessageHandler,
  type PubSubMessage,
  type PubSubOptions,
} from '@aredis/pubsub';
import { PubSubError } from '@aredis/resp-parser';
import type { ClusterCore } from './execute.js';
import { MessageQueue } from './message-queue.js';
import { keySlot } from './routing.js';
import type { NodeKey } from './slot-map.js';

/** What a reader gets: a message, or the error a node's PubSub failed with. */
type Entry<D extends boolean> = { message: PubSubMessage<Bulk<D>> } | { error: unknown };

function nameOf(channel: ChannelName): string {
  return Buffer.isBuffer(channel) ? channel.toString('utf8') : channel;
}

/**
 * PubSub on a cluster. SUBSCRIBE and PSUBSCRIBE go to one node (PUBLISH reaches every node);
 * SSUBSCRIBE goes to the master serving each shard channel's slot, one PubSub a node. The
 * messages of all of them come out of one `getMessage()` / `listen()`. When the server drops a
 * shard channel (its slot moved: an unasked `sunsubscribe`), it is subscribed again at the
 * slot's new master.
 */
export class ClusterPubSub<D extends boolean = false> {
  readonly #core: ClusterCore;
  readonly #options: PubSubOptions;
  readonly #queue = new MessageQueue<Entry<D>>();
  /** The PubSub of SUBSCRIBE/PSUBSCRIBE, and of SSUBSCRIBE a node. */
  #global: PubSub<D> | undefined = undefined;
  readonly #shards = new Map<NodeKey, PubSub<D>>();
  /** Shard channels the user wants, with their handler, by name. */
  readonly #wanted = new Map<string, { channel: ChannelName; handler: MessageHandler<Bulk<D>> | undefined }>();
  /** Where each wanted shard channel is subscribed. */
  readonly #placed = new Map<string, NodeKey>();
  #closed = false;

  constructor(core: ClusterCore, options: PubSubOptions = {}) {
    this.#core = core;
    this.#options = options;
  }

  #start(pubsub: PubSub<D>, node: NodeKey | undefined): PubSub<D> {
    pubsub.run({
      // Every confirmation is read here (an unasked sunsubscribe means a moved slot); readers filter.
      ignoreSubscribeMessages: false,
      onMessage: (message) => {
        if (message.type === 'sunsubscribe' && message.channel !== null && node !== undefined) this.#dropped(node, message.channel);
        this.#queue.push({ message });
      },
      onError: (error) => this.#queue.push({ error }),
    });
    return pubsub;
  }

  async #globalPubSub(): Promise<PubSub<D>> {
    if (this.#closed) throw new PubSubError('ClusterPubSub: closed');
    if (this.#global === undefined) {
      const map = await this.#core.nodes.map();
      const masters = map.masters();
      const node = masters[Math.floor(Math.random() * masters.length)] as NodeKey;
      this.#global ??= this.#start(new PubSub<D>(this.#core.nodes.pool(node), this.#options), undefined);
    }
    return this.#global;
  }

  #shardPubSub(node: NodeKey): PubSub<D> {
    if (this.#closed) throw new PubSubError('ClusterPubSub: closed');
    let pubsub = this.#shards.get(node);
    if (pubsub === undefined) {
      pubsub = this.#start(new PubSub<D>(this.#core.nodes.pool(node), this.#options), node);
      this.#shards.set(node, pubsub);
    }
    return pubsub;
  }

  async subscribe(...channels: (ChannelName | HandlerMap<Bulk<D>>)[]): Promise<void> {
    await (await this.#globalPubSub()).subscribe(...channels);
  }
  async psubscribe(...patterns: (ChannelName | HandlerMap<Bulk<D>>)[]): Promise<void> {
    await (await this.#globalPubSub()).psubscribe(...patterns);
  }
  async unsubscribe(...channels: ChannelName[]): Promise<void> {
    await this.#global?.unsubscribe(...channels);
  }
  async punsubscribe(...patterns: ChannelName[]): Promise<void> {
    await this.#global?.punsubscribe(...patterns);
  }

  /** SSUBSCRIBE, each channel at the master serving its slot. */
  async ssubscribe(...channels: (ChannelName | HandlerMap<Bulk<D>>)[]): Promise<void> {
    for (const item of channels) {
      if (typeof item === 'string' || Buffer.isBuffer(item)) this.#wanted.set(nameOf(item), { channel: item, handler: undefined });
      else for (const [name, handler] of Object.entries(item)) this.#wanted.set(name, { channel: name, handler });
    }
    const names = channels.flatMap((item) => (typeof item === 'string' || Buffer.isBuffer(item) ? [nameOf(item)] : Object.keys(item)));
    await this.#place(names);
  }

  /** SSUNSUBSCRIBE from these shard channels, or from every one when none is named. */
  async sunsubscribe(...channels: ChannelName[]): Promise<void> {
    const names = channels.length === 0 ? [...this.#wanted.keys()] : channels.map(nameOf);
    const byNode = new Map<NodeKey, ChannelName[]>();
    for (const name of names) {
      const entry = this.#wanted.get(name);
      const node = this.#placed.get(name);
      this.#wanted.delete(name);
      this.#placed.delete(name);
      if (entry === undefined || node === undefined) continue;
      byNode.set(node, [...(byNode.get(node) ?? []), entry.channel]);
    }
    await Promise.all([...byNode].map(([node, list]) => this.#shards.get(node)?.sunsubscribe(...list)));
  }

  /** Subscribes the named wanted shard channels where their slots are served now. */
  async #place(names: readonly string[]): Promise<void> {
    const map = await this.#core.nodes.map();
    const byNode = new Map<NodeKey, (ChannelName | HandlerMap<Bulk<D>>)[]>();
    for (const name of names) {
      const entry = this.#wanted.get(name);
      if (entry === undefined) continue;
      const node = map.master(keySlot(entry.channel));
      if (node === undefined) throw new PubSubError(`ClusterPubSub: no node serves the slot of shard channel ${name}`);
      this.#placed.set(name, node);
      const arg = entry.handler === undefined ? entry.channel : { [name]: entry.handler };
      byNode.set(node, [...(byNode.get(node) ?? []), arg]);
    }
    await Promise.all([...byNode].map(([node, list]) => this.#shardPubSub(node).ssubscribe(...list)));
  }

  /** The server dropped a shard channel the user still wants (its slot moved): subscribe again. */
  #dropped(node: NodeKey, channel: Bulk<D>): void {
    const name = nameOf(channel);
    if (!this.#wanted.has(name) || this.#placed.get(name) !== node || this.#closed) return;
    this.#placed.delete(name);
    void this.#core.nodes
      .refresh()
      .then(() => this.#place([name]))
      .catch((error: unknown) => this.#queue.push({ error }));
  }

  /** The next message from any node, or null after `timeout` ms (default 0: only what came). */
  async getMessage(options: { timeout?: number; ignoreSubscribeMessages?: boolean } = {}): Promise<PubSubMessage<Bulk<D>> | null> {
    const ignore = options.ignoreSubscribeMessages ?? this.#options.ignoreSubscribeMessages ?? false;
    const timeout = options.timeout ?? 0;
    const deadline = Date.now() + timeout;
    for (;;) {
      const entry = await this.#queue.take(Number.isFinite(timeout) ? Math.max(0, deadline - Date.now()) : Infinity);
      if (entry === null) return null;
      if ('error' in entry) throw entry.error;
      const type = entry.message.type;
      if (ignore && type !== 'message' && type !== 'pmessage' && type !== 'smessage' && type !== 'pong' && type !== 'reconnect') continue;
      return entry.message;
    }
  }

  /** Every message, as they come, until closed. */
  async *listen(options: { ignoreSubscribeMessages?: boolean } = {}): AsyncGenerator<PubSubMessage<Bulk<D>>, void, undefined> {
    for (;;) {
      const message = await this.getMessage({ ...options, timeout: Infinity });
      if (message === null) return;
      yield message;
    }
  }

  /** Unsubscribes everywhere and gives the connections back. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const all = [this.#global, ...this.#shards.values()].filter((p): p is PubSub<D> => p !== undefined);
    await Promise.all(all.map((p) => p.close()));
    this.#queue.end();
  }
}
