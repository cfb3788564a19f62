/** A FIFO read with `take(timeout)`: the merged stream of several PubSubs' messages. */
export class MessageQueue<T> {
  readonly #items: T[] = [];
  readonly #waiters: ((item: T | null) => void)[] = [];
  #ended = false;

  push(item: T): void {
    if (this.#ended) return;
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) waiter(item);
    else this.#items.push(item);
  }

  /** The next item, or null after `timeout` ms (0: only what is here; Infinity: wait) or `end()`. */
  take(timeout: number): Promise<T | null> {
    if (this.#items.length > 0) return Promise.resolve(this.#items.shift() as T);
    if (this.#ended || timeout <= 0) return Promise.resolve(null);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = (item: T | null): void => {
        if (timer !== undefined) clearTimeout(timer);
        resolve(item);
      };
      this.#waiters.push(waiter);
      if (Number.isFinite(timeout)) {
        timer = setTimeout(() => {
          const at = this.#waiters.indexOf(waiter);
          if (at !== -1) this.#waiters.splice(at, 1);
          resolve(null);
        }, timeout);
      }
    });
  }

  /** Every reader gets null from now on. */
  end(): void {
    this.#ended = true;
    for (const waiter of this.#waiters.splice(0)) waiter(null);
  }
}
