import { ConnectionError } from '@aredis/resp-parser';
import type { PongMessage } from './messages.js';

/**
 * What a PING written on the subscribed connection is for: `barrier` follows a (un)subscribe
 * command (its answer means the command's confirmations have all come), `ping` is the user's
 * (its answer is also a `pong` message), `health` is the idle health check (silent).
 */
export type PingKind = 'barrier' | 'ping' | 'health';

interface Expected<V> {
  kind: PingKind;
  sentAt: number;
  resolve(data: V): void;
  reject(error: Error): void;
  /** A server error that came before the answer: the PING's promise rejects with it. */
  error: Error | undefined;
}

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Matches PING answers to the PINGs written, in order (the server answers in order, and
 * PING is the only command on a subscribed connection that has an answer of its own).
 */
export class Pinger<V> {
  readonly #expected: Expected<V>[] = [];
  #afterResubscribe: Waiter[] = [];

  constructor(private readonly onPong: (message: PongMessage<V>) => void) {}

  /** Call just before writing the PING: resolves with its answer's data. */
  expect(kind: PingKind): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.#expected.push({ kind, sentAt: Date.now(), resolve, reject, error: undefined });
    });
  }

  /** When the oldest unanswered health check was written, if one is. */
  get healthCheckSentAt(): number | undefined {
    return this.#expected.find((e) => e.kind === 'health')?.sentAt;
  }

  /** A PING answer came. */
  answered(data: V): void {
    const head = this.#expected.shift();
    if (head === undefined || head.kind === 'ping') this.onPong({ type: 'pong', pattern: null, channel: null, data });
    if (head === undefined) return;
    if (head.error !== undefined) head.reject(head.error);
    else head.resolve(data);
  }

  /** A server error came: it belongs to the command before the oldest unanswered PING. */
  failed(error: Error, otherwise: (error: Error) => void): void {
    const head = this.#expected[0];
    if (head !== undefined && head.error === undefined) head.error = error;
    else otherwise(error);
  }

  /** Resolves once the subscriptions were made again after the reconnect under way. */
  afterResubscribe(): Promise<void> {
    return new Promise<void>((resolve, reject) => this.#afterResubscribe.push({ resolve, reject }));
  }

  /**
   * The socket was replaced: no PING written on the old one will be answered. Barriers wait
   * for the resubscribe instead; the user's pings fail; health checks are dropped.
   */
  connectionLost(): void {
    const lost = new ConnectionError('PubSub: the connection was lost before the PING was answered');
    for (const expected of this.#expected.splice(0)) {
      if (expected.kind === 'barrier') {
        this.#afterResubscribe.push({ resolve: () => expected.resolve(undefined as V), reject: expected.reject });
      } else {
        expected.reject(lost);
      }
    }
  }

  /** The resubscribe after a reconnect is done (or failed with `error`). */
  resubscribed(error: Error | undefined): void {
    const waiters = this.#afterResubscribe;
    this.#afterResubscribe = [];
    for (const waiter of waiters) {
      if (error === undefined) waiter.resolve();
      else waiter.reject(error);
    }
  }

  /** Everything waiting fails (closed, or the connection is gone for good). */
  failAll(error: Error): void {
    for (const expected of this.#expected.splice(0)) expected.reject(error);
    this.resubscribed(error);
  }
}
