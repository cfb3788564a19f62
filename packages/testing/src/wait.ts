import { StartupError } from './errors.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` every `intervalMs` until it returns a value other than undefined/false; rejects
 * with `StartupError` after `timeoutMs`, saying `what` and the last reason `check` gave
 * (a thrown error's message or the string it returned via `why`).
 */
export async function waitUntil<T>(
  what: string,
  check: (why: (reason: string) => undefined) => Promise<T | undefined | false>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let reason = 'not checked yet';
  const why = (text: string): undefined => {
    reason = text;
    return undefined;
  };
  for (;;) {
    try {
      const result = await check(why);
      if (result !== undefined && result !== false) return result;
    } catch (error) {
      reason = (error as Error).message;
    }
    if (Date.now() >= deadline) throw new StartupError(`timed out after ${timeoutMs} ms waiting for ${what}: ${reason}`);
    await sleep(intervalMs);
  }
}
