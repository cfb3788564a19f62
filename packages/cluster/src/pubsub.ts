import { EventEmitter } from 'node:events';
import type { Bulk, ChannelName, HandlerMap, MessageHandler, PubSubMessage, PubSubOptions } from '@aredis/pubsub';
import { PubSubError } from '@aredis/resp-parser';
import { checkOptions, seconds } from '@aredis/resp-parser/internal';
import type { ClusterCore } from './execute.js';
import { MessageQueue } from './message-queue.js';
import { BroadcastLanes } from './pubsub-broadcast.js';
import type { LaneHost } from './pubsub-host.js';
import { isNodeLocal, nameOf, parseWanted, type Lane } from './pubsub-lane.js';
import { ShardLanes } from './pubsub-shards.js';

/** What a reader gets: a message, or an error for the reader. */
type Entry<D extends boolean> = { message: PubSubMessage<Bulk<D>> } | { error: unknown };

/** Options of `getMessage()`. */
export interface ClusterGetMessageOptions {
  /** How long to wait, in seconds: 0 (default) only looks at what already came; Infinity waits for one. */
  timeout?: number;
  ignoreSubscribeMessages?: boolean;
}

const PUBSUB_OPTIONS = ['ignoreSubscribeMessages', 'healthCheckInterval'];
const GET_MESSAGE_OPTIONS = ['timeout', 'ignoreSubscribeMessages'];

function isData<V>(message: PubSubMessage<V>): message is Extract<PubSubMessage<V>, { type: 'message' | 'pmessage' | 'smessage' }> {
  return message.type === 'message' || message.type === 'pmessage' || message.type === 'smessage';
}

/**
 * PubSub on a cluster, one stream of messages from every node it uses (`getMessage()`,
 * `listen()`, or a handler per channel):
 * - SUBSCRIBE and PSUBSCRIBE on one node (PUBLISH reaches every node); while a pattern (or a
 *   keyspace/keyevent channel) is subscribed, on every master too, so that keyspace
 *   notifications, which each node publishes for its own keys only, reach it (each once);
 * - SSUBSCRIBE at the master serving each shard channel's slot, subscribed again where the slot
 *   moves.
 * A node lost (a master killed, a failover) is followed: its subscriptions move to a live node
 * (SUBSCRIBE/PSUBSCRIBE to any, SSUBSCRIBE to the slot's replica that takes over, or its new
 * master), then a `{ type: 'reconnect' }` message comes in the stream (messages published while
 * no node was subscribed were missed) and a `reconnect` event is emitted. `listen()` goes on.
 */
export class ClusterPubSub<D extends boolean = false> extends EventEmitter {
  readonly #core: ClusterCore;
  readonly #ignoreSubscribeMessages: boolean;
  readonly #queue = new MessageQueue<Entry<D>>();
  readonly #broadcast: BroadcastLanes<D>;
  readonly #shards: ShardLanes<D>;
  readonly #onRefresh = (): void => void this.#broadcast.reconcile().catch(() => undefined);
  #closed = false;

  constructor(core: ClusterCore, options: PubSubOptions = {}) {
    super();
    checkOptions('ClusterPubSub', options, PUBSUB_OPTIONS);
    this.#core = core;
    this.#ignoreSubscribeMessages = options.ignoreSubscribeMessages ?? false;
    const host: LaneHost<D> = {
      core,
      options: options.healthCheckInterval === undefined ? {} : { healthCheckInterval: options.healthCheckInterval },
      onMessage: (lane, message) => this.#dispatch(lane, message),
      onError: (error) => this.#queue.push({ error }),
      reconnected: () => this.#reconnected(),
      closed: () => this.#closed,
    };
    this.#broadcast = new BroadcastLanes<D>(host);
    this.#shards = new ShardLanes<D>(host);
    core.nodes.events.on('refresh', this.#onRefresh);
  }

  get channels(): ChannelName[] {
    return [...this.#broadcast.channels.values()].map((w) => w.name);
  }
  get patterns(): ChannelName[] {
    return [...this.#broadcast.patterns.values()].map((w) => w.name);
  }
  get shardChannels(): ChannelName[] {
    return [...this.#shards.wanted.values()].map((w) => w.name);
  }
  get subscribed(): boolean {
    return this.#broadcast.channels.size + this.#broadcast.patterns.size + this.#shards.wanted.size > 0;
  }

  subscribe(...channels: (ChannelName | HandlerMap<Bulk<D>>)[]): Promise<void> {
    return this.#run(() => this.#broadcast.add('channel', parseWanted<D>('SUBSCRIBE', channels)));
  }
  psubscribe(...patterns: (ChannelName | HandlerMap<Bulk<D>>)[]): Promise<void> {
    return this.#run(() => this.#broadcast.add('pattern', parseWanted<D>('PSUBSCRIBE', patterns)));
  }
  /** SSUBSCRIBE, each shard channel at the master serving its slot. */
  ssubscribe(...channels: (ChannelName | HandlerMap<Bulk<D>>)[]): Promise<void> {
    return this.#run(() => this.#shards.add(parseWanted<D>('SSUBSCRIBE', channels)));
  }
  /** UNSUBSCRIBE from these channels, or from every one when none is named. */
  unsubscribe(...channels: ChannelName[]): Promise<void> {
    return this.#run(() => this.#broadcast.remove('channel', channels));
  }
  punsubscribe(...patterns: ChannelName[]): Promise<void> {
    return this.#run(() => this.#broadcast.remove('pattern', patterns));
  }
  /** SUNSUBSCRIBE from these shard channels, or from every one when none is named. */
  sunsubscribe(...channels: ChannelName[]): Promise<void> {
    return this.#run(() => this.#shards.remove(channels));
  }

  async #run(action: () => Promise<void>): Promise<void> {
    if (this.#closed) throw new PubSubError('ClusterPubSub: closed');
    await action();
  }

  /** Every message of every lane: filtered (each message once), to its handler or the queue. */
  async #dispatch(lane: Lane<D>, message: PubSubMessage<Bulk<D>>): Promise<void> {
    const kind = this.#broadcast.kindOf(lane) ?? (this.#shards.owns(lane) ? 'shard' : undefined);
    if (kind === undefined) return; // a lane being replaced
    if (kind === 'shard' && message.type === 'sunsubscribe') this.#shards.dropped(lane, message.channel);
    if (!isData(message)) {
      if (kind !== 'local') this.#queue.push({ message }); // local lanes' confirmations would repeat the primary's
      return;
    }
    if (kind === 'local' && !isNodeLocal(message.channel)) return;
    if (kind === 'primary' && isNodeLocal(message.channel) && !this.#broadcast.primaryOnMaster()) return;
    const handler = this.#handlerOf(message);
    if (handler === undefined) {
      this.#queue.push({ message });
      return;
    }
    try {
      await handler(message);
    } catch (error) {
      this.#queue.push({ error });
    }
  }

  #handlerOf(message: PubSubMessage<Bulk<D>>): MessageHandler<Bulk<D>> | undefined {
    if (message.type === 'pmessage') return this.#broadcast.patterns.get(nameOf(message.pattern))?.handler;
    if (message.type === 'smessage') return this.#shards.wanted.get(nameOf(message.channel))?.handler;
    return this.#broadcast.channels.get(nameOf(message.channel))?.handler;
  }

  #reconnected(): void {
    if (this.#closed) return;
    this.#queue.push({ message: { type: 'reconnect', pattern: null, channel: null, data: null } });
    this.emit('reconnect', { channels: this.channels, patterns: this.patterns, shardChannels: this.shardChannels });
  }

  /** The next message from any node, or null after `timeout` seconds (default 0: only what came) or close(). */
  async getMessage(options: ClusterGetMessageOptions = {}): Promise<PubSubMessage<Bulk<D>> | null> {
    checkOptions('ClusterPubSub.getMessage', options, GET_MESSAGE_OPTIONS);
    // As redis-py (and PubSub): the instance's flag and the call's are OR-ed, the call cannot turn it off.
    const ignore = options.ignoreSubscribeMessages === true || this.#ignoreSubscribeMessages;
    const timeout = seconds('ClusterPubSub.getMessage', 'timeout', options.timeout, 0);
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

  /** Every message, as they come, until closed (an error of one reader does not end the stream). */
  async *listen(options: { ignoreSubscribeMessages?: boolean } = {}): AsyncGenerator<PubSubMessage<Bulk<D>>, void, undefined> {
    for (;;) {
      const message = await this.getMessage({ ...options, timeout: Infinity });
      if (message === null) return;
      yield message;
    }
  }

  /** Unsubscribes everywhere and gives the connections back; readers get null, listen() ends. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#core.nodes.events.off('refresh', this.#onRefresh);
    await Promise.all([this.#broadcast.close(), this.#shards.close()]);
    this.#queue.end();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
