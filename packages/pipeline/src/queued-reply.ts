import { PipelineError } from './errors.js';

/** Where the reply of a command queued through a WatchedPipeline goes once execute() ran. */
export interface ReplySlot {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** One execute() worth of queued commands: `started` once execute() took them. */
export interface Batch {
  started: boolean;
}

const ignore = (): void => undefined;
const plainThen = Promise.prototype.then;

/**
 * The promise a WatchedPipeline's command gives after `multi()`: it settles with that
 * command's reply once `execute()` ran (or with the error that ended the batch).
 *
 * Two guards, so that ignoring it or awaiting it too early can never go wrong silently:
 * - it is marked handled when made: a caller who ignores it never gets an unhandled
 *   rejection (the error surfaces through `execute()`);
 * - waiting for its value before `execute()` started (`await pipe.set(...)` inside the
 *   transaction function) could only wait forever, since execute() runs after the function
 *   returns: it rejects at once with PipelineError saying so. Promises derived from it
 *   (`.then`, `.catch`, `.finally`) are QueuedReplies of the same batch and keep the guard;
 *   `.catch(handler)` alone is not waiting for the value.
 */
export class QueuedReply<T = unknown> extends Promise<T> {
  #batch: Batch | undefined = undefined;
  #name = '';
  #reject: (error: unknown) => void;

  constructor(executor: (resolve: (value: T | PromiseLike<T>) => void, reject: (reason?: unknown) => void) => void) {
    let rejectThis: (error: unknown) => void = ignore;
    super((resolve, reject) => {
      rejectThis = reject;
      executor(resolve, reject);
    });
    this.#reject = rejectThis;
  }

  /** A reply to come for the command `name` of `batch`, and the slot that settles it. */
  static make(name: string, batch: Batch): { reply: QueuedReply; slot: ReplySlot } {
    let slot: ReplySlot | undefined;
    const reply = new QueuedReply<unknown>((resolve, reject) => {
      slot = { resolve, reject };
    });
    reply.#batch = batch;
    reply.#name = name;
    plainThen.call(reply, undefined, ignore);
    return { reply, slot: slot as ReplySlot };
  }

  /** A reply that is already the error `error` (marked handled, like every QueuedReply). */
  static failed(error: unknown): QueuedReply<never> {
    const reply = new QueuedReply<never>((_, reject) => reject(error));
    plainThen.call(reply, undefined, ignore);
    return reply;
  }

  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const batch = this.#batch;
    if (typeof onfulfilled === 'function' && batch !== undefined && !batch.started) {
      this.#reject(
        new PipelineError(
          `${this.#name}: this command is queued in the transaction and its reply comes once execute() ran ` +
            '(transaction() runs it after your function returns): awaiting it before would wait forever. ' +
            'Do not await queued commands; read their replies from execute() or await them after it',
        ),
      );
    }
    const derived = super.then(onfulfilled, onrejected) as QueuedReply<R1 | R2>;
    derived.#batch = batch;
    derived.#name = this.#name;
    return derived;
  }
}
