export { Pipeline, type PipelineOptions, type ExecuteOptions } from './pipeline.js';
export { WatchedPipeline, type TransactionQueue } from './watched.js';
export type { WatchMode } from './session.js';
export { QueuedReply } from './queued-reply.js';
export {
  runTransaction,
  transactionArguments,
  type TransactionOptions,
  type TransactionFunction,
  type TransactionWatches,
  type WatchKey,
} from './transaction.js';
export { PipelineError } from './errors.js';
export type { PipelineHost, PipelinePool } from './host.js';
export type { PipelineScript } from './scripts.js';
export { describeCommand, type PipelineCommandError } from './queued.js';
export { genericCommand, isBlocking, type GenericCommand } from './generic-command.js';
export {
  installClientSurface,
  installPipelineSurface,
  type BulkOf,
  type ClientSurface,
  type ClientSurfaceHooks,
  type PipelineSurface,
  type PipelineSurfaceHooks,
  type SurfaceCore,
} from './surface.js';
