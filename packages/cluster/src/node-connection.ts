import { Connection } from '@aredis/connection';
import type { ConnectionClass } from '@aredis/pool';
import { nodeKey, type NodeKey } from './slot-map.js';

export type { ConnectionClass };

/** The events of a single connection the cluster client passes on, with the node they came from. */
export const CONNECTION_EVENTS = ['connect', 'ready', 'error', 'reconnecting', 'end'] as const;
export type ConnectionEvent = (typeof CONNECTION_EVENTS)[number];

/** Called for every connection event of every node: `args` are the connection's own. */
export type ConnectionEventSink = (event: ConnectionEvent, node: NodeKey, args: unknown[]) => void;

/**
 * The connection class of a cluster's nodes: `base` (Connection, TlsConnection or the user's),
 * reporting its events to `sink`, and with `readOnly` sending READONLY as soon as it is ready
 * (after every reconnect too), before the commands that waited for it, so that a replica
 * serves reads (a master ignores it).
 */
export function nodeConnectionClass(base: ConnectionClass, readOnly: boolean, sink: ConnectionEventSink): ConnectionClass {
  const Base = base as unknown as typeof Connection;
  return class ClusterNodeConnection extends Base {
    constructor(options: ConstructorParameters<typeof Connection>[0]) {
      super(options);
      const node = nodeKey(options?.host ?? '127.0.0.1', options?.port ?? 6379);
      // 'ready' fires before the offline queue is written, so READONLY goes first.
      if (readOnly) this.on('ready', () => void this.send(['READONLY']).catch(() => undefined));
      for (const event of CONNECTION_EVENTS) this.on(event, (...args: unknown[]) => sink(event, node, args));
    }
  } as unknown as ConnectionClass;
}
