import { ConnectionError } from '@aredis/resp-parser';
import type Denque from 'denque';
import { mayWaitLong } from './command-words.js';
import type { PendingReply } from './pending.js';

/** What the watch reads of the link it guards. */
interface Watched {
  readonly inflight: Denque<PendingReply>;
  /** When the server last sent anything (ms). */
  readonly lastHeard: number;
  readonly description: string;
  destroySocket(error: Error): void;
}

/**
 * Finds a dead server while a reply is owed (`silenceTimeout`): a timer that looks, a few
 * times per limit, at the head of the FIFO (the reply the server owes next) and at when the
 * server last spoke. When the same head has waited the whole limit and nothing came, the
 * socket is taken for dead. A head that blocks by design (BLPOP, XREAD BLOCK, WAIT, ...)
 * may wait forever. Nothing runs per command: the timer only compares what it saw last time.
 */
export class SilenceWatch {
  readonly #link: Watched;
  readonly #limit: number;
  #timer: NodeJS.Timeout | undefined = undefined;
  #head: PendingReply | undefined = undefined;
  #heard = 0;
  #since = 0;

  constructor(link: Watched, limitMs: number) {
    this.#link = link;
    this.#limit = limitMs;
  }

  start(): void {
    this.stop();
    const every = Math.max(5, Math.floor(this.#limit / 8));
    this.#timer = setInterval(() => this.#look(), every);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#head = undefined;
  }

  #look(): void {
    const link = this.#link;
    const head = link.inflight.peekFront();
    const now = Date.now();
    if (head === undefined || mayWaitLong(head.args)) {
      this.#head = undefined;
      return;
    }
    if (head !== this.#head || link.lastHeard !== this.#heard) {
      // A new head (the silence starts now at the latest), or the server spoke (it starts then).
      this.#since = head !== this.#head ? now : link.lastHeard;
      this.#head = head;
      this.#heard = link.lastHeard;
      return;
    }
    if (now - this.#since < this.#limit) return;
    this.stop();
    const seconds = this.#limit / 1000;
    link.destroySocket(
      new ConnectionError(`No reply from ${link.description} for ${seconds} s while a command waited (silenceTimeout): the server is taken for dead`),
    );
  }
}
