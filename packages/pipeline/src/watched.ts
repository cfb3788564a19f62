import { callOptions, installCommands, type AnyCommandSpec, type CommandMethods } from '@aredis/commands';
import type { CommandArg } from '@aredis/resp-parser';
import { PipelineError } from './errors.js';
import { genericCommand, isBlocking } from './generic-command.js';
import type { WatchSession } from './session.js';
import { SESSION_LIVE, type Pipeline } from './pipeline.js';

/**
 * A pipeline in immediate mode, as `await p.watch('k')` gives it: its commands run at once on
 * the pipeline's own connection and return promises of their replies (shaped as on the
 * client). `multi()` ends immediate mode and returns the Pipeline, whose commands queue the
 * transaction; from then on (or after `reset()`/`execute()`) this object's commands reject
 * with PipelineError, so that each object's types stay true: a Pipeline's methods always
 * chain, a WatchedPipeline's always return promises.
 */
export class WatchedPipeline<D extends boolean = false> {
  readonly #pipeline: Pipeline<D>;
  readonly #session: WatchSession;

  constructor(pipeline: Pipeline<D>, session: WatchSession) {
    this.#pipeline = pipeline;
    this.#session = session;
  }

  /** The pipeline this belongs to (what multi() returns). */
  get pipeline(): Pipeline<D> {
    return this.#pipeline;
  }

  /** Still in immediate mode (before multi(), reset() or execute()). */
  get active(): boolean {
    return this.#pipeline[SESSION_LIVE](this.#session);
  }

  /** WATCH is in force. */
  get watching(): boolean {
    return this.active && this.#session.watching;
  }

  /** WATCHes more keys. */
  async watch(...keys: (string | Buffer)[]): Promise<this> {
    this.#check('WATCH');
    await this.#pipeline.watch(...keys);
    return this;
  }

  /** UNWATCH: forgets every watched key; commands still run at once until multi(). */
  async unwatch(): Promise<void> {
    this.#check('UNWATCH');
    await this.#session.unwatch();
  }

  /** Ends immediate mode: returns the Pipeline, whose commands now queue the transaction. */
  multi(): Pipeline<D> {
    this.#check('MULTI');
    return this.#pipeline.multi();
  }

  /** Runs any command now, as the client's `executeCommand` does. */
  executeCommand(command: string | Buffer, ...args: unknown[]): Promise<unknown> {
    try {
      this.#check(typeof command === 'string' ? command : 'executeCommand');
      const generic = genericCommand(command, args, this.#session.callbacks);
      return this.#session.send(generic.name, generic.args, generic.options, isBlocking(generic.spec, generic.args));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** UNWATCHes, gives the connection back, and empties the pipeline (as Pipeline.reset()). */
  reset(): Promise<void> {
    return this.#pipeline.reset();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.reset();
  }

  #check(what: string): void {
    if (!this.active) {
      throw new PipelineError(
        `${what}: this WatchedPipeline is finished (multi(), execute() or reset() was called); use the Pipeline`,
      );
    }
  }

  static {
    installCommands(WatchedPipeline.prototype, function run(this: unknown, spec: AnyCommandSpec, args: unknown[]) {
      const watched = this as WatchedPipeline<boolean>;
      try {
        watched.#check(spec.name);
        const command = (spec.build as (...a: unknown[]) => CommandArg[])(...args);
        return watched.#session.send(spec.name, command, callOptions(args), isBlocking(spec, command));
      } catch (error) {
        return Promise.reject(error);
      }
    });
  }
}

// The command methods' types: promises of replies, as on the client.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface WatchedPipeline<D extends boolean = false> extends CommandMethods<D> {}
