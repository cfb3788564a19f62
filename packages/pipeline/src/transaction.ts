import { setTimeout as sleep } from 'node:timers/promises';
import { DataError, WatchError } from '@aredis/resp-parser';
import { OPEN_SESSION, type Pipeline } from './pipeline.js';
import type { WatchedPipeline } from './watched.js';

export interface TransactionOptions {
  /** Wait this long (ms) before trying again after a WatchError. Default 0. */
  watchDelay?: number;
  /** Resolve with what `fn` returned instead of the transaction's replies. Default false. */
  valueFromCallable?: boolean;
}

/** `fn` of `transaction()`: reads through the WatchedPipeline, then `pipe.multi()` and queues the writes. */
export type TransactionFunction<D extends boolean, T> = (pipe: WatchedPipeline<D>) => T | Promise<T>;

/**
 * redis-py's `transaction()`: WATCH `watches` on a pipeline of its own, call `fn` with the
 * WatchedPipeline (immediate reads, then `multi()` and the queued writes), execute, and start
 * again from WATCH whenever a watched key changed (WatchError), until it goes through. Any
 * other error ends it. The connection goes back to the pool in every case.
 */
export async function runTransaction<D extends boolean, T>(
  pipeline: Pipeline<D>,
  fn: TransactionFunction<D, T>,
  watches: readonly (string | Buffer)[],
  options: TransactionOptions = {},
): Promise<unknown[] | T> {
  const watchDelay = options.watchDelay ?? 0;
  if (typeof watchDelay !== 'number' || !(watchDelay >= 0)) {
    throw new DataError("transaction: option 'watchDelay' must be a number of ms >= 0");
  }
  if (typeof fn !== 'function') throw new DataError("transaction: argument 'fn' must be a function");
  try {
    for (;;) {
      try {
        const watched = watches.length > 0 ? await pipeline.watch(...watches) : await pipeline[OPEN_SESSION]([]);
        const value = await fn(watched);
        const results = await pipeline.execute();
        return options.valueFromCallable === true ? value : results;
      } catch (error) {
        if (!(error instanceof WatchError)) throw error;
        await pipeline.reset();
        if (watchDelay > 0) await sleep(watchDelay);
      }
    }
  } finally {
    await pipeline.reset();
  }
}
