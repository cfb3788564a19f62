import type { ExpectedEvent } from './expected.js';

/** One case of the table: bytes in, events out (or a ProtocolError after some events). */
export interface Vector {
  name: string;
  input: Buffer;
  /** The events, in order; for a malformed vector, those delivered before the ProtocolError. */
  events: ExpectedEvent[];
  /** The input is malformed: feed() must throw a ProtocolError after `events`. */
  protocolError?: boolean;
  /** Parser options this case needs, and whether onPush / onAttribute are given (default yes). */
  options?: {
    encoding?: BufferEncoding;
    maxBulkLength?: number;
    maxDepth?: number;
    maxLineLength?: number;
    withPush?: boolean;
    withAttribute?: boolean;
  };
}

/** Joins strings (as UTF-8) and Buffers into the bytes of a vector. */
export function bytes(...parts: (string | Buffer)[]): Buffer {
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part)));
}

/** A length-prefixed frame (`$`, `!`, `=`) with its length computed from the payload. */
export function blob(type: '$' | '!' | '=', payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  return bytes(`${type}${body.length}\r\n`, body, '\r\n');
}
