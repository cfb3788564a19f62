/**
 * `@aredis/resp-parser/internal`: the decoder's low-level string helpers, exported for the
 * sibling parser `@aredis/resp-parser-native` so both parsers build strings (and read doubles) the same way
 * from one implementation. Not part of the public API: it may change in any release.
 */
export { ASCII_INLINE_MAX, asciiText } from './decoder/ascii.js';
export { isAsciiRange, latin1Slice, utf8Slice } from './decoder/bytes.js';
export { GatherBuffer } from './decoder/gather.js';
export { parseDouble } from './decoder/scalars.js';
export { checkOptions, unknownOption, nearestName, seconds, type KnownOptions } from './options.js';
export { REDACTED, SECRET_OPTIONS, redactSecrets, printRedacted, maskUrls, redactCommand, inspectView } from './redact.js';
