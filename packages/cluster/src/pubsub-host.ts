import type { Bulk, PubSubMessage, PubSubOptions } from '@aredis/pubsub';
import type { ClusterCore } from './execute.js';
import type { Lane } from './pubsub-lane.js';

/** What the lane managers of a ClusterPubSub get from it. */
export interface LaneHost<D extends boolean> {
  readonly core: ClusterCore;
  /** The options every node's PubSub is made with. */
  readonly options: PubSubOptions;
  /** Every message of every lane (the ClusterPubSub filters, calls handlers, queues). */
  readonly onMessage: (lane: Lane<D>, message: PubSubMessage<Bulk<D>>) => unknown;
  /** An error for the reader (not a lost node: that is handled). */
  readonly onError: (error: unknown) => void;
  /** Subscriptions of a lost node are in place again elsewhere: say so to the reader. */
  reconnected(): void;
  closed(): boolean;
}
