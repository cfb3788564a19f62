import type { ResponseCallback } from '@aredis/commands';

const VIEWS = new WeakMap<Map<string, ResponseCallback>, Record<string, ResponseCallback>>();

/**
 * redis-py's `response_callbacks` dict over a client's callback table: command names in any
 * case (`view.get`, `view['CONFIG GET']`); listing, `in`, assignment (a function) and
 * `delete` read and change the table, as `setResponseCallback` does.
 */
export function callbacksView(callbacks: Map<string, ResponseCallback>): Record<string, ResponseCallback> {
  let view = VIEWS.get(callbacks);
  if (view !== undefined) return view;
  const name = (key: string | symbol): string | undefined => (typeof key === 'string' ? key.toUpperCase() : undefined);
  view = new Proxy({} as Record<string, ResponseCallback>, {
    get: (_target, key) => {
      const command = name(key);
      return command === undefined ? undefined : callbacks.get(command);
    },
    has: (_target, key) => {
      const command = name(key);
      return command !== undefined && callbacks.has(command);
    },
    set: (_target, key, value: unknown) => {
      const command = name(key);
      if (command === undefined || typeof value !== 'function') return false; // a TypeError in strict code
      callbacks.set(command, value as ResponseCallback);
      return true;
    },
    deleteProperty: (_target, key) => {
      const command = name(key);
      if (command !== undefined) callbacks.delete(command);
      return true;
    },
    ownKeys: () => [...callbacks.keys()],
    getOwnPropertyDescriptor: (_target, key) => {
      const command = name(key);
      const callback = command === undefined ? undefined : callbacks.get(command);
      return callback === undefined ? undefined : { value: callback, writable: true, enumerable: true, configurable: true };
    },
  });
  VIEWS.set(callbacks, view);
  return view;
}
