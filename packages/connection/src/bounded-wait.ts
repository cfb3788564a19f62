/**
 * `promise`, or a rejection with `onTimeout()` once `ms` pass first. The promise goes on (its
 * outcome is then ignored); the timer does not keep the process alive.
 */
export function boundedWait<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error as Error);
      },
    );
  });
}
