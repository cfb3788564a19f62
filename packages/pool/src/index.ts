export {
  ConnectionPool,
  BlockingConnectionPool,
  type ConnectionPoolOptions,
  type PoolOwnOptions,
  type BlockingConnectionPoolOptions,
  type ReleaseOptions,
} from './pool.js';
export { parseUrl, type UrlOptions, type ConnectionClass } from './url.js';
