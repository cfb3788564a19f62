export { NativeRespParser, NativeUnavailableError } from './parser.js';
export { isAvailable, unavailableReason } from './binding.js';
