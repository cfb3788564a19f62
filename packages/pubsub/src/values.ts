import { ProtocolError, VerbatimString, type RespValue } from '@aredis/resp-parser';

/**
 * How a channel, pattern or payload from the server becomes the client's value type:
 * a string decoded with `encoding` when the client decodes responses, a Buffer otherwise
 * (RESP3 simple strings, always strings from the parser, are encoded back).
 */
export function toValueFn(decode: boolean, encoding: BufferEncoding): (value: RespValue) => Buffer | string {
  if (decode) {
    return (value) => {
      if (typeof value === 'string') return value;
      if (Buffer.isBuffer(value)) return value.toString(encoding);
      if (value instanceof VerbatimString) return String(value);
      throw new ProtocolError(`PubSub: a string was expected, got ${typeof value}`);
    };
  }
  return (value) => {
    if (Buffer.isBuffer(value)) return value;
    if (typeof value === 'string') return Buffer.from(value, encoding);
    if (value instanceof VerbatimString) return Buffer.from(String(value), encoding);
    throw new ProtocolError(`PubSub: a string was expected, got ${typeof value}`);
  };
}
