import { ProtocolError, RespParser, type ParserClass, type ParserOptions, type RespValue } from '@aredis/resp-parser';
import { describe, expect, it } from 'vitest';
import { NativeRespParser, MAX_REPLY_LENGTH } from '../src/parser.js';
import { skipReason } from './availability.js';

/** What a parser did with the chunks: its replies, and the error it threw (or undefined). */
function run(Parser: ParserClass, chunks: string[], options: Partial<ParserOptions> = {}) {
  const replies: RespValue[] = [];
  const parser = new Parser({ ...options, onReply: (v) => replies.push(v), onError: (e) => replies.push(e) });
  let error: unknown;
  try {
    for (const chunk of chunks) parser.feed(Buffer.from(chunk, 'latin1'));
  } catch (err) {
    error = err;
  }
  return { replies, error };
}

/** The same outcome from both parsers. */
function agree(chunks: string[], options: Partial<ParserOptions> = {}) {
  const ts = run(RespParser, chunks, options);
  const native = run(NativeRespParser, chunks, options);
  expect(native.replies).toEqual(ts.replies);
  expect(native.error === undefined).toBe(ts.error === undefined);
  if (ts.error !== undefined) {
    expect(native.error).toBeInstanceOf(ProtocolError);
    expect((native.error as ProtocolError).offset).toBe((ts.error as ProtocolError).offset);
  }
  return native;
}

describe.skipIf(skipReason !== undefined)('lengths above 2 GiB, up to what maxBulkLength allows', () => {
  it('a $3000000000 header is a ProtocolError at the header under the default maxBulkLength (512 MiB), in both parsers', () => {
    const { error } = agree(['+OK\r\n$3000000000\r\nabc']);
    expect((error as ProtocolError).offset).toBe(5);
  });

  it('with maxBulkLength 4e9, both parsers take a $3000000000 header and wait for its body', () => {
    const { replies, error } = agree(['+OK\r\n$3000000000\r\n', 'abc'.repeat(1000), 'x'.repeat(70_000)], { maxBulkLength: 4e9 });
    expect(error).toBeUndefined();
    expect(replies).toEqual(['OK']);
  });

  it('the same inside an aggregate, for !, = and streamed ; chunks, and as Buffers', () => {
    const options = { maxBulkLength: 4e9 };
    expect(agree(['*2\r\n$1\r\na\r\n$3000000000\r\nab', 'cd'], options).error).toBeUndefined();
    expect(agree(['!3000000000\r\nERR'], options).error).toBeUndefined();
    expect(agree(['=3000000000\r\ntxt:'], options).error).toBeUndefined();
    expect(agree(['$?\r\n;3000000000\r\nab'], options).error).toBeUndefined();
    expect(agree(['$3000000000\r\nab'], { ...options, returnBuffers: true }).error).toBeUndefined();
  });

  it('maxBulkLength still decides below the native limit: $3000000001 with maxBulkLength 3e9 is refused by both', () => {
    expect(agree(['$3000000001\r\n'], { maxBulkLength: 3e9 }).error).toBeInstanceOf(ProtocolError);
    expect(agree(['$3000000000\r\n'], { maxBulkLength: 3e9 }).error).toBeUndefined();
  });

  it('a reply longer than Node lets one Buffer be is a ProtocolError at its header, naming the limit', () => {
    const length = MAX_REPLY_LENGTH; // with its header and CR LF, past the limit
    const { replies, error } = run(NativeRespParser, ['+OK\r\n', `$${length}\r\n`], { maxBulkLength: 2 ** 40 });
    expect(replies).toEqual(['OK']);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).offset).toBe(5);
    expect((error as ProtocolError).message).toContain(String(MAX_REPLY_LENGTH));
    // just under the limit, counting the header and CR LF, it is taken
    const fits = MAX_REPLY_LENGTH - 2 - `$${MAX_REPLY_LENGTH}\r\n`.length;
    expect(run(NativeRespParser, [`$${fits}\r\nab`], { maxBulkLength: 2 ** 40 }).error).toBeUndefined();
    expect(run(NativeRespParser, [`$${fits + 1}\r\nab`], { maxBulkLength: 2 ** 40 }).error).toBeInstanceOf(ProtocolError);
  });
});

// A real reply over 2 GiB (2.2 GB of memory, a few seconds): run with AREDIS_NATIVE_HUGE=1.
describe.skipIf(skipReason !== undefined || !process.env.AREDIS_NATIVE_HUGE)('a reply over 2 GiB', () => {
  it('a 2.2 GB bulk in an array, with elements after it, read by both parsers alike', () => {
    const size = 2_200_000_000;
    const piece = Buffer.alloc(64 * 1024 * 1024, 0x61);
    const head = Buffer.from(`*4\r\n:1\r\n$${size}\r\n`);
    const tail = Buffer.from('\r\n$2\r\nhi\r\n+ok\r\n');
    for (const Parser of [NativeRespParser, RespParser] as ParserClass[]) {
      const replies: RespValue[] = [];
      const parser = new Parser({ returnBuffers: true, maxBulkLength: 4e9, onReply: (v) => replies.push(v), onError: () => {} });
      parser.feed(head);
      for (let left = size; left > 0; left -= piece.length) parser.feed(left >= piece.length ? piece : piece.subarray(0, left));
      parser.feed(tail);
      expect(replies.length).toBe(1);
      const [one, big, hi, ok] = replies[0] as [number, Buffer, Buffer, string];
      expect([one, big.length, big[0], big[size - 1], hi.toString(), ok]).toEqual([1, size, 0x61, 0x61, 'hi', 'ok']);
    }
  }, 120_000);
});
