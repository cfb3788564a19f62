import { RedisError } from '@aredis/resp-parser';

/** A cluster client's own failure (not a server's error reply). */
export class ClusterError extends RedisError {
  override readonly code: string = 'AREDIS_ERR_CLUSTER';
}

/**
 * A command was redirected or retried (MOVED, ASK, TRYAGAIN, CLUSTERDOWN, a lost node) more
 * than `maxRedirections` times. The message names the command; `cause` is the last error.
 */
export class TooManyRedirectionsError extends ClusterError {
  override readonly code: string = 'AREDIS_ERR_CLUSTER_REDIRECTIONS';
}

/** No node answered CLUSTER SLOTS (every known node is down, or none is a cluster node). */
export class SlotsUnavailableError extends ClusterError {
  override readonly code: string = 'AREDIS_ERR_CLUSTER_SLOTS';
}
