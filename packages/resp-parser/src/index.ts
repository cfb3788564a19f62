export * from './errors.js';
export * from './types.js';
export { RespParser } from './decoder/parser.js';
