export { StrictRedis, viewSendOptions, type CallOptions, type BulkOf } from './strict-redis.js';
export { type StrictRedisOptions, type StrictRedisOwnOptions } from './client-options.js';
export { ClientSideCache, type ClientSideCacheOptions, type ClientSideCacheStats } from './csc/client-side-cache.js';
export { CACHEABLE_COMMANDS } from './csc/cacheable.js';
/** For the cluster and sentinel clients: a cacheable read through a ClientSideCache. */
export { cachedRead } from './csc/cached-dispatch.js';
export { pickParserClass } from './parser-choice.js';
export { type ScriptDefinition, type ScriptMethod, type ScriptedPipeline, type WithScript } from './defined-scripts.js';
export { createScript, runScript, scriptSource, type Script, type ScriptCall, type ScriptClient, type ScriptKey, type ScriptArg } from './script.js';
export { Lock, HeldLock, LockNotOwnedError, type LockOptions, type AcquireOptions, type ExtendOptions, type LockClient, type LockClass } from './lock.js';
export * from '@aredis/pipeline';
export * from '@aredis/pubsub';
export * from '@aredis/cache';

// One import serves a user: the public classes of the packages below.
export * from '@aredis/resp-parser';
export { NativeRespParser, isAvailable as isNativeParserAvailable, unavailableReason as nativeParserUnavailableReason } from '@aredis/resp-parser-native';
export * from '@aredis/connection';
export * from '@aredis/pool';
export {
  COMMANDS,
  RESPONSE_CALLBACKS,
  defineCommand,
  installCommands,
  callOptions,
  type CommandSpec,
  type CommandMethods,
  type ChainedCommandMethods,
  type ResponseCallback,
  type SetOptions,
  type ScanIterOptions,
  type KeyScanIterOptions,
  // What the command methods' signatures name besides the groups' own types: the argument
  // types, a reply's type under decodeResponses, bitfield()'s builder. (The commands' `Bulk`
  // is not re-exported: @aredis/pubsub's `Bulk<D>` has the name here.)
  BitFieldOperation,
  type BitFieldOffset,
  type BitFieldOverflow,
  type BitFieldSend,
  type Decoded,
  type KeyArg,
  type ValueArg,
} from '@aredis/commands';
// Every option and reply type of every command group (generated: `pnpm commands:types`).
export type * from './generated/command-types.js';
