import type { AbstractConnection } from '@aredis/connection';
import { prefixKeys, type AnyCommandSpec, type CallOptions, type ChainedCommandMethods } from '@aredis/commands';
import { DataError, WatchError, type CommandArg } from '@aredis/resp-parser';
import { checkOptions } from '@aredis/resp-parser/internal';
import { PipelineError } from './errors.js';
import { isBlocking } from './generic-command.js';
import type { PipelineHost } from './host.js';
import { checkEncodable, failReplies, settleReplies, type QueuedCommand } from './queued.js';
import { QueuedReply, type Batch } from './queued-reply.js';
import { decodeExecReply, replyModes, withLocal, withoutLocal } from './local-and-binary.js';
import { firstError, plainResults, transactionResults } from './replies.js';
import { loadScripts, type PipelineScript } from './scripts.js';
import { sendAll } from './send-all.js';
import { WatchSession } from './session.js';
import { installPipelineSurface, type PipelineSurface, type TransactionQueue } from './surface.js';
import { WatchedPipeline } from './watched.js';

export interface PipelineOptions {
  /** Wrap the commands in MULTI/EXEC (default true). */
  transaction?: boolean;
  /** Default of `execute({ raiseOnError })` (default true). */
  raiseOnError?: boolean;
}

export interface ExecuteOptions {
  /**
   * true (default): when a command failed, raise its error (naming its index and the command)
   * once every reply is read. false: errors stand in the results in their commands' places.
   */
  raiseOnError?: boolean;
}

const PIPELINE_OPTIONS: readonly (keyof PipelineOptions)[] = ['transaction', 'raiseOnError'];
const EXECUTE_OPTIONS: readonly (keyof ExecuteOptions)[] = ['raiseOnError'];

/**
 * Internal (runTransaction): a connection of the pipeline's own, and its WatchedPipeline.
 * With keys: WATCH them, commands run at once until multi(). Without: nothing is watched and
 * the WatchedPipeline's commands queue from the start (as redis-py's unwatched pipeline).
 */
export const OPEN_SESSION = Symbol('aredis.pipeline.openSession');

const MULTI: readonly CommandArg[] = Object.freeze(['MULTI']);
const EXEC: readonly CommandArg[] = Object.freeze(['EXEC']);

/** What execute() or reset() takes out of the pipeline, which is empty again after. */
interface Taken {
  queue: QueuedCommand[];
  scripts: PipelineScript[];
  session: WatchSession | undefined;
  transactional: boolean;
  needsOwnConnection: boolean;
  refused: unknown;
  batch: Batch;
}

function flag(where: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new DataError(`${where}: option '${name}' must be a boolean, got ${typeof value}`);
  return value;
}

/**
 * Commands queued and sent together: `r.pipeline().set('a', 1).incr('a')`, then
 * `await p.execute()` gives the replies in order, shaped by the client's response callbacks.
 * They leave in one socket write. By default they are wrapped in MULTI/EXEC; with
 * `{ transaction: false }` they are not. Either way, without WATCH, the pipeline uses the
 * client's shared multiplexed connection (a non-transactional pipeline holding a blocking
 * command takes a connection of its own). `execute()` empties the pipeline for reuse.
 *
 * `await p.watch('k')` gives a WatchedPipeline: the pipeline now has a connection of its own
 * and the WatchedPipeline's commands run at once (promises of their replies) until `multi()`;
 * after it they queue into this pipeline's transaction (promises settled by `execute()`),
 * while this pipeline's own methods chain as always. A change to a watched key makes
 * `execute()` raise WatchError. `reset()` (or `await using`) UNWATCHes and gives the
 * connection back. A pipeline belongs to one task at a time.
 */
export class Pipeline<D extends boolean = false> {
  /** Whether the commands are wrapped in MULTI/EXEC (multi() makes any pipeline one). */
  readonly transaction: boolean;
  readonly raiseOnError: boolean;
  readonly #host: PipelineHost;
  #queue: QueuedCommand[] = [];
  #scripts = new Map<string, PipelineScript>();
  #explicitMulti = false;
  #needsOwnConnection = false;
  #session: WatchSession | undefined = undefined;
  #view: WatchedPipeline<D> | undefined = undefined;
  #batch: Batch = { started: false };
  /** The first command a WatchedPipeline could not queue (a bad argument): execute() raises it, sending nothing. */
  #refused: unknown = undefined;
  /** How the WatchedPipeline queues into this pipeline after multi() (it imports nothing of this module). */
  readonly #transactionQueue: TransactionQueue = {
    enqueue: (name, args, options, spec, local) => {
      try {
        const { reply, slot } = QueuedReply.make(name, this.#batch);
        this.#enqueue(name, args, options, spec, slot, local);
        return reply;
      } catch (error) {
        return this.#transactionQueue.refuse(error);
      }
    },
    refuse: (error) => {
      this.#refused ??= error;
      return QueuedReply.failed(error);
    },
  };

  constructor(host: PipelineHost, options: PipelineOptions = {}) {
    checkOptions('pipeline', options, PIPELINE_OPTIONS);
    this.#host = host;
    this.transaction = flag('pipeline', 'transaction', options.transaction, true);
    this.raiseOnError = flag('pipeline', 'raiseOnError', options.raiseOnError, true);
  }

  /** Commands queued. */
  get length(): number {
    return this.#queue.length;
  }

  /** WATCH is in force (on the pipeline's own connection). */
  get watching(): boolean {
    return this.#session?.watching === true;
  }

  /**
   * WATCHes `keys` on a connection of the pipeline's own and resolves to the WatchedPipeline,
   * whose commands run at once, until `multi()`. May be called again to watch more keys.
   */
  async watch(...keys: (string | Buffer)[]): Promise<WatchedPipeline<D>> {
    if (keys.length === 0) throw new DataError("WATCH: argument 'keys' needs at least one key");
    keys.forEach((key, i) => {
      if (typeof key !== 'string' && !Buffer.isBuffer(key)) {
        throw new DataError(`WATCH: argument 'keys' must be strings or Buffers (index ${i})`);
      }
    });
    return this[OPEN_SESSION](keys);
  }

  /**
   * Starts queueing the transaction: after `watch()`, the commands that follow (on this
   * pipeline and on the WatchedPipeline alike) are queued and sent in MULTI/EXEC by
   * `execute()` instead of run at once. On a `{ transaction: false }` pipeline it makes this
   * one a transaction. Returns this pipeline, whose methods chain.
   */
  multi(): this {
    if (this.#explicitMulti) throw new PipelineError('MULTI calls cannot be nested');
    if (this.#queue.length > 0) {
      throw new PipelineError('multi() must come before any queued command (or right after watch())');
    }
    this.#explicitMulti = true;
    if (this.#session !== undefined) this.#session.mode = 'queued';
    return this;
  }

  /**
   * Loads `script` (SCRIPT EXISTS, then SCRIPT LOAD when missing) before this pipeline runs,
   * so that its queued EVALSHA finds it. A registered script's call does this for you.
   */
  ensureScript(script: PipelineScript): this {
    this.#scripts.set(script.sha, script);
    return this;
  }

  /**
   * Sends the queued commands and resolves with their replies in order; empties the pipeline
   * (and gives back its own connection) whatever happens. Raises WatchError when a watched
   * key changed, ExecAbortError when the server refused a queued command (its `errors` are the
   * commands' errors), and, with `raiseOnError`, the first command's error. The promises the
   * WatchedPipeline gave for queued commands settle here, each with its command's reply or
   * error (or with the error that ended the whole batch).
   */
  async execute(options: ExecuteOptions = {}): Promise<unknown[]> {
    checkOptions('Pipeline.execute', options, EXECUTE_OPTIONS);
    const raiseOnError = flag('Pipeline.execute', 'raiseOnError', options.raiseOnError, this.raiseOnError);
    const taken = this.#take();
    taken.batch.started = true;
    let results: unknown[];
    try {
      results = await this.#send(taken);
    } catch (error) {
      failReplies(taken.queue, error);
      throw error;
    } finally {
      await taken.session?.close();
    }
    settleReplies(taken.queue, results);
    if (raiseOnError) {
      const error = firstError(results);
      if (error !== undefined) throw error;
    }
    return results;
  }

  /**
   * Empties the pipeline: forgets the queued commands and MULTI, UNWATCHes and gives its own
   * connection back to the pool. The pipeline may be used again. The promises of commands a
   * WatchedPipeline queued reject with PipelineError (they were never sent).
   */
  async reset(): Promise<void> {
    const taken = this.#take();
    taken.batch.started = true;
    failReplies(taken.queue, new PipelineError('The pipeline was reset before execute(): the command was not sent'));
    await taken.session?.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.reset();
  }

  /** Internal (transaction()): a connection of its own; WATCH `keys` (immediate mode), or none (queued). */
  async [OPEN_SESSION](keys: readonly (string | Buffer)[]): Promise<WatchedPipeline<D>> {
    if (this.#explicitMulti) throw new PipelineError('WATCH cannot come after MULTI');
    if (this.#queue.length > 0) throw new PipelineError('WATCH must come before any queued command');
    if (keys.length > 0) {
      this.#host.checkCommand?.(prefixKeys(['WATCH', ...keys], this.#host.keyPrefix));
    }
    let session = this.#session;
    if (session === undefined) {
      session = await WatchSession.open(this.#host);
      this.#session = session;
      this.#view = new WatchedPipeline<D>(this, session, this.#transactionQueue);
    }
    if (keys.length > 0) {
      session.mode = 'immediate';
      await session.watch(keys);
    } else if (!session.watching) {
      session.mode = 'queued';
    }
    return this.#view as WatchedPipeline<D>;
  }

  async #send(taken: Taken): Promise<unknown[]> {
    const { queue, scripts, session, transactional, needsOwnConnection } = taken;
    if (taken.refused !== undefined) throw taken.refused;
    if (session === undefined && queue.every((command) => command.local !== undefined)) {
      return queue.map((command) => command.local?.reply); // nothing to send (no commands, or only local answers)
    }
    if (session?.broken === true) {
      throw new WatchError('The connection was re-established while watching: the watched keys may have changed');
    }
    const host = this.#host;
    let connection: AbstractConnection;
    if (session !== undefined) connection = session.connection;
    else if (needsOwnConnection) connection = await host.pool.acquire();
    else connection = await host.pool.getConnection();
    try {
      if (scripts.length > 0) await loadScripts(connection, scripts, host.sendOptions);
      // Commands answered locally (mgets of no keys) are not sent; their replies take their places after.
      const sent = withoutLocal(queue);
      const commands = sent.map((command) => command.args);
      // A withOptions({ decodeResponses }) view of the client reads every reply in its mode.
      const mode = host.sendOptions?.returnBuffers;
      const decoding = mode === undefined ? connection.options.decodeResponses === true : !mode;
      if (!transactional) {
        const replies = await sendAll(connection, commands, host.sendOptions, undefined, replyModes(sent, mode));
        return withLocal(queue, plainResults(replies, sent, host.callbacks));
      }
      if (session !== undefined) await session.freshen();
      // EXEC holding a binary reply (DUMP) is read as Buffers; the others' replies are decoded after.
      const binaryExec = decoding && sent.some((command) => command.neverDecode === true);
      const modes: (boolean | undefined)[] = [];
      modes[commands.length + 1] = binaryExec ? true : mode;
      const replies = await sendAll(connection, [MULTI, ...commands, EXEC], host.sendOptions, session?.guard, modes);
      if (session !== undefined) session.watching = false; // EXEC (or the lost connection) ended the watches
      if (binaryExec) decodeExecReply(replies, sent, connection.options.encoding ?? 'utf8');
      return withLocal(queue, transactionResults(replies, sent, host.callbacks));
    } finally {
      if (needsOwnConnection) host.pool.release(connection);
    }
  }

  /** Takes everything out (for execute() or reset()): the pipeline is empty and unwatched after. */
  #take(): Taken {
    const session = this.#session;
    const transactional = this.transaction || this.#explicitMulti || session !== undefined;
    const taken: Taken = {
      queue: this.#queue,
      scripts: [...this.#scripts.values()],
      session,
      transactional,
      needsOwnConnection: this.#needsOwnConnection && !transactional,
      refused: this.#refused,
      batch: this.#batch,
    };
    this.#queue = [];
    this.#scripts = new Map();
    this.#explicitMulti = false;
    this.#needsOwnConnection = false;
    this.#refused = undefined;
    this.#batch = { started: false };
    if (session !== undefined) session.mode = 'done';
    this.#session = undefined;
    this.#view = undefined;
    return taken;
  }

  #enqueue(
    name: string,
    args: CommandArg[],
    options: CallOptions,
    spec: AnyCommandSpec | undefined,
    slot: QueuedCommand['slot'],
    local?: QueuedCommand['local'],
  ): this {
    if (this.#session?.mode === 'immediate') {
      throw new PipelineError(
        `${name}: the pipeline is watching; run commands on the WatchedPipeline watch() gave, or call multi() to queue them`,
      );
    }
    checkEncodable(args);
    args = prefixKeys(args, this.#host.keyPrefix);
    this.#host.checkCommand?.(args);
    if (!this.#needsOwnConnection && isBlocking(spec, args)) this.#needsOwnConnection = true;
    const command: QueuedCommand =
      local !== undefined ? { args, name, options, slot, local } : spec?.neverDecode === true ? { args, name, options, slot, neverDecode: true } : { args, name, options, slot };
    this.#queue.push(command);
    return this;
  }

  static {
    // Every command method, and executeCommand, queues (surface.ts): `p.get('k')` returns the
    // pipeline; a bad argument throws DataError here, at the call, and nothing is queued.
    installPipelineSurface<Pipeline<boolean>>(Pipeline.prototype, {
      callbacks: (pipeline) => pipeline.#host.callbacks,
      queue: (pipeline, name, command, spec, callOptions, local) => pipeline.#enqueue(name, command, callOptions, spec, undefined, local),
    });
  }
}

// The command methods' types, by declaration merging: each chains, replies come from execute().
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Pipeline<D extends boolean = false> extends ChainedCommandMethods<D, Pipeline<D>>, PipelineSurface {}
