import { AbstractConnection, type SendOptions } from '@aredis/connection';
import type { ConnectionPool } from '@aredis/pool';
import type { CommandArg } from '@aredis/resp-parser';
import type { CommandSpec, KeyPrefix, ResponseCallback } from '@aredis/commands';
import { withRetry, type CommandRetry } from './command-retry.js';
import { cachedRead } from './csc/cached-dispatch.js';
import type { ClientSideCache } from './csc/client-side-cache.js';

/** Everything a call needs from its client (kept as plain fields so option views share them). */
export interface ClientCore {
  readonly pool: ConnectionPool;
  readonly callbacks: Map<string, ResponseCallback>;
  /** `retryOnError` / `retryOnTimeout`: undefined when no command is retried (the default). */
  readonly retry?: CommandRetry | undefined;
  /** `keyPrefix` (ioredis's): put before every key of every command, pipelines and WATCH included. */
  readonly keyPrefix?: KeyPrefix | undefined;
  /** `clientSideCache`: cacheable reads go through it (not blocking ones, nor pipelines). */
  readonly clientSideCache?: ClientSideCache | undefined;
}

type Blocking = CommandSpec['blocking'] | undefined;

/**
 * The hot path: pool → connection → FIFO → callback. An ordinary command goes to the pool's
 * shared multiplexed connection and the response callback rides along with the pending reply
 * (no extra promise). A blocking one gets a connection of its own for as long as it waits,
 * and only a per-call timeout applies to it (not the connection's default commandTimeout).
 * With `retryOnError` / `retryOnTimeout`, a command failing with one of those errors goes again.
 */
export function dispatch(
  core: ClientCore,
  name: string,
  command: CommandArg[],
  blocking: Blocking,
  callOptions: Readonly<Record<string, unknown>>,
  sendOptions: SendOptions | undefined,
): Promise<unknown> {
  const retry = core.retry;
  if (retry === undefined) return dispatchOnce(core, name, command, blocking, callOptions, sendOptions);
  return withRetry(retry, sendOptions?.signal, () => dispatchOnce(core, name, command, blocking, callOptions, sendOptions));
}

function dispatchOnce(
  core: ClientCore,
  name: string,
  command: CommandArg[],
  blocking: Blocking,
  callOptions: Readonly<Record<string, unknown>>,
  sendOptions: SendOptions | undefined,
): Promise<unknown> {
  const callback = core.callbacks.get(name);
  if (blocking !== undefined && blocking !== false && (blocking === true || blocking(command))) {
    return sendDedicated(core.pool, command, sendOptions, callback, callOptions);
  }
  const cache = core.clientSideCache;
  if (cache !== undefined) {
    const cached = cachedRead(cache, () => core.pool.getConnection(), core.pool.connectionOptions.decodeResponses === true, name, command, callback, callOptions, sendOptions);
    if (cached !== undefined) return cached;
  }
  let connection: AbstractConnection | Promise<AbstractConnection>;
  try {
    connection = core.pool.getConnection();
  } catch (error) {
    return Promise.reject(error);
  }
  if (connection instanceof AbstractConnection) return connection.send(command, sendOptions, callback, callOptions);
  return connection.then((c) => c.send(command, sendOptions, callback, callOptions));
}

async function sendDedicated(
  pool: ConnectionPool,
  command: CommandArg[],
  sendOptions: SendOptions | undefined,
  callback: ResponseCallback | undefined,
  callOptions: Readonly<Record<string, unknown>>,
): Promise<unknown> {
  const connection = await pool.acquire();
  try {
    const options = { timeout: sendOptions?.timeout ?? 0, signal: sendOptions?.signal, returnBuffers: sendOptions?.returnBuffers };
    return await connection.send(command, options, callback, callOptions);
  } finally {
    // A command given up while the server still blocks leaves its reply owed: release()
    // sees the connection is not idle and closes it instead of reusing it.
    pool.release(connection);
  }
}
