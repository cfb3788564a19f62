import { setTimeout as sleep } from 'node:timers/promises';
import { DataError, WatchError } from '@aredis/resp-parser';
import { checkOptions, seconds } from '@aredis/resp-parser/internal';
import { OPEN_SESSION, type Pipeline } from './pipeline.js';
import type { WatchedPipeline } from './watched.js';

export interface TransactionOptions {
  /** Wait this many seconds (fractions allowed) before trying again after a WatchError. Default 0. */
  watchDelay?: number;
  /** Resolve with what `fn` returned instead of the transaction's replies. Default false. */
  valueFromCallable?: boolean;
}

const TRANSACTION_OPTIONS: readonly (keyof TransactionOptions)[] = ['watchDelay', 'valueFromCallable'];

/** A key to WATCH. */
export type WatchKey = string | Buffer;

/** What `transaction(fn, ...)` takes after `fn`: keys or arrays of keys (then, last, maybe the options). */
export type TransactionWatches = WatchKey | readonly WatchKey[];

/** `fn` of `transaction()`: reads through the WatchedPipeline, then `pipe.multi()` and queues the writes. */
export type TransactionFunction<D extends boolean, T> = (pipe: WatchedPipeline<D>) => T | Promise<T>;

function isKey(value: unknown): value is WatchKey {
  return typeof value === 'string' || Buffer.isBuffer(value);
}

function shown(value: unknown): string {
  return value === null ? 'null' : typeof value;
}

/**
 * Reads `transaction(fn, ...args)` as redis-py's `transaction(func, *watches, **options)`:
 * keys (strings or Buffers) one by one, or in arrays, and a trailing plain object of options.
 * `transaction(fn, 'balance')` watches the key 'balance'. DataError on anything else.
 */
export function transactionArguments(args: readonly unknown[]): { watches: WatchKey[]; options: TransactionOptions } {
  let end = args.length;
  let options: TransactionOptions = {};
  const last: unknown = args[end - 1];
  if (end > 0 && typeof last === 'object' && last !== null && !Array.isArray(last) && !Buffer.isBuffer(last)) {
    options = last as TransactionOptions;
    end--;
  }
  const watches: WatchKey[] = [];
  for (let i = 0; i < end; i++) {
    const arg: unknown = args[i];
    if (isKey(arg)) {
      watches.push(arg);
    } else if (Array.isArray(arg)) {
      arg.forEach((key: unknown, j) => {
        if (!isKey(key)) throw new DataError(`transaction: watched key ${j} of array argument ${i + 2} must be a string or Buffer, got ${shown(key)}`);
        watches.push(key);
      });
    } else {
      throw new DataError(
        `transaction: argument ${i + 2} must be a key to watch (string or Buffer) or an array of keys (options go last), got ${shown(arg)}`,
      );
    }
  }
  return { watches, options };
}

/**
 * redis-py's `transaction()`: WATCH `watches` on a pipeline of its own, call `fn` with the
 * WatchedPipeline (immediate reads, then `multi()` and the queued writes), execute, and start
 * again from WATCH whenever a watched key changed (WatchError), until it goes through. Any
 * other error ends it. The connection goes back to the pool in every case. Without watched
 * keys, `fn`'s commands queue from the start (nothing is read at once), as in redis-py.
 */
export async function runTransaction<D extends boolean, T>(
  pipeline: Pipeline<D>,
  fn: TransactionFunction<D, T>,
  watches: readonly WatchKey[],
  options: TransactionOptions = {},
): Promise<unknown[] | T> {
  checkOptions('transaction', options, TRANSACTION_OPTIONS);
  const watchDelay = seconds('transaction', 'watchDelay', options.watchDelay, 0);
  const valueFromCallable = options.valueFromCallable ?? false;
  if (typeof valueFromCallable !== 'boolean') {
    throw new DataError(`transaction: option 'valueFromCallable' must be a boolean, got ${shown(valueFromCallable)}`);
  }
  if (typeof fn !== 'function') throw new DataError("transaction: argument 'fn' must be a function");
  if (!Array.isArray(watches)) throw new DataError("transaction: 'watches' must be an array of keys");
  try {
    for (;;) {
      try {
        const watched = watches.length > 0 ? await pipeline.watch(...watches) : await pipeline[OPEN_SESSION]([]);
        const value = await fn(watched);
        const results = await pipeline.execute();
        return valueFromCallable ? value : results;
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
