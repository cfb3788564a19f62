/**
 * `@aredis/resp-parser/vectors`: the vector table every parser implementation must pass, the
 * harness that runs it (implementation-agnostic: values are compared through `canonical()`, so
 * a case is written once for both `returnBuffers` modes), and a RESP3 serializer for property
 * tests.
 *
 * ```ts
 * import { VECTORS, splits, checkVector } from '@aredis/resp-parser/vectors';
 * for (const vector of VECTORS)
 *   for (const split of splits(vector.input))
 *     for (const returnBuffers of [false, true]) {
 *       const check = checkVector(MyParser, vector, split.chunks, { returnBuffers });
 *       if (!check.ok) expect({ split: split.name, ...check.actual }).toEqual({ split: split.name, ...check.expected });
 *     }
 * ```
 */
export { VECTORS } from './vectors/table.js';
export { bytes, blob, type Vector } from './vectors/vector.js';
export {
  ExpectedBulk,
  attribute,
  bulk,
  canonical,
  error,
  map,
  materialize,
  sameValue,
  push,
  reply,
  responseError,
  set,
  verbatim,
  type Canonical,
  type Expected,
  type ExpectedEvent,
  type ValueMode,
} from './vectors/expected.js';
export {
  checkVector,
  chunked,
  collectEvents,
  runVector,
  splits,
  type CanonicalOutcome,
  type Collected,
  type CollectOptions,
  type ParserEvent,
  type Split,
  type VectorCheck,
} from './vectors/harness.js';
export {
  REPLY_MODE_CASES,
  checkReplyModes,
  type ReplyModeCase,
  type ReplyModeCheck,
  type ReplyModeFrame,
} from './vectors/reply-modes.js';
export { serialize, serializePush, type SerializeOptions } from './vectors/serialize.js';
export { TEXT_LINE_TYPES, feedEndlessLine, isProtocolErrorLike, type EndlessLineOutcome } from './vectors/line-limit.js';
export { readThroughLends, type LendingRead } from './vectors/lending.js';
export { LENDING_CASES, checkLending, patterned, type LendingCase } from './vectors/lending-cases.js';
