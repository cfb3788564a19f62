import type { CommandMethods } from '@aredis/commands';
import { PipelineError } from './errors.js';
import { isBlocking } from './generic-command.js';
import type { ExecuteOptions, Pipeline } from './pipeline.js';
import type { WatchMode, WatchSession } from './session.js';
import { installCallSurface, type CallSurface, type TransactionQueue } from './surface.js';

function finished(what: string): PipelineError {
  return new PipelineError(`${what}: this WatchedPipeline is finished (execute() or reset() ran)`);
}

/**
 * The object redis-py's transaction function gets, as `await p.watch('k')` (or
 * `r.transaction(fn, 'k')`) gives it. Every command method returns a promise of its reply,
 * shaped as on the client, in every mode:
 * - after WATCH (`immediate`): the command runs at once on the pipeline's own connection;
 * - after `multi()` or `unwatch()`, or in a transaction() without watched keys (`queued`):
 *   the command is queued into the transaction and its promise
 *   settles once `execute()` ran. A caller may ignore it (it never becomes an unhandled
 *   rejection; errors surface through `execute()`), but must not await it before
 *   `execute()` (that rejects at once with PipelineError instead of waiting forever);
 * - after `execute()` or `reset()` (`done`): commands reject with PipelineError.
 *
 * `multi()` also returns the Pipeline, whose methods chain: `pipe.multi().set(a).incr(b)`
 * queues into the same transaction.
 */
export class WatchedPipeline<D extends boolean = false> {
  readonly #pipeline: Pipeline<D>;
  readonly #session: WatchSession;
  readonly #queue: TransactionQueue;

  constructor(pipeline: Pipeline<D>, session: WatchSession, queue: TransactionQueue) {
    this.#pipeline = pipeline;
    this.#session = session;
    this.#queue = queue;
  }

  /** The pipeline this belongs to (what multi() returns). */
  get pipeline(): Pipeline<D> {
    return this.#pipeline;
  }

  /** `immediate` (commands run at once), `queued` (they queue into the transaction), or `done`. */
  get mode(): WatchMode {
    return this.#session.mode;
  }

  /** Commands run at once (after WATCH, before multi()). */
  get immediate(): boolean {
    return this.#session.mode === 'immediate';
  }

  /** Still usable: before execute() or reset(). */
  get active(): boolean {
    return this.#session.mode !== 'done';
  }

  /** WATCH is in force. */
  get watching(): boolean {
    return this.active && this.#session.watching;
  }

  /** WATCHes more keys (before multi()). */
  async watch(...keys: (string | Buffer)[]): Promise<this> {
    this.#check('WATCH');
    await this.#pipeline.watch(...keys);
    return this;
  }

  /**
   * UNWATCH: forgets every watched key. As in redis-py, with nothing watched the commands
   * that follow queue (into MULTI/EXEC) instead of running at once; `watch()` again goes
   * back to immediate mode.
   */
  async unwatch(): Promise<void> {
    this.#check('UNWATCH');
    if (this.#session.mode !== 'immediate') throw new PipelineError('UNWATCH cannot come after MULTI');
    await this.#session.unwatch();
    if (this.#session.mode === 'immediate') this.#session.mode = 'queued';
  }

  /**
   * Starts the transaction: from here this object's commands (and the Pipeline's) queue into
   * it. Returns the Pipeline, for chaining (`pipe.multi().set('a', 1).incr('b')`).
   */
  multi(): Pipeline<D> {
    this.#check('MULTI');
    return this.#pipeline.multi();
  }

  /** Sends the transaction (the Pipeline's execute()): the replies of the queued commands, in order. */
  execute(options?: ExecuteOptions): Promise<unknown[]> {
    return this.#pipeline.execute(options);
  }

  /** UNWATCHes, gives the connection back, and empties the pipeline (as Pipeline.reset()). */
  reset(): Promise<void> {
    return this.#pipeline.reset();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.reset();
  }

  #check(what: string): void {
    if (this.#session.mode === 'done') throw finished(what);
  }

  static {
    // The promise surface (surface.ts), as on the clients: by the session's mode, a command is
    // sent now on its connection (keys prefixed), queued into the transaction (a bad argument
    // is refused there too, so execute() raises it), or refused (done).
    installCallSurface<WatchedPipeline<boolean>>(WatchedPipeline.prototype, {
      core: (watched) => watched.#session,
      send: (watched, name, command, spec, callOptions) =>
        watched.#session.send(name, command, callOptions, isBlocking(spec, command), spec?.neverDecode === true),
      queueing: (watched, what) => {
        const mode = watched.#session.mode;
        if (mode === 'immediate') return undefined;
        if (mode === 'queued') return watched.#queue;
        throw finished(what);
      },
    });
  }
}

// The command methods' types: promises of replies, as on the client.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface WatchedPipeline<D extends boolean = false> extends CommandMethods<D>, CallSurface {}
