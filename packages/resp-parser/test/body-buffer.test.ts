// bodyBuffer()/bodyFilled(): a long bulk string read as a Buffer lands in the Buffer it is
// handed out in, the socket reading straight into it. These tests play the socket: each read
// goes into what bodyBuffer() lends, or else into a fresh buffer fed as a chunk, and every
// outcome must be the one feed() alone gives.
import { describe, expect, it } from 'vitest';
import { ProtocolError, RespParser, type ParserOptions, type RespValue } from '../src/index.js';
import { LENDING_CASES, blob, checkLending, patterned, readThroughLends, type LendingRead } from '../src/vectors.js';

interface Run extends LendingRead {
  replies: RespValue[];
}

const collect = (replies: RespValue[], options: Partial<ParserOptions> = {}): RespParser =>
  new RespParser({ onReply: (r) => replies.push(r), onError: (e) => replies.push(e), onPush: (p) => replies.push(['push', ...p]), returnBuffers: true, ...options });

/** Reads `input` as a socket with the onread option would (readThroughLends), into a new parser unless one is given. */
function socketRead(input: Buffer, sizes: number[], options: Partial<ParserOptions> = {}, parser?: RespParser): Run {
  const replies: RespValue[] = [];
  return { replies, ...readThroughLends(parser ?? collect(replies, options), input, sizes) };
}

/** The same input fed in one chunk (or in chunks of `size`), without the hook. */
function fedWhole(input: Buffer, options: Partial<ParserOptions> = {}, size = input.length): Run {
  const run: Run = { replies: [], lent: [], lentBuffers: [] };
  const parser = collect(run.replies, options);
  try {
    for (let at = 0; at < input.length; at += size) parser.feed(input.subarray(at, at + size));
  } catch (error) {
    run.error = error;
  }
  return run;
}

const bulk = (value: Buffer): Buffer => blob('$', value);
const body = patterned;

const K64 = 64 * 1024;

describe('bodyBuffer and bodyFilled', () => {
  it('a long body lands in the memory bodyBuffer lent, and the replies after it go through the parser', () => {
    const value = body(300_000);
    const input = Buffer.concat([bulk(value), Buffer.from('+OK\r\n:42\r\n')]);
    const run = socketRead(input, [K64]);
    expect(run.error).toBeUndefined();
    expect(sameReplies(run.replies, [value, 'OK', 42])).toBe(true);
    const reply = run.replies[0] as Buffer;
    expect(run.lentBuffers.length).toBeGreaterThan(0);
    for (const lent of run.lentBuffers) expect(lent.buffer).toBe(reply.buffer);
    // Only the first read (the header's) and the one after the body are chunks of their own.
    expect(run.lent.filter((l) => !l).length).toBe(2);
  });

  it('a body cut at every position relative to the reads gives what feed gives', () => {
    const value = body(K64 + 3, 1);
    const input = Buffer.concat([Buffer.from('+a\r\n'), bulk(value), Buffer.from('$1\r\nz\r\n')]);
    const expected = fedWhole(input).replies;
    expect(sameReplies(expected, ['a', value, Buffer.from('z')])).toBe(true);
    let lentSome = 0;
    for (let first = 1; first <= input.length; first++) {
      const run = socketRead(input, [first, 5000, 1, 40_000]);
      if (run.error !== undefined || !sameReplies(run.replies, expected)) {
        throw new Error(`first read of ${first} bytes: ${String(run.error)}`);
      }
      if (run.lent.includes(true)) lentSome++;
    }
    // Whenever 4 KiB or more of the body are still missing after a read, the next one is lent.
    expect(lentSome).toBeGreaterThan(K64 - 5000);
  });

  it('Buffers of 64 KiB and longer take the hook, strings from 32 KiB to 8 MiB (their gather buffer), no others', () => {
    for (const [n, returnBuffers, lends] of [
      [K64 - 1, true, false],
      [K64, true, true],
      [K64 * 4, false, true],
      [32 * 1024 - 1, false, false],
      [8 * 1024 * 1024 + 1, false, false],
    ] as const) {
      const run = socketRead(bulk(body(n)), [4096], { returnBuffers });
      expect(run.error).toBeUndefined();
      expect(run.lent.includes(true)).toBe(lends);
      const reply = run.replies[0]!;
      expect(returnBuffers ? (reply as Buffer).equals(body(n)) : reply === body(n).toString()).toBe(true);
    }
  });

  it('a long UTF-8 string cut at every position near its ends (every 7th between) gives what feed gives', () => {
    const text = 'aé€😀'.repeat(3400);
    const input = Buffer.concat([bulk(Buffer.from(text)), Buffer.from('+b\r\n')]);
    let lentSome = 0;
    for (let first = 1; first <= input.length; first += first < 8000 || first > input.length - 8000 ? 1 : 7) {
      const run = socketRead(input, [first, 3000, 1, 9000], { returnBuffers: false });
      if (run.error !== undefined || run.replies[0] !== text || run.replies[1] !== 'b' || run.replies.length !== 2) {
        throw new Error(`first read of ${first} bytes: ${String(run.error)}`);
      }
      if (run.lent.includes(true)) lentSome++;
    }
    expect(lentSome).toBeGreaterThan(8000);
    // A wrong CR LF after a lent string body is still refused.
    const wrong = Buffer.concat([Buffer.from(`$${Buffer.byteLength(text)}\r\n`), Buffer.from(text), Buffer.from('X\n')]);
    const run = socketRead(wrong, [100, 9000], { returnBuffers: false });
    expect(run.lent.includes(true)).toBe(true);
    expect(run.error).toBeInstanceOf(ProtocolError);
    expect((run.error as Error).message).toBe((fedWhole(wrong, { returnBuffers: false }, 9000).error as Error).message);
  });

  it('a reply mode changed for the next reply applies to its body', () => {
    const replies: RespValue[] = [];
    const parser = collect(replies, { returnBuffers: false });
    parser.returnBuffers = true;
    const value = body(200_000, 2);
    const run = socketRead(Buffer.concat([bulk(value), bulk(Buffer.from('text'))]), [K64], {}, parser);
    expect(run.error).toBeUndefined();
    expect(sameReplies(replies, [value, Buffer.from('text')])).toBe(true);
    expect(run.lent.includes(true)).toBe(true);
  });

  it('a wrong CR or LF after a lent body is the error feed gives, as soon as its byte arrives', () => {
    const value = body(100_000, 3);
    for (const tail of ['XY', '\rY', 'X\n']) {
      const input = Buffer.concat([Buffer.from(`$${value.length}\r\n`), value, Buffer.from(tail), Buffer.from('+OK\r\n')]);
      const reference = fedWhole(input, {}, K64);
      expect(reference.error).toBeInstanceOf(ProtocolError);
      for (const sizes of [[K64], [1000, 99_000, 1, 1], [K64, 34_000, 1]]) {
        const run = socketRead(input, sizes);
        expect(run.error).toBeInstanceOf(ProtocolError);
        expect((run.error as Error).message).toBe((reference.error as Error).message);
        expect(run.replies).toEqual([]);
      }
    }
  });

  it('long bodies inside arrays and pushes, between replies, in a pipeline', () => {
    const values = [body(K64, 6), body(K64 * 3 + 7, 7), body(10, 8), body(1_000_000, 9)];
    const input = Buffer.concat([
      Buffer.from(`*3\r\n`),
      bulk(values[0]!),
      bulk(values[2]!),
      bulk(values[1]!),
      Buffer.from('>2\r\n$7\r\nmessage\r\n'),
      bulk(values[3]!),
      ...values.map(bulk),
      Buffer.from('-ERR no\r\n'),
    ]);
    const expected = fedWhole(input).replies;
    for (const sizes of [[K64], [7, 65_000, 300_000], [1]]) {
      const run = socketRead(input, sizes);
      expect(run.error).toBeUndefined();
      expect(sameReplies(run.replies, expected)).toBe(true);
    }
    expect(expected.length).toBe(7);
    expect(sameReplies([expected[1]!], [['push', Buffer.from('message'), values[3]!]])).toBe(true);
  });

  // The contract's cases every parser runs (reset mid-body, a stale lend, a wrong CR, maxBulkLength, 8 MiB).
  for (const lendingCase of LENDING_CASES) {
    it(lendingCase.name, () => {
      expect(checkLending(RespParser, lendingCase)).toEqual([]);
    });
  }
});

/** Replies equal, Buffers compared with equals() (toEqual walks them byte by byte: far too slow here). */
function sameReplies(a: RespValue[], b: RespValue[]): boolean {
  return a.length === b.length && a.every((x, i) => same(x, b[i]!));
}

function same(a: RespValue, b: RespValue): boolean {
  if (Buffer.isBuffer(a)) return Buffer.isBuffer(b) && a.equals(b);
  if (Array.isArray(a)) return Array.isArray(b) && sameReplies(a, b);
  if (a instanceof Error) return b instanceof Error && a.constructor === b.constructor && a.message === b.message;
  return a === b;
}
