import type { ResponseCallback } from '@aredis/commands';
import { ExecAbortError, ProtocolError, ResponseError, WatchError, type RespValue } from '@aredis/resp-parser';
import { annotate, type QueuedCommand } from './queued.js';

type Callbacks = ReadonlyMap<string, ResponseCallback>;

/**
 * A failure of the batch as a whole (the connection was lost, a timeout): not the error of one
 * command, so it is raised from execute() whatever `raiseOnError` says.
 */
function batchFailure(reply: unknown): Error | undefined {
  return reply instanceof Error && !(reply instanceof ResponseError) ? reply : undefined;
}

/** A reply shaped by its command's callback; an error reply, or a callback that throws, becomes an annotated error. */
function shape(reply: unknown, index: number, command: QueuedCommand, callbacks: Callbacks): unknown {
  if (reply instanceof Error) return annotate(reply, index, command.args);
  const callback = callbacks.get(command.name);
  if (callback === undefined) return reply;
  try {
    return callback(reply as RespValue, command.options);
  } catch (error) {
    return annotate(error instanceof Error ? error : new Error(String(error)), index, command.args);
  }
}

/** The replies of a pipeline sent without MULTI/EXEC, shaped, errors in their places. */
export function plainResults(replies: unknown[], queue: readonly QueuedCommand[], callbacks: Callbacks): unknown[] {
  for (const reply of replies) {
    const failure = batchFailure(reply);
    if (failure !== undefined) throw failure;
  }
  return replies.map((reply, i) => shape(reply, i, queue[i] as QueuedCommand, callbacks));
}

/**
 * The replies of MULTI, the queued commands and EXEC, turned into the commands' shaped
 * replies. EXEC answering null (a watched key changed) raises WatchError; EXECABORT raises
 * ExecAbortError carrying the errors the commands were queued with (`errors`).
 */
export function transactionResults(replies: unknown[], queue: readonly QueuedCommand[], callbacks: Callbacks): unknown[] {
  for (const reply of replies) {
    const failure = batchFailure(reply);
    if (failure !== undefined) throw failure;
  }
  const multi = replies[0];
  if (multi instanceof Error) throw multi;
  const queuedErrors: ResponseError[] = [];
  for (let i = 0; i < queue.length; i++) {
    const reply = replies[i + 1];
    if (reply instanceof ResponseError) queuedErrors.push(annotate(reply, i, (queue[i] as QueuedCommand).args));
  }
  const exec = replies[queue.length + 1];
  if (exec instanceof ExecAbortError) {
    exec.errors = queuedErrors;
    throw exec;
  }
  if (exec instanceof Error) throw exec;
  if (exec === null) throw new WatchError('Watched variable changed: the transaction was not run (EXEC answered null)');
  if (!Array.isArray(exec)) throw new ProtocolError(`EXEC answered ${typeof exec}, expected an array of replies`);
  if (exec.length !== queue.length) {
    throw new ProtocolError(`EXEC answered ${exec.length} replies for ${queue.length} queued commands`);
  }
  return exec.map((reply: unknown, i: number) => shape(reply, i, queue[i] as QueuedCommand, callbacks));
}

/** The first error among shaped replies (what `raiseOnError` raises), if any. */
export function firstError(results: readonly unknown[]): Error | undefined {
  for (const result of results) if (result instanceof Error) return result;
  return undefined;
}
