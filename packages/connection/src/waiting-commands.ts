import Denque from 'denque';
import { TimeoutError } from '@aredis/resp-parser';
import type { DeadlineTimer } from './deadline-timer.js';
import type { Command } from './options.js';
import type { PendingReply } from './pending.js';
import { failAll } from './socket-link.js';

/**
 * The commands of a connection that wait to be written: issued while it (re)connects or
 * checks its server (the offline queue), put back after a lost socket never took them, and
 * those a loading server refused (held until it serves). None of them has run. Each waits at
 * most its own timeout, or `socketConnectTimeout` when it has none.
 */
export class WaitingCommands {
  readonly #queue = new Denque<PendingReply>();
  /** Refused with LOADING, in order: they go back ahead of the queue once the server serves. */
  readonly #held = new Denque<PendingReply>();
  readonly #connectTimeout: number;
  readonly #deadlines: DeadlineTimer;

  constructor(connectTimeout: number, deadlines: DeadlineTimer) {
    this.#connectTimeout = connectTimeout;
    this.#deadlines = deadlines;
  }

  /** In the offline queue (held ones included). */
  get length(): number {
    return this.#queue.length + this.#held.length;
  }

  /** A command issued while the connection cannot write: waits at the back. */
  push(pending: PendingReply): void {
    this.#queue.push(pending);
    this.#bound(pending, Date.now());
  }

  /** A command refused by a loading server: held until `releaseHeld()`. */
  hold(pending: PendingReply): void {
    this.#held.push(pending);
    this.#bound(pending, Date.now());
  }

  /** Commands that never ran go back at the head, in their order, ahead of those issued since. */
  requeue(entries: readonly PendingReply[]): void {
    const now = Date.now();
    for (let i = entries.length - 1; i >= 0; i--) {
      const pending = entries[i] as PendingReply;
      if (pending.done) continue;
      this.#queue.unshift(pending);
      this.#bound(pending, now);
    }
  }

  /** The held commands go back at the head of the queue (they were issued before anything in it). */
  releaseHeld(): void {
    if (this.#held.length === 0) return;
    const held = this.#held.toArray();
    this.#held.clear();
    this.requeue(held);
  }

  /** Fails the held commands (when they cannot wait for another connection). */
  failHeld(error: Error): void {
    failAll(this.#held, error);
  }

  failAll(error: Error): void {
    failAll(this.#held, error);
    failAll(this.#queue, error);
  }

  /** Writes the queue in order (skipping given-up commands) while `canWrite()` holds. */
  drain(write: (pending: PendingReply, args: Command) => void, canWrite: () => boolean): void {
    const queue = this.#queue;
    let pending: PendingReply | undefined;
    while (canWrite() && (pending = queue.shift()) !== undefined) {
      const args = pending.args;
      if (pending.done || args === undefined) continue;
      pending.connectBy = 0;
      write(pending, args);
    }
  }

  /**
   * Fails what waited too long: past its deadline with a TimeoutError, past `connectBy` with
   * `waitedInVain()`. Returns the next time (ms) something is due, or Infinity.
   */
  sweep(now: number, description: string, waitedInVain: () => Error): number {
    let next = Infinity;
    let error: Error | undefined;
    for (const queue of [this.#queue, this.#held]) {
      for (let i = 0, n = queue.length; i < n; i++) {
        const pending = queue.peekAt(i) as PendingReply;
        if (pending.done) continue;
        const limit = pending.deadline !== 0 ? pending.deadline : pending.connectBy;
        if (limit === 0) continue;
        if (limit > now) {
          if (limit < next) next = limit;
        } else if (pending.deadline !== 0) {
          pending.fail(new TimeoutError(`Timeout waiting for the reply from ${description}`));
        } else {
          error ??= waitedInVain();
          pending.fail(error);
        }
      }
    }
    return next;
  }

  /** A command without a deadline of its own waits at most socketConnectTimeout. */
  #bound(pending: PendingReply, now: number): void {
    if (pending.deadline !== 0 || this.#connectTimeout === 0) return;
    pending.connectBy = now + this.#connectTimeout;
    this.#deadlines.schedule(pending.connectBy);
  }
}
