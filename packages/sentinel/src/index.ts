export { Sentinel, type Address, type SentinelManagerOptions } from './sentinel.js';
export { SentinelConnectionPool, type SentinelConnectionPoolOptions, type SentinelDiscovery } from './pool.js';
export { SentinelManagedConnection } from './connection.js';
export { MasterNotFoundError, ReplicaNotFoundError, SlaveNotFoundError } from './errors.js';
export type { SentinelRecord } from './replies.js';
