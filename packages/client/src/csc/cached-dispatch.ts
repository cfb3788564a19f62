import { AbstractConnection, type SendOptions } from '@aredis/connection';
import type { CommandArg, RespValue } from '@aredis/resp-parser';
import { commandKeyIndexes, type ResponseCallback } from '@aredis/commands';
import { CACHEABLE_COMMANDS, callKey } from './cacheable.js';
import type { ClientSideCache } from './client-side-cache.js';

/** Send options a view may carry: `cache` is `withOptions({ cache })`. */
export interface CachingSendOptions extends SendOptions {
  cache?: boolean | undefined;
}

const OPT_IN: CommandArg[] = ['CLIENT', 'CACHING', 'YES'];

/**
 * A cacheable read through the cache: answered from it on a hit, else sent on the shared
 * connection and stored when the reply comes (if nothing was flushed meanwhile and the
 * connection's tracking is on). Undefined when this call is not the cache's (not a cacheable
 * command, no key, a `cache: false` view, not opted in, or outside the bcast prefixes).
 */
export function cachedRead(
  cache: ClientSideCache,
  /** The shared connection the read goes to (the pool's `getConnection()`). */
  connect: () => AbstractConnection | Promise<AbstractConnection>,
  /** The connections decode replies (`decodeResponses`). */
  decodes: boolean,
  name: string,
  command: CommandArg[],
  callback: ResponseCallback | undefined,
  callOptions: Readonly<Record<string, unknown>>,
  sendOptions: CachingSendOptions | undefined,
): Promise<unknown> | undefined {
  if (!CACHEABLE_COMMANDS.has(name)) return undefined;
  if (sendOptions?.signal?.aborted === true) return undefined; // refused as any call with an aborted signal is
  const wanted = sendOptions?.cache;
  if (wanted === false || (cache.mode === 'optin' && wanted !== true)) return undefined;
  const indexes = commandKeyIndexes(command);
  if (indexes.length === 0) return undefined;
  const keys = cache.keysToTrack(command, indexes);
  if (keys === undefined) return undefined;
  const returnBuffers = sendOptions?.returnBuffers ?? !decodes;
  const key = callKey(returnBuffers, name, command);
  const held = cache.read(key);
  if (held !== undefined) {
    try {
      return Promise.resolve(callback === undefined ? held : callback(held, callOptions));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }
  const send = (connection: AbstractConnection): Promise<unknown> => {
    cache.adopt(connection);
    const ticket = cache.ticket(connection);
    if (ticket === undefined) return connection.send(command, sendOptions, callback, callOptions);
    if (cache.mode === 'optin') connection.send(OPT_IN).catch(() => undefined); // its own failure shows on the read
    const storing = (reply: RespValue, options: Readonly<Record<string, unknown>>): unknown => {
      cache.store(ticket, connection, key, keys, reply);
      return callback === undefined ? reply : callback(reply, options);
    };
    return connection.send(command, sendOptions, storing, callOptions);
  };
  let connection: AbstractConnection | Promise<AbstractConnection>;
  try {
    connection = connect();
  } catch (error) {
    return Promise.reject(error as Error);
  }
  return connection instanceof AbstractConnection ? send(connection) : connection.then(send);
}
