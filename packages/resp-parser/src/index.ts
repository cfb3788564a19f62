export * from './errors.js';
export * from './types.js';
export { RespParser } from './decoder/parser.js';
export { encodeCommand } from './encoder/encode.js';
export { CommandWriter, type CommandWriterOptions } from './encoder/writer.js';
