/**
 * What a connection tells `node:diagnostics_channel` subscribers (tracing, metrics, logs):
 *
 * - `aredis:command`, a TracingChannel (start, end, asyncStart, asyncEnd, error): one command
 *   sent with `send()`, with a `CommandTraceContext`. The arguments are never in it (they may
 *   hold passwords): the command's name and how many keys it names.
 * - `aredis:batch`, a TracingChannel: a pipeline or a transaction sent in one write
 *   (`traceBatch`, used by `@aredis/pipeline`), with a `BatchTraceContext`. Its commands are
 *   also published one by one on `aredis:command`.
 * - `aredis:connect` (ready after the handshake), `aredis:reconnect` (waiting out a backoff),
 *   `aredis:close` (the socket closed, by either side): plain channels with a `ConnectionEventMessage`.
 *
 * Nothing is built or published when no one subscribes: `send()` pays one `hasSubscribers` test.
 */
import { channel, tracingChannel, type TracingChannel } from 'node:diagnostics_channel';
import type { CommandArg } from '@aredis/resp-parser';

/** Where a connection goes, as OpenTelemetry's `server.address` / `server.port` name it. */
export interface ServerPeer {
  /** Host name or IP address; the socket's path for a unix socket. */
  serverAddress: string;
  /** Undefined for a unix socket. */
  serverPort: number | undefined;
  /** The database the connection selected (`db`, default 0). */
  database: number;
}

export interface CommandTraceContext extends ServerPeer {
  /** The command's name, upper case, with its subcommand (`GET`, `CONFIG GET`). */
  command: string;
  /** How many keys the command names (from the command specifications), or undefined when no key table is loaded. */
  keyCount: number | undefined;
  /** Set by the TracingChannel: the reply, or the error the command failed with. */
  result?: unknown;
  error?: unknown;
}

export interface BatchTraceContext extends ServerPeer {
  /** The commands sent in the batch, MULTI and EXEC included. */
  commands: number;
  /** True for a MULTI/EXEC transaction. */
  transaction: boolean;
  result?: unknown;
  error?: unknown;
}

export interface ConnectionEventMessage extends ServerPeer {
  /** The connection itself (for correlating; print it, it redacts its secrets). */
  connection: object;
  /** `aredis:reconnect`: the attempt about to be made and the wait before it (seconds). */
  attempt?: number;
  delay?: number;
  /** `aredis:reconnect` and `aredis:close`: why. */
  error?: Error;
}

export const commandChannel: TracingChannel<object, CommandTraceContext> = tracingChannel('aredis:command');
export const batchChannel: TracingChannel<object, BatchTraceContext> = tracingChannel('aredis:batch');
export const connectChannel = channel('aredis:connect');
export const reconnectChannel = channel('aredis:reconnect');
export const closeChannel = channel('aredis:close');

/** Names a command and counts its keys; `@aredis/commands` knows how (see `setCommandDescriber`). */
export type CommandDescriber = (args: readonly CommandArg[]) => { name: string; keyCount: number };

let describer: CommandDescriber | undefined;

/**
 * Installs what names commands and counts their keys in the trace contexts. `@aredis/client`
 * installs the command specifications' key table when it is loaded; without one, `command`
 * is the first word and `keyCount` is undefined.
 */
export function setCommandDescriber(describe: CommandDescriber | undefined): void {
  describer = describe;
}

/**
 * A command's name without its arguments (`CONFIG GET`, `GET`): the describer's, or the first
 * word upper-cased. What a ResponseError's `command` says.
 */
export function commandNameOf(args: readonly CommandArg[] | undefined): string | undefined {
  if (args === undefined || args.length === 0) return undefined;
  return describer !== undefined ? describer(args).name : String(args[0]).toUpperCase();
}

/** The peer of a connection, from the fields its classes have (`host`/`port`, `path`). */
export function serverPeer(connection: object, db: number | undefined): ServerPeer {
  const { host, port, path } = connection as { host?: unknown; port?: unknown; path?: unknown };
  return {
    serverAddress: typeof host === 'string' ? host : typeof path === 'string' ? path : String(connection.constructor.name),
    serverPort: typeof port === 'number' ? port : undefined,
    database: db ?? 0,
  };
}

export function commandContext(peer: ServerPeer, args: readonly CommandArg[]): CommandTraceContext {
  const described = describer?.(args);
  const command = described?.name ?? String(args[0] ?? '').toUpperCase();
  return { command, keyCount: described?.keyCount, serverAddress: peer.serverAddress, serverPort: peer.serverPort, database: peer.database };
}

/**
 * Runs `send` (which sends the batch on `connection`) as one `aredis:batch` trace when anyone
 * subscribes, and as it is otherwise.
 */
export function traceBatch<T>(
  connection: { readonly options: { readonly db?: number } },
  commands: number,
  transaction: boolean,
  send: () => Promise<T>,
): Promise<T> {
  if (!batchChannel.hasSubscribers) return send();
  const context: BatchTraceContext = { ...serverPeer(connection, connection.options.db), commands, transaction };
  return batchChannel.tracePromise(send, context);
}
