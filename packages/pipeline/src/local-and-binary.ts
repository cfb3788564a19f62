import { VerbatimString } from '@aredis/resp-parser';
import type { QueuedCommand } from './queued.js';

/**
 * The two kinds of queued command that a pipeline treats apart: one answered locally (a
 * declaration's localReply, `mget([])`), which is not sent and whose reply takes its place in
 * the results, and one whose reply is binary (a neverDecode declaration, DUMP) on a decoding
 * connection.
 */

/** The commands to send: the queue itself when none is answered locally. */
export function withoutLocal(queue: readonly QueuedCommand[]): readonly QueuedCommand[] {
  return queue.some((command) => command.local !== undefined) ? queue.filter((command) => command.local === undefined) : queue;
}

/** The results of every queued command: the sent ones' `results` in order, the local replies in their places. */
export function withLocal(queue: readonly QueuedCommand[], results: unknown[]): unknown[] {
  if (results.length === queue.length) return results;
  let next = 0;
  return queue.map((command) => (command.local !== undefined ? command.local.reply : results[next++]));
}

/**
 * How each command's reply is read (see sendAll): Buffers for a reply never decoded (DUMP),
 * else `mode` (a view's decodeResponses: false → true), else as the connection reads them.
 */
export function replyModes(sent: readonly QueuedCommand[], mode: boolean | undefined): (boolean | undefined)[] | undefined {
  if (mode === undefined && !sent.some((command) => command.neverDecode === true)) return undefined;
  return sent.map((command) => (command.neverDecode === true ? true : mode));
}

/**
 * EXEC read as Buffers because it holds a binary reply: decodes the replies of the other
 * commands as the connection would have (every Buffer in them becomes a string in `encoding`).
 * `replies` are MULTI's, the QUEUED ones, then EXEC's.
 */
export function decodeExecReply(replies: unknown[], sent: readonly QueuedCommand[], encoding: BufferEncoding): void {
  const exec = replies[sent.length + 1];
  if (!Array.isArray(exec)) return;
  for (let i = 0; i < exec.length; i++) {
    if (sent[i]?.neverDecode !== true) exec[i] = decodeBuffers(exec[i], encoding);
  }
}

/** A reply with every Buffer in it decoded, as the parser gives it on a decoding connection. */
export function decodeBuffers(value: unknown, encoding: BufferEncoding): unknown {
  if (Buffer.isBuffer(value)) return value.toString(encoding);
  if (Array.isArray(value)) return value.map((item) => decodeBuffers(item, encoding));
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const [k, v] of value) out.set(decodeBuffers(k, encoding), decodeBuffers(v, encoding));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set<unknown>();
    for (const item of value) out.add(decodeBuffers(item, encoding));
    return out;
  }
  if (value instanceof VerbatimString && Buffer.isBuffer(value.value)) return new VerbatimString(value.format, value.value.toString(encoding));
  return value;
}
