import { ConnectionError } from '@aredis/resp-parser';

/** No sentinel knows a healthy master by that name (or no sentinel answered). */
export class MasterNotFoundError extends ConnectionError {
  override readonly code: string = 'AREDIS_ERR_MASTER_NOT_FOUND';
}

/** No healthy replica, and no master to fall back on, for a replica pool. */
export class ReplicaNotFoundError extends ConnectionError {
  override readonly code: string = 'AREDIS_ERR_REPLICA_NOT_FOUND';
}

/** redis-py's name for ReplicaNotFoundError. */
export { ReplicaNotFoundError as SlaveNotFoundError };
