import type { AbstractConnection, SendOptions } from '@aredis/connection';
import { prefixKeys, type CallOptions, type KeyPrefix, type ResponseCallback } from '@aredis/commands';
import { ConnectionError, WatchError, type CommandArg } from '@aredis/resp-parser';
import type { PipelineHost } from './host.js';

/**
 * What the commands of a WatchedPipeline do: run at once (`immediate`, after WATCH), queue
 * into the transaction (`queued`, after `multi()`, or from the start in a transaction()
 * without watched keys), or nothing (`done`: executed or reset).
 */
export type WatchMode = 'immediate' | 'queued' | 'done';

/**
 * A pipeline's connection of its own while it watches keys: commands run at once on it
 * (immediate mode) until `multi()`, then the transaction is sent on it and it goes back.
 *
 * WATCH lives on one server connection: when the connection is re-established (the
 * connection reconnects by itself) the watches are gone, so the session is marked `broken`
 * and the pipeline raises WatchError instead of running a transaction nothing protects.
 */
export class WatchSession {
  readonly connection: AbstractConnection;
  readonly #host: PipelineHost;
  /** What the WatchedPipeline's commands do now; `immediate` until multi(), `done` once closed. */
  mode: WatchMode = 'immediate';
  /** WATCH was sent and neither EXEC nor UNWATCH has cleared it. */
  watching = false;
  /** The connection was re-established while watching: the server forgot the watches. */
  broken = false;
  #closed = false;
  readonly #onConnect = (): void => {
    if (this.watching) this.broken = true;
  };

  private constructor(host: PipelineHost, connection: AbstractConnection) {
    this.#host = host;
    this.connection = connection;
    connection.on('connect', this.#onConnect);
  }

  static async open(host: PipelineHost): Promise<WatchSession> {
    return new WatchSession(host, await host.pool.acquire());
  }

  /** The client's response callbacks. */
  get callbacks(): ReadonlyMap<string, ResponseCallback> {
    return this.#host.callbacks;
  }

  /** The client's `keyPrefix` (the WatchedPipeline's surface puts it on the commands it sends). */
  get keyPrefix(): KeyPrefix | undefined {
    return this.#host.keyPrefix;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Runs one command now (its keys prefixed already), shaped by the client's callback for
   * `name` (a Buffer reply when `neverDecode`).
   */
  send(name: string, args: readonly CommandArg[], callOptions: CallOptions, blocking: boolean, neverDecode = false): Promise<unknown> {
    const host = this.#host;
    try {
      host.checkCommand?.(args);
    } catch (error) {
      return Promise.reject(error);
    }
    let options: SendOptions | undefined = host.sendOptions;
    // A blocking command waits as long as it must: only a per-call timeout applies (as on the client).
    if (blocking) options = { timeout: options?.timeout ?? 0, signal: options?.signal };
    if (neverDecode) options = { ...options, returnBuffers: true };
    const reply = this.connection.send(args, options, host.callbacks.get(name), callOptions);
    if (!this.watching) return reply;
    // As redis-py: losing the connection while watching means the watches are gone; say so
    // with WatchError, which transaction() answers by starting again.
    return reply.catch((error: unknown) => {
      if (!(error instanceof ConnectionError) || !this.watching) throw error;
      this.broken = true;
      throw new WatchError('The connection was lost while watching: the watched keys may have changed', { cause: error });
    });
  }

  /**
   * Throws WatchError unless the transaction can go out now on the connection WATCH was sent
   * on: not broken, and ready (a reconnecting connection would send it on a new one).
   */
  readonly guard = (): void => {
    if (this.broken || !this.connection.isReady) {
      this.broken = true;
      throw new WatchError('The connection was lost while watching: the watched keys may have changed');
    }
  };

  /**
   * Runs the connection's health check now, when it is due, rather than let it hold the
   * transaction in the offline queue (where a failed check would send it on a new socket).
   */
  async freshen(): Promise<void> {
    const interval = this.connection.options.healthCheckInterval ?? 0; // seconds, as idleTime
    if (interval > 0 && this.connection.idleTime > interval) await this.send('PING', ['PING'], {}, false);
  }

  async watch(keys: readonly (string | Buffer)[]): Promise<void> {
    await this.connection.send(prefixKeys(['WATCH', ...keys], this.#host.keyPrefix), this.#host.sendOptions);
    this.watching = true;
  }

  async unwatch(): Promise<void> {
    await this.connection.send(['UNWATCH'], this.#host.sendOptions);
    this.watching = false;
  }

  /** Ends the session: UNWATCH when still watching, then the connection goes back to the pool. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.mode = 'done';
    this.connection.off('connect', this.#onConnect);
    let clean = !this.broken;
    if (this.watching && clean) {
      try {
        await this.unwatch();
      } catch {
        clean = false;
      }
    }
    // The pool also closes it when replies are still owed (a timed-out command).
    this.#host.pool.release(this.connection, clean ? undefined : { close: true });
  }
}
