import { RedisError } from '@aredis/resp-parser';

/**
 * A pipeline used out of order: WATCH after MULTI, a nested MULTI, a command queued while the
 * pipeline is watching (before `multi()`), or a WatchedPipeline used after `multi()`/`reset()`.
 * Nothing is sent when it is raised.
 */
export class PipelineError extends RedisError {
  override readonly code: string = 'AREDIS_ERR_PIPELINE';
}
