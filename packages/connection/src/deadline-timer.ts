/**
 * One timer per connection for every command deadline (never a timer per command). It is
 * armed for the earliest deadline it was told about; when it fires, the connection sweeps
 * its queues, fails what is overdue and re-arms it for the earliest deadline left.
 */
export class DeadlineTimer {
  #timer: NodeJS.Timeout | undefined = undefined;
  #at = Infinity;
  readonly #onFire: () => void;

  constructor(onFire: () => void) {
    this.#onFire = onFire;
  }

  /** Makes sure the timer fires no later than `deadline` (absolute ms). */
  schedule(deadline: number): void {
    if (deadline >= this.#at) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#at = deadline;
    this.#timer = setTimeout(this.#fire, Math.max(0, deadline - Date.now()));
    this.#timer.unref();
  }

  cancel(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#at = Infinity;
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#at = Infinity;
    this.#onFire();
  };
}
