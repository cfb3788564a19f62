import { buildCommand, callOptionsOf, installCommands, type AnyCommandSpec, type CallOptions, type CommandMethods } from '@aredis/commands';
import type { CommandArg } from '@aredis/resp-parser';
import { PipelineError } from './errors.js';
import { genericCommand, isBlocking } from './generic-command.js';
import type { ExecuteOptions, Pipeline } from './pipeline.js';
import type { WatchMode, WatchSession } from './session.js';

/**
 * How a WatchedPipeline queues a command into its Pipeline's transaction after `multi()`.
 * The Pipeline hands it over when it makes the WatchedPipeline (this module imports no value
 * of pipeline.ts).
 */
export interface TransactionQueue {
  /**
   * Queues the command; the promise settles with its reply once execute() ran (`local`: a reply
   * known without the server, which takes its place in the results).
   */
  enqueue(
    name: string,
    args: CommandArg[],
    options: CallOptions,
    spec: AnyCommandSpec | undefined,
    local?: { readonly reply: unknown },
  ): Promise<unknown>;
  /** The command could not be queued (a bad argument): execute() raises `error`, sending nothing. */
  refuse(error: unknown): Promise<never>;
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

  /** Runs any command now, or queues it after multi(), as the client's `executeCommand` reads it. */
  executeCommand(command: string | Buffer, ...args: unknown[]): Promise<unknown> {
    const what = typeof command === 'string' ? command : 'executeCommand';
    return this.#run(what, () => {
      const generic = genericCommand(command, args, this.#session.callbacks);
      return { name: generic.name, args: generic.args, options: generic.options, spec: generic.spec };
    });
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
    if (this.#session.mode === 'done') {
      throw new PipelineError(`${what}: this WatchedPipeline is finished (execute() or reset() ran)`);
    }
  }

  /** A command, by mode: sent now, queued, or refused. `build` may throw DataError. */
  #run(what: string, build: () => BuiltCommand): Promise<unknown> {
    const session = this.#session;
    const mode = session.mode;
    if (mode === 'done') {
      return Promise.reject(new PipelineError(`${what}: this WatchedPipeline is finished (execute() or reset() ran)`));
    }
    let built: BuiltCommand;
    try {
      built = build();
    } catch (error) {
      // Queued: the transaction must not go out without it, so execute() raises it too.
      return mode === 'queued' ? this.#queue.refuse(error) : Promise.reject(error);
    }
    const local = built.local ? built.spec?.localReply?.(built.args) : undefined;
    if (mode === 'queued') return this.#queue.enqueue(built.name, built.args, built.options, built.spec, local === undefined ? undefined : { reply: local });
    if (local !== undefined) return Promise.resolve(local);
    return session.send(built.name, built.args, built.options, isBlocking(built.spec, built.args), built.spec?.neverDecode === true);
  }

  static {
    installCommands(WatchedPipeline.prototype, function run(this: unknown, spec: AnyCommandSpec, args: unknown[]) {
      const watched = this as WatchedPipeline<boolean>;
      return watched.#run(spec.name, () => ({
        name: spec.name,
        args: buildCommand(spec, args),
        options: callOptionsOf(spec, args),
        spec,
        local: true,
      }));
    });
  }
}

interface BuiltCommand {
  name: string;
  args: CommandArg[];
  options: CallOptions;
  spec: AnyCommandSpec | undefined;
  /** A declared method's call, whose declaration may answer it locally (executeCommand's never is). */
  local?: boolean;
}

// The command methods' types: promises of replies, as on the client.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface WatchedPipeline<D extends boolean = false> extends CommandMethods<D> {}
