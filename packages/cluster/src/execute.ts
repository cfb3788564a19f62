import { AbstractConnection, type Backoff, type SendOptions } from '@aredis/connection';
import type { CallOptions, ResponseCallback } from '@aredis/commands';
import {
  AskError,
  ClusterDownError,
  ConnectionError,
  MovedError,
  TryAgainError,
  type CommandArg,
} from '@aredis/resp-parser';
import { TooManyRedirectionsError } from './errors.js';
import type { NodeManager } from './nodes.js';
import { nodeKey, type NodeKey } from './slot-map.js';

/** What every call needs from its cluster client (shared by option views and pipelines). */
export interface ClusterCore {
  readonly nodes: NodeManager;
  readonly callbacks: Map<string, ResponseCallback>;
  /** Redirections and retries one command may take before TooManyRedirectionsError. */
  readonly maxRedirections: number;
  /** Wait before retry N after TRYAGAIN, CLUSTERDOWN or a lost node. */
  readonly retryBackoff: Backoff;
}

/** One command as the cluster sends it. */
export interface ClusterCall {
  /** RESPONSE_CALLBACKS key (`GET`, `CONFIG GET`). */
  readonly name: string;
  readonly args: readonly CommandArg[];
  readonly callOptions: CallOptions;
  readonly sendOptions: SendOptions | undefined;
  /** May go to a replica (with readFromReplicas). */
  readonly readonly: boolean;
  /** Needs a connection of its own while it waits. */
  readonly blocking: boolean;
}

const noop = (): void => undefined;

function randomOf<T>(items: readonly T[]): T | undefined {
  return items[Math.floor(Math.random() * items.length)];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Sends one command to one node (after ASKING when `asking`), shaped by its callback. */
export async function sendToNode(core: ClusterCore, key: NodeKey, call: ClusterCall, asking = false): Promise<unknown> {
  const pool = core.nodes.pool(key);
  const callback = core.callbacks.get(call.name);
  if (call.blocking) {
    const connection = await pool.acquire();
    try {
      if (asking) connection.send(['ASKING']).catch(noop);
      const options = { timeout: call.sendOptions?.timeout ?? 0, signal: call.sendOptions?.signal };
      return await connection.send(call.args, options, callback, call.callOptions);
    } finally {
      pool.release(connection);
    }
  }
  const got = pool.getConnection();
  const connection = got instanceof AbstractConnection ? got : await got;
  // Both in the same tick: nothing another task sends can come between ASKING and the command.
  if (asking) connection.send(['ASKING']).catch(noop);
  return connection.send(call.args, call.sendOptions, callback, call.callOptions);
}

/** The node a command for `slot` (undefined: keyless) goes to now. */
async function pickNode(core: ClusterCore, slot: number | undefined, readonly: boolean): Promise<NodeKey | undefined> {
  const map = await core.nodes.map();
  if (slot === undefined) return randomOf(map.masters());
  const master = map.master(slot);
  if (master === undefined || !readonly || !core.nodes.readFromReplicas) return master;
  return randomOf([master, ...map.replicas(slot)]);
}

/**
 * Sends a command to the node serving `slot` (a random master when undefined), following the
 * cluster: MOVED patches the slot map (a full refresh follows in the background) and retries
 * at the named node; ASK retries once at the named node after ASKING; TRYAGAIN and CLUSTERDOWN
 * wait (retryBackoff) and retry; a lost node (ConnectionError) refreshes the map from any
 * known node, waits and retries. More than `maxRedirections` of these raise
 * TooManyRedirectionsError naming the command.
 *
 * A write whose connection was lost after it was sent is sent again: it may run twice.
 */
export async function runRouted(core: ClusterCore, call: ClusterCall, slot: number | undefined): Promise<unknown> {
  let askNode: NodeKey | undefined;
  let retries = 0;
  let lastError: unknown;
  for (let attempt = 0; attempt <= core.maxRedirections; attempt++) {
    let node: NodeKey | undefined;
    try {
      node = askNode ?? (await pickNode(core, slot, call.readonly));
      if (node === undefined) throw new ClusterDownError(`CLUSTERDOWN Hash slot ${slot ?? '(any)'} is not served by any known node`);
      const asking = askNode !== undefined;
      askNode = undefined;
      return await sendToNode(core, node, call, asking);
    } catch (error) {
      lastError = error;
      if (error instanceof AskError) {
        askNode = nodeKey(error.host, error.port);
      } else if (error instanceof MovedError) {
        const map = await core.nodes.map();
        map.moveSlot(error.slot, nodeKey(error.host, error.port));
        core.nodes.refresh().catch(noop);
      } else if (error instanceof TryAgainError) {
        await sleep(core.retryBackoff.compute(++retries) * 1000);
      } else if (error instanceof ClusterDownError || error instanceof ConnectionError) {
        await core.nodes.refresh().catch(noop);
        await sleep(core.retryBackoff.compute(++retries) * 1000);
      } else {
        throw error;
      }
    }
  }
  throw new TooManyRedirectionsError(
    `${call.name}: gave up after ${core.maxRedirections} redirections or retries in the cluster (last: ${(lastError as Error).message})`,
    { cause: lastError },
  );
}
