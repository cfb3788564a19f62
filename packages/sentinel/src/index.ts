export { Sentinel } from './sentinel.js';
export { SentinelConnectionPool, type SentinelDiscovery } from './pool.js';
export { SentinelManagedConnection } from './connection.js';
export { MasterNotFoundError, ReplicaNotFoundError, SlaveNotFoundError } from './errors.js';
export { parseSentinelUrl, SENTINEL_PORT, type SentinelUrl } from './url.js';
export { SWITCH_MASTER, type SwitchMasterEvent } from './failover-watch.js';
export type { Address } from './sentinel-nodes.js';
export type { SentinelRecord, SwitchMasterMessage } from './replies.js';
export type {
  DataConnectionOptions,
  SentinelClientOptions,
  SentinelConnectionPoolOptions,
  SentinelManagerOptions,
  SentinelNodeOptions,
  SentinelOwnOptions,
  SentinelPoolOwnOptions,
  UrlClientOptions,
} from './options.js';
