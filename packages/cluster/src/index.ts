export {
  StrictRedisCluster,
  type StrictRedisClusterOptions,
  type ClusterCommandMethods,
  type PerNodeMethod,
} from './cluster.js';
export { ClusterPipeline } from './pipeline.js';
export { ClusterPubSub } from './pubsub.js';
export type { ClusterScript } from './script.js';
export { ClusterError, TooManyRedirectionsError, SlotsUnavailableError } from './errors.js';
export { SlotMap, nodeKey, SLOT_COUNT, type NodeKey, type NodeAddress, type SlotRange } from './slot-map.js';
export { FANOUT, mergeReplies, type FanoutRule, type FanoutTarget, type FanoutMerge } from './fanout.js';
export { SPLITTABLE, type SplitRule } from './split.js';
export { keySlot, commandSlot } from './routing.js';
