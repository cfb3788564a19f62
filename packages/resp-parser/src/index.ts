export * from './errors.js';
export * from './types.js';
export { RespParser } from './decoder/parser.js';
export { encodeCommand } from './encoder/encode.js';
export { CommandWriter, type CommandWriterOptions } from './encoder/writer.js';
export { encodeAttribute, encodePush, encodeValue, type EncodeValueOptions } from './encoder/value.js';
export { streamString, type StreamStringOptions } from './encoder/stream.js';
export { RequestReader, type RequestReaderOptions } from './server/request-reader.js';
export { splitInline } from './server/inline.js';
