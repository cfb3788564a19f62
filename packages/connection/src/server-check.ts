import { BusyLoadingError, ResponseError } from '@aredis/resp-parser';
import { splitResendable } from './command-words.js';
import type { PendingReply } from './pending.js';

/** What the check asks of its connection. */
export interface CheckHooks {
  /** Writes a PING ahead of everything waiting; settles with its reply. */
  ping(): Promise<unknown>;
  /** Whether the connection is still checking (not lost or closed meanwhile). */
  checking(): boolean;
  /** The server answers: write what waits. */
  serving(): void;
  /** No answer: the connection is taken for dead. */
  dead(error: Error): void;
}

/**
 * A PING before the connection writes more (its commands wait meanwhile): after a long
 * silence (healthCheckInterval), or while the server loads its data set. PONG, or any answer
 * but LOADING, means it serves; LOADING waits (50 ms, doubling up to 0.5 s) and asks again;
 * an error of the connection (no answer in time) means it is dead. One PING at a time.
 */
export class ServerCheck {
  /** The server is loading: its last LOADING error, until it serves. */
  loading: BusyLoadingError | undefined = undefined;
  readonly #hooks: CheckHooks;
  /** The commands of a transaction refused in this loading episode: they fail, never go again. */
  #unresendable: ReadonlySet<PendingReply> | undefined = undefined;
  #probes = 0;
  #busy = false;
  #timer: NodeJS.Timeout | undefined = undefined;

  constructor(hooks: CheckHooks) {
    this.#hooks = hooks;
  }

  /** Checks now, unless a check is already under way. */
  start(): void {
    this.#schedule(0);
  }

  /**
   * The server refused `pending` with LOADING (`inflight`: what follows it). Answers whether
   * it waits for the server (`true`) or fails, being part of a transaction that cannot be
   * split. Starts the checks.
   */
  refused(pending: PendingReply, error: BusyLoadingError, inflight: readonly PendingReply[]): boolean {
    // A new episode: the commands in flight that belong to a transaction cannot go again.
    if (this.loading === undefined) this.#unresendable = new Set(splitResendable([pending, ...inflight]).refuse);
    this.loading = error;
    if (this.#unresendable?.has(pending) === true) return false;
    this.#schedule(this.#loadingDelay());
    return true;
  }

  /** Forgets everything (the socket was lost or closed). */
  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#busy = false;
    this.#reset();
  }

  #reset(): void {
    this.loading = undefined;
    this.#unresendable = undefined;
    this.#probes = 0;
  }

  #loadingDelay(): number {
    return Math.min(500, 50 * 2 ** this.#probes++);
  }

  #schedule(delay: number): void {
    if (this.#busy) return;
    this.#busy = true;
    if (delay > 0) this.#timer = setTimeout(this.#ping, delay);
    else this.#ping();
  }

  readonly #ping = (): void => {
    this.#timer = undefined;
    if (!this.#hooks.checking()) {
      this.#busy = false;
      return;
    }
    this.#hooks.ping().then(
      () => this.#answered(undefined),
      (error: Error) => this.#answered(error),
    );
  };

  #answered(error: Error | undefined): void {
    this.#busy = false;
    if (!this.#hooks.checking()) return;
    if (error instanceof BusyLoadingError) {
      this.loading = error;
      this.#schedule(this.#loadingDelay());
    } else if (error === undefined || error instanceof ResponseError) {
      this.#reset();
      this.#hooks.serving();
    } else {
      this.#hooks.dead(error);
    }
  }
}
