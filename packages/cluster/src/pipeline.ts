import { AbstractConnection, type SendOptions } from '@aredis/connection';
import { callOptions, installCommands, type AnyCommandSpec, type ChainedCommandMethods } from '@aredis/commands';
import { Pipeline, describeCommand, genericCommand, type ExecuteOptions, type PipelineOptions, type PipelineScript } from '@aredis/pipeline';
import {
  AskError,
  ClusterDownError,
  ConnectionError,
  ExecAbortError,
  MovedError,
  TryAgainError,
  type CommandArg,
} from '@aredis/resp-parser';
import { runRouted, sendToNode, type ClusterCall, type ClusterCore } from './execute.js';
import { makeCall, runCommand } from './route.js';
import { commandSlot, crossSlotError, slotsByIndex } from './routing.js';
import { mergeParts, splitBySlot, type SplitPart } from './split.js';
import { nodeKey, type NodeKey } from './slot-map.js';

interface Queued {
  readonly call: ClusterCall;
  /** undefined: keyless (any master), or split in `parts`. */
  readonly slot: number | undefined;
  /** A multi-key command across slots (MGET, MSET, DEL...), split a slot each (split.ts). */
  readonly parts?: SplitPart[] | undefined;
}

/** An error of one command, named as a Pipeline names it. */
function annotate(error: Error, index: number, args: readonly CommandArg[]): Error {
  const named = error as Error & { commandIndex?: number; command?: string };
  if (named.commandIndex !== undefined) return named;
  named.commandIndex = index;
  named.command = describeCommand(args);
  named.message = `${error.message} (command #${index} of the pipeline: ${named.command})`;
  return named;
}

/** Errors a command is sent again for, on its own, through the redirection-following path. */
function redirectable(error: unknown): boolean {
  return (
    error instanceof MovedError ||
    error instanceof TryAgainError ||
    error instanceof ClusterDownError ||
    error instanceof ConnectionError
  );
}

/**
 * A cluster pipeline: `c.pipeline().set('a', 1).get('b')`, then `await p.execute()`. The
 * commands are grouped by the node serving their slot, each group sent in one write, the
 * groups in parallel; replies come back in call order, shaped by the client's callbacks. A
 * command answered MOVED, ASK, TRYAGAIN or CLUSTERDOWN (or whose node was lost) is sent again
 * on its own, following the cluster, in call order. Keys of one command must share a slot
 * (CrossSlotError at the call), except MGET, MSET, DEL, UNLINK, EXISTS and TOUCH, which are split
 * by slot as on the client (not atomic) and come back as one merged reply.
 *
 * `{ transaction: true }`: MULTI/EXEC on one node, allowed only when every key of every
 * command is in one slot (else CrossSlotError, nothing sent).
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

  /** Queues any command, as the client's `executeCommand` reads it. */
  executeCommand(command: string | Buffer, ...args: unknown[]): this {
    const generic = genericCommand(command, args, this.#core.callbacks);
    return this.#enqueue(makeCall(generic.name, generic.args, generic.spec, generic.options, this.#sendOptions));
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
    if (queue.length === 0) return [];
    for (const { script } of scripts) {
      await runCommand(this.#core, makeCall('SCRIPT LOAD', ['SCRIPT', 'LOAD', script], undefined, {}, this.#sendOptions));
    }
    const results = this.transaction ? await this.#transaction(queue) : await this.#plain(queue);
    if (raiseOnError) {
      const error = results.find((r): r is Error => r instanceof Error);
      if (error !== undefined) throw error;
    }
    return results;
  }

  /** Split commands become one unit a part; their parts' replies are merged back in place. */
  async #plain(queue: readonly Queued[]): Promise<unknown[]> {
    const units: Queued[] = [];
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
    const replies = await this.#sendUnits(units);
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

  /** Sends units grouped per node, in parallel; redirected ones again one by one. Raw results. */
  async #sendUnits(queue: readonly Queued[]): Promise<unknown[]> {
    const core = this.#core;
    const map = await core.nodes.map();
    const masters = map.masters();
    const groups = new Map<NodeKey, number[]>();
    const results = new Array<unknown>(queue.length);
    const retry: number[] = [];
    queue.forEach(({ slot }, i) => {
      const node = slot === undefined ? masters[Math.floor(Math.random() * masters.length)] : map.master(slot);
      if (node === undefined) {
        retry.push(i);
        return;
      }
      let group = groups.get(node);
      if (group === undefined) groups.set(node, (group = []));
      group.push(i);
    });
    await Promise.all(
      [...groups].map(async ([node, indexes]) => {
        let connection: AbstractConnection;
        try {
          const got = core.nodes.pool(node).getConnection();
          connection = got instanceof AbstractConnection ? got : await got;
        } catch (error) {
          for (const i of indexes) results[i] = error;
          return;
        }
        // All in one tick: one write to the node.
        await Promise.all(
          indexes.map((i) => {
            const { call } = queue[i] as Queued;
            return connection.send(call.args, call.sendOptions, core.callbacks.get(call.name), call.callOptions).then(
              (reply) => (results[i] = reply),
              (error: unknown) => (results[i] = error),
            );
          }),
        );
      }),
    );
    for (let i = 0; i < queue.length; i++) {
      if (results[i] instanceof AskError || redirectable(results[i])) retry.push(i);
    }
    retry.sort((a, b) => a - b);
    // Redirected commands again, one by one in call order, so that their order on a key holds.
    for (const i of retry) {
      const { call, slot } = queue[i] as Queued;
      const previous = results[i];
      try {
        if (previous instanceof AskError) {
          try {
            results[i] = await sendToNode(core, nodeKey(previous.host, previous.port), call, true);
            continue;
          } catch (error) {
            if (!redirectable(error)) throw error;
          }
        } else if (previous instanceof MovedError) {
          map.moveSlot(previous.slot, nodeKey(previous.host, previous.port));
        }
        results[i] = await runRouted(core, call, slot);
      } catch (error) {
        results[i] = error;
      }
    }
    if (retry.length > 0) core.nodes.refresh().catch(() => undefined);
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
    const core = this.#core;
    let lastError: unknown;
    for (let attempt = 0; attempt <= core.maxRedirections; attempt++) {
      const map = await core.nodes.map();
      const masters = map.masters();
      const node = slot === undefined ? masters[0] : map.master(slot);
      if (node === undefined) throw new ClusterDownError(`CLUSTERDOWN Hash slot ${slot} is not served by any known node`);
      const pipe = new Pipeline<D>({ pool: core.nodes.pool(node), callbacks: core.callbacks, sendOptions: this.#sendOptions }, { transaction: true });
      for (const { call } of queue) pipe.executeCommand(call.args[0] as string | Buffer, ...call.args.slice(1), call.callOptions);
      try {
        return await pipe.execute({ raiseOnError: false });
      } catch (error) {
        lastError = error;
        // The slot moved: the commands were refused at MULTI time (EXECABORT, MOVED each).
        const moved = error instanceof ExecAbortError ? error.errors?.find((e) => e instanceof MovedError) : undefined;
        if (moved instanceof MovedError && !(moved instanceof AskError)) {
          map.moveSlot(moved.slot, nodeKey(moved.host, moved.port));
          core.nodes.refresh().catch(() => undefined);
          continue;
        }
        if (error instanceof ConnectionError || error instanceof ClusterDownError || error instanceof TryAgainError) {
          await core.nodes.refresh().catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, core.retryBackoff.compute(attempt + 1) * 1000));
          continue;
        }
        throw error;
      }
    }
    throw lastError;
  }

  #enqueue(call: ClusterCall): this {
    const slots = slotsByIndex(call.args);
    const parts = splitBySlot(call.name, call.args, slots);
    this.#queue.push({ call, slot: parts === undefined ? commandSlot(call.args, slots) : undefined, parts });
    return this;
  }

  static {
    installCommands(ClusterPipeline.prototype, function queue(this: unknown, spec: AnyCommandSpec, args: unknown[]) {
      const pipeline = this as ClusterPipeline<boolean>;
      const command = (spec.build as (...a: unknown[]) => CommandArg[])(...args);
      return pipeline.#enqueue(makeCall(spec.name, command, spec, callOptions(args), pipeline.#sendOptions));
    });
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface ClusterPipeline<D extends boolean = false> extends ChainedCommandMethods<D, ClusterPipeline<D>> {}
