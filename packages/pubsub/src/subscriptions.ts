import { DataError } from '@aredis/resp-parser';
import type { DataMessage } from './messages.js';

/** A channel or pattern name as the user gives it. */
export type ChannelName = string | Buffer;

/** Gets the messages of a channel or pattern instead of the queue; may be async. */
export type MessageHandler<V> = (message: DataMessage<V>) => unknown;

/** Channel (or pattern) → handler, as `subscribe({ news: (m) => … })` takes it. */
export type HandlerMap<V> = Readonly<Record<string, MessageHandler<V>>>;

/** The three kinds of subscription and their commands. */
export type SubscriptionKind = 'channel' | 'pattern' | 'shard';

export const SUBSCRIBE_COMMAND: Readonly<Record<SubscriptionKind, string>> = {
  channel: 'SUBSCRIBE',
  pattern: 'PSUBSCRIBE',
  shard: 'SSUBSCRIBE',
};
export const UNSUBSCRIBE_COMMAND: Readonly<Record<SubscriptionKind, string>> = {
  channel: 'UNSUBSCRIBE',
  pattern: 'PUNSUBSCRIBE',
  shard: 'SUNSUBSCRIBE',
};

interface Entry<V> {
  name: ChannelName;
  handler: MessageHandler<V> | undefined;
  /** UNSUBSCRIBE was sent and not yet confirmed: kept for its handler, not resubscribed. */
  leaving: boolean;
}

/**
 * What one PubSub is subscribed to, by kind, keyed by the name's bytes (so a Buffer and the
 * string of the same bytes are one channel). An entry goes when the server confirms its
 * unsubscribe; a reconnect subscribes again to every entry not leaving.
 */
export class Subscriptions<V> {
  readonly #kinds: Record<SubscriptionKind, Map<string, Entry<V>>> = {
    channel: new Map(),
    pattern: new Map(),
    shard: new Map(),
  };
  /** Kinds ever subscribed to on this connection (what `close()` must unsubscribe from). */
  readonly used = new Set<SubscriptionKind>();

  constructor(private readonly encoding: BufferEncoding) {}

  /** The key of a name or of a channel in a message (Buffer or decoded string). */
  keyOf(name: ChannelName): string {
    return (Buffer.isBuffer(name) ? name : Buffer.from(name, this.encoding)).toString('latin1');
  }

  add(kind: SubscriptionKind, name: ChannelName, handler: MessageHandler<V> | undefined): void {
    this.#kinds[kind].set(this.keyOf(name), { name, handler, leaving: false });
    this.used.add(kind);
  }

  /** Marks names (all of the kind when none) as leaving, until the server confirms. */
  markLeaving(kind: SubscriptionKind, names: readonly ChannelName[]): void {
    const map = this.#kinds[kind];
    if (names.length === 0) {
      for (const entry of map.values()) entry.leaving = true;
      return;
    }
    for (const name of names) {
      const entry = map.get(this.keyOf(name));
      if (entry !== undefined) entry.leaving = true;
    }
  }

  /** The server confirmed an unsubscribe (`name` null: it had nothing of the kind). */
  confirmLeft(kind: SubscriptionKind, name: ChannelName | null): void {
    if (name === null) return;
    const map = this.#kinds[kind];
    const key = this.keyOf(name);
    if (map.get(key)?.leaving === true) map.delete(key);
  }

  handlerFor(message: DataMessage<V>): MessageHandler<V> | undefined {
    const name = message.type === 'pmessage' ? message.pattern : message.channel;
    if (name === null) return undefined;
    const kind: SubscriptionKind = message.type === 'pmessage' ? 'pattern' : message.type === 'smessage' ? 'shard' : 'channel';
    return this.#kinds[kind].get(this.keyOf(name as unknown as ChannelName))?.handler;
  }

  /** The names of a kind (leaving ones too until the server confirms). */
  names(kind: SubscriptionKind): ChannelName[] {
    return [...this.#kinds[kind].values()].map((entry) => entry.name);
  }

  /** Names of a kind that have no handler (run() refuses them without onMessage). */
  withoutHandler(kind: SubscriptionKind): ChannelName[] {
    return [...this.#kinds[kind].values()].filter((e) => e.handler === undefined && !e.leaving).map((e) => e.name);
  }

  /** For a reconnect: forget leaving entries; what remains is to be subscribed again. */
  toResubscribe(kind: SubscriptionKind): ChannelName[] {
    const map = this.#kinds[kind];
    for (const [key, entry] of map) if (entry.leaving) map.delete(key);
    return [...map.values()].map((entry) => entry.name);
  }

  get size(): number {
    return this.#kinds.channel.size + this.#kinds.pattern.size + this.#kinds.shard.size;
  }
}

/**
 * Splits `subscribe('a', b, { c: fn })` arguments into (name, handler) pairs, checking them.
 * `what` names the method for the DataError.
 */
export function parseSubscribeArgs<V>(
  what: string,
  args: readonly (ChannelName | HandlerMap<V>)[],
): [ChannelName, MessageHandler<V> | undefined][] {
  const pairs: [ChannelName, MessageHandler<V> | undefined][] = [];
  args.forEach((arg, index) => {
    if (typeof arg === 'string' || Buffer.isBuffer(arg)) {
      pairs.push([arg, undefined]);
    } else if (arg !== null && typeof arg === 'object' && !Array.isArray(arg)) {
      for (const [name, handler] of Object.entries(arg)) {
        if (typeof handler !== 'function') {
          throw new DataError(`${what}: the handler of '${name}' must be a function, got ${typeof handler}`);
        }
        pairs.push([name, handler]);
      }
    } else {
      throw new DataError(
        `${what}: argument ${index + 1} must be a channel name (string or Buffer) or an object of handlers`,
      );
    }
  });
  if (pairs.length === 0) throw new DataError(`${what}: at least one name is needed`);
  return pairs;
}

/** Checks unsubscribe names (none: every one of the kind). */
export function checkNames(what: string, names: readonly ChannelName[]): void {
  names.forEach((name, index) => {
    if (typeof name !== 'string' && !Buffer.isBuffer(name)) {
      throw new DataError(`${what}: argument ${index + 1} must be a string or Buffer`);
    }
  });
}
