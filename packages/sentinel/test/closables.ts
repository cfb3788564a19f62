/** Things a test file opens (clients, Sentinels), closed in reverse order by `closeAll()` in afterAll. */
export class Closables {
  readonly #open: { close(): Promise<void> }[] = [];

  track<T extends { close(): Promise<void> }>(closable: T): T {
    this.#open.push(closable);
    return closable;
  }

  async closeAll(): Promise<void> {
    for (const closable of this.#open.splice(0).reverse()) await closable.close();
  }
}
