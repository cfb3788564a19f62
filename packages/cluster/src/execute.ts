import { AbstractConnection, type SendOptions } from '@aredis/connection';
import { prefixKeys, type CallOptions, type KeyPrefix, type ResponseCallback } from '@aredis/commands';
import { ConnectionError, type CommandArg } from '@aredis/resp-parser';
import { cachedRead } from '@aredis/client';
import { followCluster, type FollowCore } from './follow.js';
import type { NodeCaches } from './node-caches.js';
import type { NodeKey } from './slot-map.js';
import { timeoutMs, timeoutOption } from './timeouts.js';

/** What every call needs from its cluster client (shared by option views, pipelines, PubSub). */
export interface ClusterCore extends FollowCore {
  readonly callbacks: Map<string, ResponseCallback>;
  /** `keyPrefix`: put before every key of every command before it is routed. */
  readonly keyPrefix?: KeyPrefix | undefined;
  /** `clientSideCache`: one cache a node, for the non-blocking reads routed there (not after ASK). */
  readonly clientSideCache?: NodeCaches | undefined;
}

/** The command with the cluster's `keyPrefix` before its keys (as it is without one). */
export function withPrefix(core: ClusterCore, args: CommandArg[]): CommandArg[] {
  return prefixKeys(args, core.keyPrefix);
}

/** One command as the cluster sends it. */
export interface ClusterCall {
  /** RESPONSE_CALLBACKS key (`GET`, `CONFIG GET`). */
  readonly name: string;
  readonly args: readonly CommandArg[];
  readonly callOptions: CallOptions;
  readonly sendOptions: SendOptions | undefined;
  /** May go to a replica (with a readFrom policy other than 'master'). */
  readonly readonly: boolean;
  /** Needs a connection of its own while it waits. */
  readonly blocking: boolean;
}

const noop = (): void => undefined;

/**
 * `connection`, connected: a failure to connect (refused, or timed out while connecting) is a
 * ConnectionError whatever its class, so that the cluster looks for the node elsewhere, while a
 * TimeoutError of the command itself (the user's timeout) stays the command's own.
 */
export async function ready(connection: AbstractConnection): Promise<AbstractConnection> {
  if (connection.isReady) return connection;
  try {
    await connection.connect();
  } catch (error) {
    if (error instanceof ConnectionError) throw error;
    throw new ConnectionError(`Could not connect to ${connection.description}: ${(error as Error).message}`, { cause: error });
  }
  return connection;
}

/** A connection of its own to `node` (blocking commands, ASK inside MULTI), connected. */
export async function acquireFrom(core: ClusterCore, node: NodeKey): Promise<AbstractConnection> {
  try {
    return await core.nodes.pool(node).acquire();
  } catch (error) {
    if (error instanceof ConnectionError) throw error;
    throw new ConnectionError(`Could not connect to ${node}: ${(error as Error).message}`, { cause: error });
  }
}

/** Sends one command to one node (after ASKING when `asking`), shaped by its callback. */
export async function sendToNode(core: ClusterCore, key: NodeKey, call: ClusterCall, asking = false): Promise<unknown> {
  const callback = core.callbacks.get(call.name);
  if (call.blocking) {
    const pool = core.nodes.pool(key);
    const connection = await acquireFrom(core, key);
    try {
      if (asking) connection.send(['ASKING']).catch(noop);
      const options = timeoutOption(timeoutMs(call.sendOptions));
      if (call.sendOptions?.signal !== undefined) options.signal = call.sendOptions.signal;
      if (call.sendOptions?.returnBuffers !== undefined) options.returnBuffers = call.sendOptions.returnBuffers;
      return await connection.send(call.args, options, callback, call.callOptions);
    } finally {
      pool.release(connection);
    }
  }
  const caches = core.clientSideCache;
  if (caches !== undefined && !asking) {
    const decodes = core.nodes.pool(key).connectionOptions.decodeResponses === true;
    const connect = (): Promise<AbstractConnection> => sharedConnection(core, key);
    const cached = cachedRead(caches.of(key), connect, decodes, call.name, call.args as CommandArg[], callback, call.callOptions, call.sendOptions);
    if (cached !== undefined) return cached;
  }
  const got = core.nodes.pool(key).getConnection();
  let connection = got instanceof AbstractConnection ? got : await got;
  if (!connection.isReady) connection = await ready(connection);
  // Both in the same tick: nothing another task sends can come between ASKING and the command.
  if (asking) connection.send(['ASKING']).catch(noop);
  return connection.send(call.args, call.sendOptions, callback, call.callOptions);
}

async function sharedConnection(core: ClusterCore, key: NodeKey): Promise<AbstractConnection> {
  const got = core.nodes.pool(key).getConnection();
  const connection = got instanceof AbstractConnection ? got : await got;
  return connection.isReady ? connection : ready(connection);
}

/**
 * Sends a command to the node serving `slot` (a random master when undefined), following the
 * cluster (see followCluster: MOVED, ASK, TRYAGAIN, CLUSTERDOWN, LOADING, lost nodes, bounded
 * by `maxRedirections` and by time). A write whose connection was lost after it was sent is
 * sent again: it may run twice.
 */
export function runRouted(core: ClusterCore, call: ClusterCall, slot: number | undefined): Promise<unknown> {
  return followCluster(core, { name: call.name, slot, readonly: call.readonly }, (node, asking) => sendToNode(core, node, call, asking));
}
