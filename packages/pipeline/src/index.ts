export { Pipeline, type PipelineOptions, type ExecuteOptions } from './pipeline.js';
export { WatchedPipeline } from './watched.js';
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
  installCallSurface,
  installClientSurface,
  installPipelineSurface,
  type BulkOf,
  type CallCore,
  type CallSurface,
  type CallSurfaceHooks,
  type ClientSurface,
  type ClientSurfaceHooks,
  type PipelineSurface,
  type PipelineSurfaceHooks,
  type SurfaceCore,
  type TransactionQueue,
} from './surface.js';
