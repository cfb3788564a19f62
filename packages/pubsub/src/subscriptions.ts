import { DataError } from '@aredis/resp-parser';
import type { DataMessage } from './messages.js';

/** A channel or pattern name as the user gives it. */
export type ChannelName = string | Buffer;

/** Gets the messages of a channel or pattern instead of the queue; may be async. */
export type MessageHandler<V> = (message: DataMessage<V>) => unknown;

/**
 * Channel (or pattern) → handler, as `subscribe({ news: (m) => … })` takes it; a Map takes
 * Buffer names too (`subscribe(new Map([[Buffer.from([0xff]), handler]]))`), as redis-py's
 * `Subscription(name, handler)` does.
 */
export type HandlerMap<V> = Readonly<Record<string, MessageHandler<V>>> | ReadonlyMap<ChannelName, MessageHandler<V>>;

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
  /**
   * `leaving`: UNSUBSCRIBE was sent and not yet confirmed (kept for its handler, not
   * resubscribed); `left`: the server confirmed, and the confirmation waits to be read (the
   * entry goes when it is read, as redis-py forgets a channel when it handles the message).
   */
  state: 'active' | 'leaving' | 'left';
}

/** A confirmed unsubscribe not read yet: reading it forgets the entry (`Subscriptions.forget`). */
export interface LeftEntry {
  readonly kind: SubscriptionKind;
  readonly key: string;
  readonly entry: object;
}

/**
 * What one PubSub is subscribed to, by kind, keyed by the name's bytes (so a Buffer and the
 * string of the same bytes are one channel). An entry goes when the server's confirmation of
 * its unsubscribe is read; a reconnect subscribes again to every entry still active.
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
    this.#kinds[kind].set(this.keyOf(name), { name, handler, state: 'active' });
    this.used.add(kind);
  }

  /** Marks names (all of the kind when none) as leaving, until the server confirms. */
  markLeaving(kind: SubscriptionKind, names: readonly ChannelName[]): void {
    const map = this.#kinds[kind];
    const entries = names.length === 0 ? [...map.values()] : names.map((name) => map.get(this.keyOf(name)));
    for (const entry of entries) if (entry?.state === 'active') entry.state = 'leaving';
  }

  /**
   * The server confirmed an unsubscribe (`name` null: it had nothing of the kind): the entry
   * is `left`, and goes when the confirmation is read (`forget` with what this returns).
   */
  confirmLeft(kind: SubscriptionKind, name: ChannelName | null): LeftEntry | undefined {
    if (name === null) return undefined;
    const key = this.keyOf(name);
    const entry = this.#kinds[kind].get(key);
    if (entry?.state !== 'leaving') return undefined;
    entry.state = 'left';
    return { kind, key, entry };
  }

  /** A confirmation was read: its entry goes, unless the name was subscribed again since. */
  forget(left: LeftEntry): void {
    const map = this.#kinds[left.kind];
    if (map.get(left.key) === left.entry) map.delete(left.key);
  }

  handlerFor(message: DataMessage<V>): MessageHandler<V> | undefined {
    const name = message.type === 'pmessage' ? message.pattern : message.channel;
    if (name === null) return undefined;
    const kind: SubscriptionKind = message.type === 'pmessage' ? 'pattern' : message.type === 'smessage' ? 'shard' : 'channel';
    return this.#kinds[kind].get(this.keyOf(name as unknown as ChannelName))?.handler;
  }

  /** The names of a kind (leaving ones too, until the confirmation is read). */
  names(kind: SubscriptionKind): ChannelName[] {
    return [...this.#kinds[kind].values()].map((entry) => entry.name);
  }

  /** Names of a kind that have no handler (run() refuses them without onMessage). */
  withoutHandler(kind: SubscriptionKind): ChannelName[] {
    return [...this.#kinds[kind].values()].filter((e) => e.handler === undefined && e.state === 'active').map((e) => e.name);
  }

  /**
   * For a reconnect: forget leaving entries (the old socket will confirm nothing); the active
   * ones are to be subscribed again (left ones wait for their confirmation to be read).
   */
  toResubscribe(kind: SubscriptionKind): ChannelName[] {
    const map = this.#kinds[kind];
    for (const [key, entry] of map) if (entry.state === 'leaving') map.delete(key);
    return [...map.values()].filter((entry) => entry.state === 'active').map((entry) => entry.name);
  }

  /** Every entry, left ones included until their confirmation is read (what `subscribed` says). */
  get size(): number {
    return this.#kinds.channel.size + this.#kinds.pattern.size + this.#kinds.shard.size;
  }

  /** Entries the server still holds as far as the client knows (not confirmed as left). */
  get unconfirmed(): number {
    let count = 0;
    for (const kind of Object.values(this.#kinds)) for (const entry of kind.values()) if (entry.state !== 'left') count++;
    return count;
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
    } else if (arg instanceof Map || (arg !== null && typeof arg === 'object' && !Array.isArray(arg) && !ArrayBuffer.isView(arg))) {
      const entries: [unknown, unknown][] = arg instanceof Map ? [...(arg as Map<unknown, unknown>)] : Object.entries(arg);
      for (const [name, handler] of entries) {
        if (typeof name !== 'string' && !Buffer.isBuffer(name)) {
          throw new DataError(`${what}: argument ${index + 1} has a key that is not a channel name (string or Buffer)`);
        }
        if (typeof handler !== 'function') {
          throw new DataError(`${what}: the handler of '${String(name)}' must be a function, got ${typeof handler}`);
        }
        pairs.push([name, handler as MessageHandler<V>]);
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
