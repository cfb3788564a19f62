import { DOLLAR, STAR } from '../decoder/bytes.js';
import type { CommandArg } from '../types.js';
import { encodeArgs } from './arguments.js';
import { headerLength, writeCrlf, writeHeader, writeText } from './write.js';

/**
 * One command as the RESP bytes the server reads (`*<n>` then one bulk string an argument), in
 * one new Buffer. Throws DataError, naming the argument's index, for null, undefined,
 * booleans, objects and NaN. For the connection's hot path use CommandWriter, which batches
 * commands in a slab and does not copy large Buffers.
 */
export function encodeCommand(args: readonly CommandArg[]): Buffer {
  const { parts, lengths, bytes } = encodeArgs(args);
  let size = headerLength(parts.length) + bytes;
  for (let i = 0; i < lengths.length; i++) size += headerLength(lengths[i]!) + 2;
  const out = Buffer.allocUnsafe(size);
  let pos = writeHeader(out, 0, STAR, parts.length);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const length = lengths[i]!;
    pos = writeHeader(out, pos, DOLLAR, length);
    if (typeof part === 'string') pos = writeText(out, pos, part, length);
    else pos += part.copy(out, pos);
    pos = writeCrlf(out, pos);
  }
  return out;
}
