import { ConnectionError } from '@aredis/resp-parser';
import type { PongMessage, SubscriptionType } from './messages.js';

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
  /**
   * A barrier's commands written before its PING and not answered yet, by the confirmation
   * type each sends (`subscribe` for SUBSCRIBE, ...): a command answers with confirmations or
   * with one error, so an error while none is pending is the PING's own answer.
   */
  pending: SubscriptionType[];
  /** A command's server error that came before the answer: the barrier rejects with it. */
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

  /**
   * Call just before writing the commands and the PING: resolves with the PING's answer.
   * `commands` lists the confirmation type of each command written before it (a barrier's).
   */
  expect(kind: PingKind, commands: readonly SubscriptionType[] = []): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.#expected.push({ kind, sentAt: Date.now(), resolve, reject, pending: [...commands], error: undefined });
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

  /** A (un)subscribe confirmation came: the command of that type before the oldest PING has answered. */
  confirmed(type: SubscriptionType): void {
    const head = this.#expected[0];
    const index = head === undefined ? -1 : head.pending.indexOf(type);
    // The commands before it answered too (with confirmations, or an error already counted).
    if (index !== -1) head?.pending.splice(0, index + 1);
  }

  /**
   * A server error came: the answer of the oldest barrier's next command still to answer, or
   * else of the oldest PING itself (a refused PING: it is answered, and the next answer is
   * the next PING's). An error nothing waits for goes to `otherwise`.
   */
  failed(error: Error, otherwise: (error: Error) => void): void {
    const head = this.#expected[0];
    if (head === undefined) {
      otherwise(error);
      return;
    }
    if (head.pending.length > 0) {
      head.pending.shift();
      if (head.error === undefined) head.error = error;
      else otherwise(error);
      return;
    }
    this.#expected.shift();
    if (head.error !== undefined) head.reject(head.error);
    else if (head.kind === 'ping') head.reject(error);
    // A barrier's commands went through, a health check was answered: the refusal of the PING is no failure of theirs.
    else head.resolve(undefined as V);
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
