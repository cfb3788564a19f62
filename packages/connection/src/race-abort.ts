import type { Duplex } from 'node:stream';

/**
 * The socket `createSocket` gave (or promised), or the signal's reason once it aborts first;
 * a socket that arrives after the abort is destroyed.
 */
export function raceAbort<T extends Duplex>(value: T | Promise<T>, signal: AbortSignal): Promise<T> {
  if (!(value instanceof Promise)) return Promise.resolve(value);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    value.then(
      (socket) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) {
          socket.destroy();
          return;
        }
        resolve(socket);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
