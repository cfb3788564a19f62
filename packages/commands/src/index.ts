export * from './define.js';
export { buildCommand, callOptionsOf, sendOptionsOf, type ReplyModeOptions } from './call.js';
export * as args from './args.js';
export * as callbacks from './callbacks.js';
export { COMMANDS, RESPONSE_CALLBACKS, type CommandTable, type AnyCommandSpec } from './table.js';
export {
  installCommands,
  methodNames,
  type CommandMethods,
  type ChainedCommandMethods,
  type SignatureOverrides,
  type ChainedSignatureOverrides,
} from './methods.js';
export {
  commandKeys,
  commandKeyIndexes,
  commandName,
  keySpecsOf,
  specIndexes,
  type KeySpec,
  type BeginSearch,
  type FindKeys,
  type CommandKeysOptions,
} from './keys.js';
export { KEY_SPECS, CONTAINERS } from './generated/key-specs.js';
export { COMMAND_FLAGS } from './generated/command-flags.js';
export { PLAIN_BUILDERS } from './generated/plain-builders.js';
export {
  scanIter,
  sscanIter,
  hscanIter,
  zscanIter,
  type ScanIterOptions,
  type KeyScanIterOptions,
  type KeyScanner,
  type SetScanner,
  type HashScanner,
  type SortedSetScanner,
} from './iterators.js';
export { BitFieldOperation, type BitFieldOverflow, type BitFieldOffset, type BitFieldSend } from './bitfield.js';
export type { InfoReply, InfoValue, InfoFields, InfoScalar } from './replies/info.js';
// Every option and reply type of the group modules (generated: `pnpm commands:types`).
export type * from './generated/group-types.js';
export { prefixKeys, checkKeyPrefix, type KeyPrefix } from './key-prefix.js';
