import type { Socket } from 'node:net';

/** Bytes queued in one lane before the proxy stops reading its source (backpressure). */
const HIGH_WATER = 1024 * 1024;

type Item = { chunk: Buffer; due: number } | { end: true; due: number };

/**
 * One direction of a proxied connection: reads from `source`, writes to `sink` in order, after
 * `delay` ms, holding everything (data and the FIN) while paused. Nothing is dropped unless the
 * lane is shut (the sink was half-closed by the proxy, or the connection was cut).
 */
export class Lane {
  readonly #source: Socket;
  readonly #sink: Socket;
  readonly #queue: Item[] = [];
  #queuedBytes = 0;
  #paused = false;
  #delay = 0;
  #timer: NodeJS.Timeout | undefined;
  #waitingForDrain = false;
  #shut = false;
  #ended = false;
  /** Bytes still allowed through before `#onBudgetSpent` cuts the connection (Infinity: no limit). */
  #budget = Infinity;
  #onBudgetSpent: (() => void) | undefined;

  constructor(source: Socket, sink: Socket, state: { paused: boolean; delay: number }) {
    this.#source = source;
    this.#sink = sink;
    this.#paused = state.paused;
    this.#delay = state.delay;
    source.on('data', (chunk: Buffer) => this.#push({ chunk, due: this.#dueTime() }));
    source.on('end', () => this.#push({ end: true, due: this.#dueTime() }));
    sink.on('drain', () => {
      this.#waitingForDrain = false;
      this.#pump();
    });
  }

  /** Bytes read from the source and not yet written to the sink (held while paused or delayed). */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /** Whether the FIN has been passed on (or the lane shut). */
  get finished(): boolean {
    return this.#ended || this.#shut;
  }

  pause(): void {
    this.#paused = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  resume(): void {
    this.#paused = false;
    this.#pump();
  }

  setDelay(ms: number): void {
    this.#delay = ms;
  }

  /** Lets `bytes` more bytes through, then calls `onSpent` once they were written (the rest is held). */
  limit(bytes: number, onSpent: () => void): void {
    this.#budget = bytes;
    this.#onBudgetSpent = onSpent;
    if (bytes === 0) this.#spend();
    else this.#pump();
  }

  #spend(): void {
    const onSpent = this.#onBudgetSpent;
    this.#onBudgetSpent = undefined;
    this.#paused = true; // nothing more passes
    onSpent?.();
  }

  /** Sends FIN to the sink now and discards anything that would have followed. */
  shut(): void {
    if (this.#shut) return;
    this.#shut = true;
    this.#queue.length = 0;
    this.#queuedBytes = 0;
    clearTimeout(this.#timer);
    if (!this.#sink.destroyed) this.#sink.end();
    this.#source.resume();
  }

  #dueTime(): number {
    // Ordering is FIFO whatever the delay; a lowered delay never lets a chunk overtake.
    const last = this.#queue.at(-1)?.due ?? 0;
    return Math.max(Date.now() + this.#delay, last);
  }

  #push(item: Item): void {
    if (this.#shut) return;
    this.#queue.push(item);
    if ('chunk' in item) {
      this.#queuedBytes += item.chunk.length;
      if (this.#queuedBytes > HIGH_WATER) this.#source.pause();
    }
    this.#pump();
  }

  #pump(): void {
    if (this.#paused || this.#waitingForDrain || this.#timer !== undefined) return;
    while (this.#queue.length > 0) {
      const head = this.#queue[0] as Item;
      const wait = head.due - Date.now();
      if (wait > 0) {
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#pump();
        }, wait);
        return;
      }
      if ('chunk' in head && head.chunk.length >= this.#budget) {
        // The budget ends with this chunk or inside it: write that much, then cut.
        const part = head.chunk.subarray(0, this.#budget);
        head.chunk = head.chunk.subarray(this.#budget);
        if (head.chunk.length === 0) this.#queue.shift();
        this.#queuedBytes -= part.length;
        this.#budget = 0;
        this.#paused = true;
        if (part.length === 0 || this.#sink.destroyed) this.#spend();
        else this.#sink.write(part, () => this.#spend());
        return;
      }
      this.#queue.shift();
      if (this.#sink.destroyed) continue;
      if ('chunk' in head) this.#budget -= head.chunk.length;
      if ('end' in head) {
        this.#ended = true;
        this.#sink.end();
        continue;
      }
      this.#queuedBytes -= head.chunk.length;
      if (this.#queuedBytes <= HIGH_WATER / 2 && this.#source.isPaused()) this.#source.resume();
      if (!this.#sink.write(head.chunk)) {
        this.#waitingForDrain = true;
        return;
      }
    }
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue.length = 0;
  }
}
