export { ConnectionPool, BlockingConnectionPool, type BlockingConnectionPoolOptions, type ReleaseOptions } from './pool.js';
export type {
  ConnectionPoolOptions,
  PoolOwnOptions,
  ConnectionClass,
  ConnectionOptionsOf,
  BuiltinConnectionOptions,
} from './options.js';
export { parseUrl, type UrlOptions } from './url.js';
