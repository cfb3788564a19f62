import { DataError, type CommandArg } from '@aredis/resp-parser';
import { redactCommand } from '@aredis/resp-parser/internal';
import { commandName, type CallOptions } from '@aredis/commands';
import type { ReplySlot } from './queued-reply.js';

/** One command waiting in a pipeline: its arguments, its callback's name and the call's options. */
export interface QueuedCommand {
  readonly args: readonly CommandArg[];
  /** The RESPONSE_CALLBACKS key (`GET`, `CONFIG GET`). */
  readonly name: string;
  readonly options: CallOptions;
  /** Its reply is binary whatever decodeResponses says (a neverDecode declaration: DUMP). */
  readonly neverDecode?: boolean;
  /** Answered without the server (a declaration's localReply: `mget([])`): not sent. */
  readonly local?: { readonly reply: unknown };
  /** Queued through a WatchedPipeline: where its reply goes (the promise that call returned). */
  readonly slot?: ReplySlot | undefined;
}

/** Settles the promises of queued commands with their results (an Error rejects). */
export function settleReplies(queue: readonly QueuedCommand[], results: readonly unknown[]): void {
  for (let i = 0; i < queue.length; i++) {
    const slot = (queue[i] as QueuedCommand).slot;
    if (slot === undefined) continue;
    const result = results[i];
    if (result instanceof Error) slot.reject(result);
    else slot.resolve(result);
  }
}

/** Rejects the promises of queued commands with `error` (the batch failed, or never ran). */
export function failReplies(queue: readonly QueuedCommand[], error: unknown): void {
  for (const command of queue) command.slot?.reject(error);
}

/**
 * Checks that the encoder will take every argument (what it refuses, as a cheap typeof loop),
 * so that a queued command can never fail half-way through a batch: a transaction is written
 * whole or not at all.
 */
export function checkEncodable(args: readonly CommandArg[]): void {
  for (let i = 0; i < args.length; i++) {
    const arg: unknown = args[i];
    const type = typeof arg;
    if (type === 'string' || type === 'bigint' || (type === 'number' && !Number.isNaN(arg)) || Buffer.isBuffer(arg)) {
      continue;
    }
    const shown = arg === null ? 'null' : Array.isArray(arg) ? 'an array' : type === 'number' ? 'NaN' : type;
    throw new DataError(`${String(args[0])}: argument at index ${i} cannot be sent (${shown})`);
  }
}

const SHOWN_ARGS = 6;
const SHOWN_CHARS = 40;

/** A short text of a command for messages: `SET user:1 {"name":"a...` (long values cut). */
export function describeCommand(args: readonly CommandArg[]): string {
  // Passwords a command carries (AUTH, HELLO ... AUTH, CONFIG SET requirepass, ...) are never shown.
  const parts = redactCommand(args.slice(0, SHOWN_ARGS)).map((arg) => {
    const text = Buffer.isBuffer(arg) ? arg.toString('utf8', 0, SHOWN_CHARS + 1) : String(arg);
    return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS - 3)}...` : text;
  });
  if (args.length > SHOWN_ARGS) parts.push(`... (${args.length} arguments)`);
  return parts.join(' ');
}

/** An error of one pipeline command, naming where it came from. */
export interface PipelineCommandError extends Error {
  /** The command's position in the pipeline, from 0. */
  commandIndex: number;
  /** The command's name (`INCR`, `CONFIG GET`), never its arguments, as a ResponseError's `command`. */
  command: string;
}

/**
 * Names the command an error belongs to: the message gains `(command #i of the pipeline: ...)`
 * after the server's words (the command shortened, secrets masked: `describeCommand`), and the
 * error gets `commandIndex` and `command` (its name only). Its class (and a ResponseError's
 * `prefix`) stays as it was.
 */
export function annotate<E extends Error>(error: E, index: number, args: readonly CommandArg[]): E & PipelineCommandError {
  const annotated = error as E & PipelineCommandError;
  if (annotated.commandIndex !== undefined) return annotated;
  const command = describeCommand(args);
  annotated.commandIndex = index;
  annotated.command = commandName(args);
  annotated.message = `${error.message} (command #${index} of the pipeline: ${command})`;
  return annotated;
}
