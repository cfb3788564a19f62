import type { InboxEntry } from './inbox.js';
import type { DataMessage, PubSubMessage } from './messages.js';
import type { MessageHandler } from './subscriptions.js';

export interface RunOptions<V> {
  /** Gets every error: a handler's (sync or async), or the connection's. The loop goes on, except after a connection failure. */
  onError?: (error: unknown, message: PubSubMessage<V> | undefined) => void;
  /** Gets the messages no handler takes (without it, run() wants a handler for every subscription). */
  onMessage?: (message: PubSubMessage<V>) => unknown;
  /** Leave (un)subscribe confirmations out of `onMessage` (OR-ed with the PubSub's own option). */
  ignoreSubscribeMessages?: boolean;
}

/** The background reader `run()` starts (the seed's `run_in_thread`). */
export interface RunHandle {
  /** Stops reading (after the message being handled); resolves when the loop has ended. */
  stop(): Promise<void>;
  /**
   * Settles when the loop ends. Without onError, the first error ends the loop and this
   * rejects with it (marked handled: nothing is thrown at the process if nobody looks).
   */
  readonly finished: Promise<void>;
}

/**
 * The loop behind `PubSub.run()`: takes messages until stopped, hands data messages to their
 * handler, the rest to `onMessage`. Handlers run one at a time, in order (an async one is awaited).
 */
export function runLoop<V>(
  take: (signal: AbortSignal) => Promise<InboxEntry<PubSubMessage<V>> | null>,
  handlerOf: (message: PubSubMessage<V>) => MessageHandler<V> | undefined,
  ignoreSubscribeMessages: boolean,
  options: RunOptions<V>,
  onEnd: () => void,
): RunHandle {
  const controller = new AbortController();
  const signal = controller.signal;
  const { onError, onMessage } = options;
  const report = (error: unknown, message: PubSubMessage<V> | undefined): void => {
    if (onError === undefined) throw error;
    onError(error, message);
  };
  const loop = async (): Promise<void> => {
    while (!signal.aborted) {
      let entry: InboxEntry<PubSubMessage<V>> | null;
      try {
        entry = await take(signal);
      } catch (error) {
        report(error, undefined); // the connection is gone for good: nothing more will come
        return;
      }
      if (entry === null) return;
      if (entry.error !== undefined) {
        report(entry.error, undefined);
        continue;
      }
      const message = entry.value;
      try {
        const handler = handlerOf(message);
        if (handler !== undefined) await handler(message as DataMessage<V>);
        else if (onMessage !== undefined && !(ignoreSubscribeMessages && isSubscription(message))) await onMessage(message);
      } catch (error) {
        report(error, message);
      }
    }
  };
  const finished = loop().finally(onEnd);
  // Marked handled: a loop nobody awaits must not end the process with an unhandled rejection.
  finished.catch(() => undefined);
  return {
    finished,
    async stop(): Promise<void> {
      controller.abort();
      await finished.catch(() => undefined);
    },
  };
}

function isSubscription<V>(message: PubSubMessage<V>): boolean {
  return message.type.endsWith('subscribe');
}
