/**
 * One entry of an Inbox: a value, or an error the reader is to throw. `onRead`, when given,
 * is for the reader to call once it has taken the value (what reading it changes).
 */
export type InboxEntry<T> = { value: T; error?: undefined; onRead?: () => void } | { value?: undefined; error: Error; onRead?: undefined };

interface Waiter<T> {
  resolve(entry: InboxEntry<T> | null): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * An unbounded FIFO of what a dedicated connection received, read with `take()`: a reader
 * waits (up to a timeout, or until an AbortSignal fires) when it is empty. `end()` makes every
 * reader get `null` from then on; `fail(error)` makes them throw it.
 */
export class Inbox<T> {
  #items: InboxEntry<T>[] = [];
  #head = 0;
  readonly #waiters: Waiter<T>[] = [];
  #ended = false;
  #failure: Error | undefined = undefined;

  get size(): number {
    return this.#items.length - this.#head;
  }

  get ended(): boolean {
    return this.#ended || this.#failure !== undefined;
  }

  push(entry: InboxEntry<T>): void {
    if (this.ended) return;
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      settle(waiter);
      waiter.resolve(entry);
      return;
    }
    this.#items.push(entry);
  }

  /**
   * The next entry; `null` when `timeout` ms pass first (0: only what is already here;
   * Infinity: no limit), when `signal` aborts, or when the inbox has ended.
   */
  take(timeout: number, signal?: AbortSignal): Promise<InboxEntry<T> | null> {
    if (this.#head < this.#items.length) return Promise.resolve(this.#shift());
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#ended || timeout <= 0 || signal?.aborted === true) return Promise.resolve(null);
    return new Promise<InboxEntry<T> | null>((resolve, reject) => {
      const waiter: Waiter<T> = { resolve, reject, timer: undefined, signal, onAbort: undefined };
      const giveUp = (): void => {
        const index = this.#waiters.indexOf(waiter);
        if (index !== -1) this.#waiters.splice(index, 1);
        settle(waiter);
        resolve(null);
      };
      if (Number.isFinite(timeout)) waiter.timer = setTimeout(giveUp, timeout);
      if (signal !== undefined) {
        waiter.onAbort = giveUp;
        signal.addEventListener('abort', giveUp, { once: true });
      }
      this.#waiters.push(waiter);
    });
  }

  /** No more entries: waiting and future readers get what is left, then `null`. */
  end(): void {
    this.#ended = true;
    for (const waiter of this.#waiters.splice(0)) {
      settle(waiter);
      waiter.resolve(null);
    }
  }

  /** Readers throw `error` once what is left has been read. */
  fail(error: Error): void {
    if (this.ended) return;
    this.#failure = error;
    for (const waiter of this.#waiters.splice(0)) {
      settle(waiter);
      waiter.reject(error);
    }
  }

  #shift(): InboxEntry<T> {
    const entry = this.#items[this.#head] as InboxEntry<T>;
    this.#head++;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return entry;
  }
}

function settle<T>(waiter: Waiter<T>): void {
  if (waiter.timer !== undefined) clearTimeout(waiter.timer);
  if (waiter.signal !== undefined && waiter.onAbort !== undefined) waiter.signal.removeEventListener('abort', waiter.onAbort);
}
