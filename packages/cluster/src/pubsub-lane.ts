import { PubSub, type Bulk, type ChannelName, type HandlerMap, type MessageHandler, type PubSubMessage, type PubSubOptions } from '@aredis/pubsub';
import { ConnectionError, DataError } from '@aredis/resp-parser';
import type { ClusterCore } from './execute.js';
import type { NodeKey } from './slot-map.js';

/** One subscription the user asked for: its name as given, and its handler if any. */
export interface Wanted<D extends boolean> {
  readonly name: ChannelName;
  readonly handler: MessageHandler<Bulk<D>> | undefined;
}

/** The text a channel or pattern is keyed by (its UTF-8 bytes). */
export function nameOf(channel: ChannelName | null): string {
  if (channel === null) return '';
  return Buffer.isBuffer(channel) ? channel.toString('utf8') : channel;
}

/** `subscribe('a', { b: handler })` → the wanted entries, checked. */
export function parseWanted<D extends boolean>(what: string, items: readonly (ChannelName | HandlerMap<Bulk<D>>)[]): Wanted<D>[] {
  const out: Wanted<D>[] = [];
  for (const item of items) {
    if (typeof item === 'string' || Buffer.isBuffer(item)) out.push({ name: item, handler: undefined });
    else if (item !== null && typeof item === 'object') {
      // A Map takes Buffer names (redis-py's Subscription(name, handler)).
      const entries: [unknown, unknown][] = item instanceof Map ? [...(item as Map<unknown, unknown>)] : Object.entries(item);
      for (const [name, handler] of entries) {
        if (typeof name !== 'string' && !Buffer.isBuffer(name)) throw new DataError(`${what}: a handler's key must be a channel name (string or Buffer)`);
        if (typeof handler !== 'function') throw new DataError(`${what}: the handler of '${String(name)}' must be a function`);
        out.push({ name, handler: handler as MessageHandler<Bulk<D>> });
      }
    } else throw new DataError(`${what}: channels must be strings, Buffers or objects of name → handler`);
  }
  if (out.length === 0) throw new DataError(`${what}: needs at least one channel`);
  return out;
}

/**
 * Keyspace and keyevent notifications are published on the node where the key lives only
 * (not across the cluster bus, as PUBLISH is): their channels are node-local.
 */
export function isNodeLocal(channel: unknown): boolean {
  const text = Buffer.isBuffer(channel) ? channel.toString('latin1', 0, 12) : typeof channel === 'string' ? channel : '';
  return text.startsWith('__keyspace@') || text.startsWith('__keyevent@');
}

/**
 * One PubSub on one node, read in the background: every message (confirmations included) goes
 * to `onMessage` with the lane; the handlers are the ClusterPubSub's to call. When the node is
 * lost (the PubSub's connection cannot be made again), `onLost` is called once.
 */
export class Lane<D extends boolean> {
  readonly node: NodeKey;
  readonly pubsub: PubSub<D>;
  #closing = false;
  #lost = false;

  constructor(
    core: ClusterCore,
    node: NodeKey,
    options: PubSubOptions,
    onMessage: (lane: Lane<D>, message: PubSubMessage<Bulk<D>>) => unknown,
    onError: (error: unknown) => void,
    onLost: (lane: Lane<D>) => void,
  ) {
    this.node = node;
    this.pubsub = new PubSub<D>(core.nodes.pool(node), { ...options, ignoreSubscribeMessages: false });
    const run = this.pubsub.run({
      ignoreSubscribeMessages: false,
      onMessage: (message) => onMessage(this, message),
      // A lost connection is not the reader's error: the lane is replaced (onLost).
      onError: (error) => {
        if (!this.#closing && !(error instanceof ConnectionError)) onError(error);
      },
    });
    // The loop ends when closed, or when the connection is gone for good: the node was lost.
    void run.finished.catch(() => undefined).then(() => {
      if (this.#closing) return;
      this.#lost = true;
      onLost(this);
    });
  }

  get closing(): boolean {
    return this.#closing;
  }

  /** Its node was lost: it will never deliver again. */
  get lost(): boolean {
    return this.#lost;
  }

  /** Closes the PubSub (unsubscribing when the node still answers). */
  async close(): Promise<void> {
    this.#closing = true;
    await this.pubsub.close().catch(() => undefined);
  }
}
