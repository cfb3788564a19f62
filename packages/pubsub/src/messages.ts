import { ProtocolError, type RespValue } from '@aredis/resp-parser';

/** A bulk value's type: `string` when the client decodes responses, `Buffer` otherwise. */
export type Bulk<D extends boolean> = D extends true ? string : Buffer;

/** The confirmations the server sends for (un)subscribe commands. */
export type SubscriptionType =
  | 'subscribe'
  | 'unsubscribe'
  | 'psubscribe'
  | 'punsubscribe'
  | 'ssubscribe'
  | 'sunsubscribe';

/** A message published to a channel (`message`, `smessage`) or matching a pattern (`pmessage`). */
export interface DataMessage<V> {
  type: 'message' | 'pmessage' | 'smessage';
  /** The pattern that matched, for `pmessage`; null otherwise. */
  pattern: V | null;
  channel: V;
  data: V;
}

/**
 * The server confirmed a (un)subscribe: `channel` is the channel or pattern (null for an
 * unsubscribe-all when nothing was subscribed), `data` the count of subscriptions left.
 */
export interface SubscriptionMessage<V> {
  type: SubscriptionType;
  pattern: null;
  channel: V | null;
  data: number;
}

/** The answer to `ps.ping(message)`: `data` is the message ('' without one). */
export interface PongMessage<V> {
  type: 'pong';
  pattern: null;
  channel: null;
  data: V;
}

/**
 * aredis's own: the connection was lost and is back, every channel and pattern was subscribed
 * again, and messages published in between were missed. Delivered whatever
 * `ignoreSubscribeMessages` says.
 */
export interface ReconnectMessage {
  type: 'reconnect';
  pattern: null;
  channel: null;
  data: null;
}

/** Everything `listen()` and `getMessage()` give, shaped as redis-py's message dicts. */
export type PubSubMessage<V> = DataMessage<V> | SubscriptionMessage<V> | PongMessage<V> | ReconnectMessage;

/** What an incoming frame is, before it becomes a message. */
export type Frame<V> =
  | { kind: 'message'; message: DataMessage<V> }
  | { kind: 'subscription'; message: SubscriptionMessage<V> }
  | { kind: 'pong'; data: V }
  | { kind: 'error'; error: Error };

const SUBSCRIPTION_TYPES = new Set<string>([
  'subscribe',
  'unsubscribe',
  'psubscribe',
  'punsubscribe',
  'ssubscribe',
  'sunsubscribe',
]);

/**
 * Reads one frame of a subscribed connection: a RESP3 push frame, or (RESP2, and RESP3 PING)
 * a reply no command waited for. `toValue` turns a bulk or simple string into the client's
 * value type (Buffer or string).
 */
export function readFrame<V>(frame: RespValue, toValue: (value: RespValue) => V): Frame<V> {
  if (frame instanceof Error) return { kind: 'error', error: frame };
  if (!Array.isArray(frame)) {
    // RESP3 (or RESP2 outside subscribed mode) answers PING with +PONG, or the bulk argument.
    return { kind: 'pong', data: frame === 'PONG' ? toValue('') : toValue(frame) };
  }
  const head = frame[0];
  const type = Buffer.isBuffer(head) ? head.toString('latin1') : typeof head === 'string' ? head : undefined;
  switch (type) {
    case 'message':
    case 'smessage':
      expectLength(frame, 3, type);
      return { kind: 'message', message: { type, pattern: null, channel: toValue(frame[1]), data: toValue(frame[2]) } };
    case 'pmessage':
      expectLength(frame, 4, type);
      return {
        kind: 'message',
        message: { type, pattern: toValue(frame[1]), channel: toValue(frame[2]), data: toValue(frame[3]) },
      };
    case 'pong':
      expectLength(frame, 2, type);
      return { kind: 'pong', data: toValue(frame[1]) };
    default:
      if (type !== undefined && SUBSCRIPTION_TYPES.has(type)) {
        expectLength(frame, 3, type);
        const count = frame[2];
        if (typeof count !== 'number') throw new ProtocolError(`PubSub '${type}' frame without a count`);
        const channel = frame[1] === null ? null : toValue(frame[1]);
        return { kind: 'subscription', message: { type: type as SubscriptionType, pattern: null, channel, data: count } };
      }
      throw new ProtocolError(`Unexpected PubSub frame: ${describe(head)}`);
  }
}

function expectLength(frame: RespValue[], length: number, type: string): void {
  if (frame.length !== length) throw new ProtocolError(`PubSub '${type}' frame of ${frame.length} elements, ${length} expected`);
}

function describe(value: RespValue): string {
  if (Buffer.isBuffer(value)) return JSON.stringify(value.toString('latin1'));
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}
