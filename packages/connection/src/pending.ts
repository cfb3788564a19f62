import { TimeoutError, type RespValue } from '@aredis/resp-parser';
import type { Command, ReplyTransform } from './options.js';

const NO_OPTIONS: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * One command waiting for its reply. It sits in the connection's offline queue until it is
 * written, then in the in-flight FIFO until its reply arrives. When it is given up (timeout,
 * abort, connection loss) its promise settles at once, but a written one keeps its FIFO slot
 * so that its reply, when it comes, is dropped instead of going to the next command.
 *
 * It is its own abort listener (`handleEvent`), so a signal costs no closure.
 */
export class PendingReply {
  /** Settled (replied or given up): a reply still owed by the server is dropped. */
  done = false;
  /** Encoded into the write buffer: it owns a FIFO slot. */
  written = false;
  /** Absolute time (ms) after which it is given up; 0 for none. */
  deadline = 0;
  /**
   * While it waits for the connection (offline queue) without a deadline of its own: the
   * time (ms) it gives up waiting (socketConnectTimeout after it began to wait); 0 for none.
   */
  connectBy = 0;
  signal: AbortSignal | undefined = undefined;
  transform: ReplyTransform | undefined = undefined;
  transformOptions: Readonly<Record<string, unknown>> = NO_OPTIONS;
  /** Its reply is read in the other mode than the connection's (SendOptions.returnBuffers). */
  otherMode = false;

  constructor(
    /**
     * The arguments, kept until it settles: a command whose bytes never reached the socket
     * is written again on the next one. Undefined for the connection's own commands
     * (handshake, health check), which are never sent again.
     */
    public args: Command | undefined,
    readonly resolve: (value: unknown) => void,
    readonly reject: (error: Error) => void,
  ) {}

  /** Hands over the reply (shaped by the transform, which may throw). */
  settle(reply: RespValue): void {
    this.done = true;
    if (this.signal !== undefined) this.signal.removeEventListener('abort', this);
    const transform = this.transform;
    if (transform === undefined) {
      this.resolve(reply);
      return;
    }
    try {
      this.resolve(transform(reply, this.transformOptions));
    } catch (error) {
      this.reject(error as Error);
    }
  }

  fail(error: Error): void {
    if (this.done) return;
    this.done = true;
    this.args = undefined;
    if (this.signal !== undefined) this.signal.removeEventListener('abort', this);
    this.reject(error);
  }

  /** The abort listener. */
  handleEvent(): void {
    const reason: unknown = this.signal?.reason;
    this.fail(reason instanceof Error ? reason : new TimeoutError('The command was aborted', { cause: reason }));
  }
}
