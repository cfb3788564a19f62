import type { EventEmitter } from 'node:events';
import type { AbstractConnection, ReconnectingEvent } from '@aredis/connection';
import type { ConnectionPool } from '@aredis/pool';

/**
 * The client's events: every connection of its pool's, each with that connection last
 * (`client.on('reconnecting', ({ attempt, delay, error }, connection) => ...)`).
 */
export interface ClientEvents {
  /** A connection's socket opened (before its handshake). */
  connect: [connection: AbstractConnection];
  /** A connection is ready (handshake done), after every (re)connect. */
  ready: [connection: AbstractConnection];
  /** A connection failed to connect or lost its server; given only to listeners (never thrown). */
  error: [error: Error, connection: AbstractConnection];
  /** A connection waits `delay` seconds before attempt number `attempt`. */
  reconnecting: [event: ReconnectingEvent, connection: AbstractConnection];
  /** A connection stopped reconnecting: closed, or its retry budget spent. */
  end: [connection: AbstractConnection];
}

const EVENTS = ['connect', 'ready', 'reconnecting', 'end'] as const;

const NAMES: ReadonlySet<string | symbol> = new Set([...EVENTS, 'error']);

/**
 * Re-emits the events of every connection of `pool` (now and later) on `client`, while the
 * client has a listener for any of them: a client nobody listens to adds nothing to the pool's
 * connections (many short-lived clients may share one pool). An `error` is passed on only
 * while the client has an `error` listener, so an unheard error never becomes an uncaught
 * exception. Returns the function that stops forwarding.
 */
export function forwardPoolEvents(pool: ConnectionPool, client: EventEmitter<ClientEvents>): () => void {
  const emitter = client as unknown as EventEmitter;
  let stop: (() => void) | undefined;
  const listened = (): boolean => [...NAMES].some((name) => emitter.listenerCount(name) > 0);
  emitter.on('newListener', (name: string | symbol) => {
    if (stop === undefined && NAMES.has(name)) stop = attach(pool, client);
  });
  emitter.on('removeListener', (name: string | symbol) => {
    if (stop !== undefined && NAMES.has(name) && !listened()) {
      stop();
      stop = undefined;
    }
  });
  return () => {
    stop?.();
    stop = undefined;
  };
}

function attach(pool: ConnectionPool, client: EventEmitter<ClientEvents>): () => void {
  const attached = new Map<AbstractConnection, () => void>();
  const stopWatching = pool.watchConnections((connection) => {
    if (attached.has(connection)) return;
    const listeners = EVENTS.map((name) => {
      const listener = (event?: unknown): void => {
        if (name === 'reconnecting') client.emit(name, event as ReconnectingEvent, connection);
        else client.emit(name, connection);
        // A connection the pool closed for good is forgotten (the pool never reopens one).
        if (name === 'end' && connection.state === 'closed') attached.get(connection)?.();
      };
      connection.on(name, listener);
      return [name, listener] as const;
    });
    // The connection emits 'error' only to listeners; this one hands it on only to the client's.
    const onError = (error: Error): void => {
      if (client.listenerCount('error') > 0) client.emit('error', error, connection);
    };
    connection.on('error', onError);
    attached.set(connection, () => {
      attached.delete(connection);
      for (const [name, listener] of listeners) connection.off(name, listener);
      connection.off('error', onError);
    });
  });
  return () => {
    stopWatching();
    for (const detach of [...attached.values()]) detach();
  };
}
