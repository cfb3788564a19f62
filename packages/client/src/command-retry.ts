import { Retry, type RetryOptions } from '@aredis/connection';
import type { ConnectionPool } from '@aredis/pool';
import { DataError, TimeoutError } from '@aredis/resp-parser';

/** An error class a command may be retried on (`ConnectionError`, `TimeoutError`, `BusyLoadingError`, ...). */
export type RetryableError = abstract new (...args: never[]) => Error;

/** The client's command retries: the errors that send a command again, and the Retry that paces them. */
export interface CommandRetry {
  readonly retry: Retry;
  readonly errors: readonly RetryableError[];
}

/**
 * redis-py's `retry_on_timeout` / `retry_on_error`: a command that fails with one of these
 * errors is sent again, paced and bounded by the connections' `retry` policy. Without
 * either option (the default) nothing is retried here: the connection already sends again
 * what never reached the server, and a command that may have run is retried only on an
 * error the user named.
 */
export function commandRetryFor(
  where: string,
  retryOnTimeout: unknown,
  retryOnError: unknown,
  pool: ConnectionPool,
): CommandRetry | undefined {
  if (retryOnTimeout !== undefined && typeof retryOnTimeout !== 'boolean') {
    throw new DataError(`${where}: option 'retryOnTimeout' must be a boolean`);
  }
  if (retryOnError !== undefined && (!Array.isArray(retryOnError) || !retryOnError.every((c) => typeof c === 'function'))) {
    throw new DataError(`${where}: option 'retryOnError' must be an array of error classes (ConnectionError, TimeoutError, ...)`);
  }
  const errors: RetryableError[] = [...((retryOnError as RetryableError[] | undefined) ?? [])];
  if (retryOnTimeout === true && !errors.includes(TimeoutError)) errors.push(TimeoutError);
  if (errors.length === 0) return undefined;
  const option = pool.connectionOptions.retry as Retry | RetryOptions | false | undefined;
  return { retry: Retry.from(option), errors };
}

/** Runs `send` until it succeeds, fails with an error not named, or the Retry's budget is spent. */
export async function withRetry(
  { retry, errors }: CommandRetry,
  signal: AbortSignal | undefined,
  send: () => Promise<unknown>,
): Promise<unknown> {
  for (let failures = 1; ; failures++) {
    try {
      return await send();
    } catch (error) {
      // A command the caller aborted is not sent again, whatever the error says.
      if (signal?.aborted === true || !errors.some((errorClass) => error instanceof errorClass)) throw error;
      const delay = retry.delayFor(failures);
      if (delay === undefined) throw error;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay * 1000));
    }
  }
}
