import type { SendOptions } from '@aredis/connection';
import { commandName, type ChainedCommandMethods } from '@aredis/commands';
import {
  describeCommand,
  installPipelineSurface,
  type ExecuteOptions,
  type PipelineOptions,
  type PipelineScript,
  type PipelineSurface,
  type WatchedPipeline,
} from '@aredis/pipeline';
import type { CommandArg } from '@aredis/resp-parser';
import { withPrefix, type ClusterCall, type ClusterCore } from './execute.js';
import { sendUnits, type PipelineUnit } from './pipeline-send.js';
import { makeCall, runCommand } from './route.js';
import { commandSlot, crossSlotError, slotsByIndex } from './routing.js';
import { mergeParts, splitBySlot, type SplitPart } from './split.js';
import { runSlotTransaction } from './transaction.js';
import { watchOnCluster } from './watch-transaction.js';

interface Queued {
  readonly call: ClusterCall;
  /** undefined: keyless (any master), or split in `parts`. */
  readonly slot: number | undefined;
  /** A multi-key command across slots (MGET, MSET, DEL...), split a slot each (split.ts). */
  readonly parts?: SplitPart[] | undefined;
  /** Answered without the server (a declaration's localReply: `mget([])`): not sent. */
  readonly local?: { readonly reply: unknown };
}

/** An error of one command, named as a Pipeline names it. */
function annotate(error: Error, index: number, args: readonly CommandArg[]): Error {
  const named = error as Error & { commandIndex?: number; command?: string };
  if (named.commandIndex !== undefined) return named;
  named.commandIndex = index;
  named.command = commandName(args); // the name only, as a ResponseError's; the message quotes it (secrets masked)
  named.message = `${error.message} (command #${index} of the pipeline: ${describeCommand(args)})`;
  return named;
}

/**
 * A cluster pipeline: `c.pipeline().set('a', 1).get('b')`, then `await p.execute()`. The
 * commands are grouped by the node serving their slot (a read-only one where the readFrom
 * policy sends it), each group sent in one write, the groups in parallel; replies come back in
 * call order, shaped by the client's callbacks. A command answered MOVED, ASK, TRYAGAIN,
 * CLUSTERDOWN or LOADING (or whose node was lost) is sent again on its own, following the
 * cluster, in call order. Keys of one command must share a slot
 * (CrossSlotError at the call), except MGET, MSET, DEL, UNLINK, EXISTS and TOUCH, which are split
 * by slot as on the client (not atomic) and come back as one merged reply.
 *
 * `{ transaction: true }`: MULTI/EXEC on the master of the one slot every key of every command
 * is in (else CrossSlotError, nothing sent), following MOVED, ASK, failovers (transaction.ts).
 */
export class ClusterPipeline<D extends boolean = false> {
  readonly transaction: boolean;
  readonly raiseOnError: boolean;
  readonly #core: ClusterCore;
  readonly #sendOptions: SendOptions | undefined;
  #queue: Queued[] = [];
  #scripts = new Map<string, PipelineScript>();

  constructor(core: ClusterCore, sendOptions: SendOptions | undefined, options: PipelineOptions = {}) {
    this.#core = core;
    this.#sendOptions = sendOptions;
    this.transaction = options.transaction ?? false;
    this.raiseOnError = options.raiseOnError ?? true;
  }

  get length(): number {
    return this.#queue.length;
  }

  /**
   * WATCHes `keys` (of one slot: CrossSlotError otherwise) on their master and resolves to the
   * WatchedPipeline of a transaction on that slot: its commands run at once until `multi()`,
   * then queue (keys of that slot only); its `execute()` sends MULTI/EXEC there. This cluster
   * pipeline itself is not changed. `c.transaction(fn, ...keys)` does the same and retries.
   */
  watch(...keys: (string | Buffer)[]): Promise<WatchedPipeline<D>> {
    try {
      return watchOnCluster<D>(this.#core, keys, this.#sendOptions);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Forgets the queued commands. */
  reset(): void {
    this.#queue = [];
    this.#scripts = new Map();
  }

  /** Loads `script` on every master (SCRIPT LOAD) before this pipeline runs; a registered script's call does this. */
  ensureScript(script: PipelineScript): this {
    this.#scripts.set(script.sha, script);
    return this;
  }

  /** Sends the queued commands; resolves with their replies in order; empties the pipeline. */
  async execute(options: ExecuteOptions = {}): Promise<unknown[]> {
    const raiseOnError = options.raiseOnError ?? this.raiseOnError;
    const queue = this.#queue;
    const scripts = [...this.#scripts.values()];
    this.reset();
    // Commands answered locally are not sent; their replies take their places in the results.
    const sent = queue.filter((queued) => queued.local === undefined);
    if (sent.length === 0) return queue.map((queued) => queued.local?.reply);
    for (const { script } of scripts) {
      await runCommand(this.#core, makeCall('SCRIPT LOAD', ['SCRIPT', 'LOAD', script], undefined, {}, this.#sendOptions));
    }
    const replies = this.transaction ? await this.#transaction(sent) : await this.#plain(sent);
    let next = 0;
    const results = sent.length === queue.length ? replies : queue.map((queued) => (queued.local !== undefined ? queued.local.reply : replies[next++]));
    if (raiseOnError) {
      const error = results.find((r): r is Error => r instanceof Error);
      if (error !== undefined) throw error;
    }
    return results;
  }

  /** Split commands become one unit a part; their parts' replies are merged back in place. */
  async #plain(queue: readonly Queued[]): Promise<unknown[]> {
    const units: PipelineUnit[] = [];
    const owners: number[] = [];
    queue.forEach((queued, i) => {
      if (queued.parts === undefined) {
        units.push(queued);
        owners.push(i);
      } else {
        for (const part of queued.parts) {
          units.push({ call: { ...queued.call, args: part.args }, slot: part.slot });
          owners.push(i);
        }
      }
    });
    const replies = await sendUnits(this.#core, units);
    const byOwner: unknown[][] = queue.map(() => []);
    replies.forEach((reply, u) => byOwner[owners[u] as number]?.push(reply));
    const results: unknown[] = [];
    queue.forEach((queued, i) => {
      const mine = byOwner[i] as unknown[];
      const error = mine.find((r) => r instanceof Error);
      let result: unknown;
      if (error !== undefined) result = error;
      else result = queued.parts === undefined ? mine[0] : mergeParts(queued.call.name, queued.parts, mine);
      results.push(result instanceof Error ? annotate(result, i, queued.call.args) : result);
    });
    return results;
  }

  async #transaction(queue: readonly Queued[]): Promise<unknown[]> {
    const slots = new Set<number>();
    for (const { slot, parts } of queue) {
      if (slot !== undefined) slots.add(slot);
      for (const part of parts ?? []) slots.add(part.slot);
    }
    if (slots.size > 1) throw crossSlotError(['MULTI'], slots);
    const [slot] = slots;
    return runSlotTransaction(this.#core, queue.map(({ call }) => call), slot, this.#sendOptions);
  }

  #enqueue(call: ClusterCall): this {
    const slots = slotsByIndex(call.args);
    const parts = splitBySlot(call.name, call.args, slots);
    this.#queue.push({ call, slot: parts === undefined ? commandSlot(call.args, slots) : undefined, parts });
    return this;
  }

  static {
    // Every command method, and executeCommand, queues (@aredis/pipeline's surface.ts); the keys
    // are prefixed here, then the call is routed by slot at execute().
    installPipelineSurface<ClusterPipeline<boolean>>(ClusterPipeline.prototype, {
      callbacks: (pipeline) => pipeline.#core.callbacks,
      queue: (pipeline, name, command, spec, callOptions, local) => {
        const call = makeCall(name, withPrefix(pipeline.#core, command), spec, callOptions, pipeline.#sendOptions);
        if (local === undefined) return pipeline.#enqueue(call);
        pipeline.#queue.push({ call, slot: undefined, local });
        return pipeline;
      },
    });
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface ClusterPipeline<D extends boolean = false> extends ChainedCommandMethods<D, ClusterPipeline<D>>, PipelineSurface {}
