import { traceBatch, type AbstractConnection, type SendOptions } from '@aredis/connection';
import { TimeoutError, type CommandArg } from '@aredis/resp-parser';

/** No per-command deadline: the batch has one deadline for all (see sendAll). */
const NO_DEADLINE: SendOptions = Object.freeze({ timeout: 0 });
/** The same for a command whose reply is read as Buffers (DUMP on a decoding connection, or an EXEC holding one). */
const NO_DEADLINE_BUFFERS: SendOptions = Object.freeze({ timeout: 0, returnBuffers: true });
/** And one whose reply is decoded on a Buffer connection (a `withOptions({ decodeResponses: true })` view). */
const NO_DEADLINE_DECODED: SendOptions = Object.freeze({ timeout: 0, returnBuffers: false });

/**
 * Sends every command in the same tick, so the connection encodes them into one write buffer
 * and they leave in one socket write, back to back (nothing another task issues can come
 * between them, which is what lets MULTI/EXEC use the shared connection). Resolves with one
 * entry a command, in order: the raw reply, or the Error it failed with.
 *
 * The commands carry no deadline of their own: a per-command deadline could give up some of
 * them while still queued and let the rest of a transaction run. The batch's `timeout`
 * (default: the connection's `commandTimeout`) and `signal` reject the returned promise
 * instead; the replies are still read when they come, so the connection stays in step.
 * `beforeSend` runs once connected, just before the commands are issued; it may throw.
 * `modes[i]` says how command i's reply is read: true as Buffers, false decoded, undefined
 * as the connection reads replies.
 */
export function sendAll(
  connection: AbstractConnection,
  commands: readonly (readonly CommandArg[])[],
  options: SendOptions | undefined,
  beforeSend?: () => void,
  modes?: readonly (boolean | undefined)[],
): Promise<unknown[]> {
  const transaction = String(commands[0]?.[0] ?? '').toUpperCase() === 'MULTI';
  return traceBatch(connection, commands.length, transaction, () => sendAllNow(connection, commands, options, beforeSend, modes));
}

async function sendAllNow(
  connection: AbstractConnection,
  commands: readonly (readonly CommandArg[])[],
  options: SendOptions | undefined,
  beforeSend?: () => void,
  modes?: readonly (boolean | undefined)[],
): Promise<unknown[]> {
  await connection.connect();
  beforeSend?.(); // right before the synchronous writes: nothing can change in between
  const count = commands.length;
  const results = new Array<unknown>(count);
  if (count === 0) return results;
  // Seconds in the options (per call, or the connection's commandTimeout); ms for the timer.
  const seconds = options?.timeout ?? connection.options.commandTimeout ?? 0;
  const timeout = Number.isFinite(seconds) ? seconds * 1000 : 0;
  const signal = options?.signal;
  return new Promise<unknown[]>((resolve, reject) => {
    let left = count;
    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      const reason: unknown = signal?.reason;
      stop();
      reject(reason instanceof Error ? reason : new TimeoutError('The pipeline was aborted', { cause: reason }));
    };
    const stop = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const settled = (): void => {
      if (--left === 0) {
        stop();
        resolve(results);
      }
    };
    if (signal !== undefined) {
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
    }
    if (timeout > 0) {
      timer = setTimeout(() => {
        stop();
        reject(new TimeoutError(`Timeout waiting for the ${count} replies of a pipeline from ${connection.description} (${seconds} s)`));
      }, timeout);
    }
    for (let i = 0; i < count; i++) {
      const mode = modes?.[i];
      connection.send(commands[i] as readonly CommandArg[], mode === true ? NO_DEADLINE_BUFFERS : mode === false ? NO_DEADLINE_DECODED : NO_DEADLINE).then(
        (reply) => {
          results[i] = reply;
          settled();
        },
        (error: unknown) => {
          results[i] = error;
          settled();
        },
      );
    }
  });
}
