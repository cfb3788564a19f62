import type { SendOptions } from '@aredis/connection';

/**
 * The one place where a duration the cluster keeps in milliseconds (timers, deadlines) becomes
 * a `connection.send` timeout, in the unit SendOptions takes.
 */
export function timeoutOption(ms: number): SendOptions {
  return { timeout: ms / 1000 }; // SendOptions take seconds
}

/** The `timeout` of a SendOptions in milliseconds (0 or undefined: none). */
export function timeoutMs(options: SendOptions | undefined): number {
  return (options?.timeout ?? 0) * 1000;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
