import type { Duplex } from 'node:stream';

/**
 * Resolves with the socket once it emits `event` ('connect', 'secureConnect'); rejects on
 * an error or when `signal` aborts, destroying the half-open socket.
 */
export function whenConnected<S extends Duplex>(socket: S, event: string, signal: AbortSignal): Promise<S> {
  return new Promise<S>((resolve, reject) => {
    const cleanup = (): void => {
      socket.off(event, onReady);
      socket.off('error', onError);
      signal.removeEventListener('abort', onAbort);
    };
    const onReady = (): void => {
      cleanup();
      resolve(socket);
    };
    const onError = (error: Error): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onAbort = (): void => {
      cleanup();
      socket.destroy();
      reject(signal.reason as Error);
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    socket.once(event, onReady);
    socket.once('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
