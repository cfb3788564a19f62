/**
 * A large string value written in pieces, never joined in memory: RESP3's streamed string
 * (`$?`, then `;<n>` chunks, then `;0`), or for RESP2, which has no streamed form, a bulk
 * string whose length is declared up front (`$<length>`, the pieces, CR LF).
 */
import { DataError } from '../errors.js';
import { checkOptions } from '../options.js';

export interface StreamStringOptions {
  protocol: 2 | 3;
  /** The total byte length: required for RESP2 (checked against the pieces), unused for RESP3. */
  length?: number;
}

type Piece = Buffer | string;

/**
 * Yields the bytes of one string reply built from `pieces` (any iterable or async iterable of
 * Buffers and strings), each piece handed on as it is (a Buffer is never copied), so a reply of
 * any size costs the memory of one piece. Write every yielded Buffer to the socket in order.
 */
export async function* streamString(pieces: Iterable<Piece> | AsyncIterable<Piece>, options: StreamStringOptions): AsyncGenerator<Buffer> {
  checkOptions('streamString', options, ['protocol', 'length']);
  const { protocol, length } = options;
  if (protocol !== 2 && protocol !== 3) throw new DataError(`streamString: option 'protocol' must be 2 or 3, got ${String(protocol)}`);
  if (protocol === 2) {
    if (length === undefined || !Number.isSafeInteger(length) || length < 0) {
      throw new DataError("streamString: RESP2 has no streamed strings: option 'length' (the total bytes) is required");
    }
    yield Buffer.from(`$${length}\r\n`);
    let sent = 0;
    for await (const piece of pieces) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
      sent += bytes.length;
      if (sent > length) throw new DataError(`streamString: the pieces are longer than the declared length ${length}`);
      if (bytes.length > 0) yield bytes;
    }
    if (sent !== length) throw new DataError(`streamString: the pieces are ${sent} bytes, the declared length ${length}`);
    yield Buffer.from('\r\n');
    return;
  }
  yield Buffer.from('$?\r\n');
  for await (const piece of pieces) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
    if (bytes.length === 0) continue; // `;0` would end the string
    yield Buffer.from(`;${bytes.length}\r\n`);
    yield bytes;
    yield Buffer.from('\r\n');
  }
  yield Buffer.from(';0\r\n');
}
