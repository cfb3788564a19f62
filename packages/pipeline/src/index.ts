export { Pipeline, type PipelineOptions, type ExecuteOptions } from './pipeline.js';
export { WatchedPipeline } from './watched.js';
export { runTransaction, type TransactionOptions, type TransactionFunction } from './transaction.js';
export { PipelineError } from './errors.js';
export type { PipelineHost, PipelinePool } from './host.js';
export type { PipelineScript } from './scripts.js';
export { describeCommand, type PipelineCommandError } from './queued.js';
export { genericCommand, isBlocking, type GenericCommand } from './generic-command.js';
