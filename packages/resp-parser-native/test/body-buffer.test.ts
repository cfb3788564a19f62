// bodyBuffer()/bodyFilled() in the native parser: a long top-level bulk string lands in the
// memory it is handed out in (or, decoded, in the gather buffer), the socket reading straight
// into it. These tests play the socket (readThroughLends); every outcome must be what feed()
// alone gives, in this parser and in RespParser.
import { ProtocolError, RespParser, type Parser, type ParserClass, type ParserOptions, type RespValue } from '@aredis/resp-parser';
import { LENDING_CASES, blob, checkLending, patterned, readThroughLends, sameValue, type LendingRead } from '@aredis/resp-parser/vectors';
import { describe, expect, it } from 'vitest';
import { NativeRespParser } from '../src/index.js';
import { skipReason } from './availability.js';

interface Run extends LendingRead {
  replies: RespValue[];
  /** Read by NativeRespParser (its error messages are its own, the offsets the same as RespParser's). */
  native: boolean;
}

function make(Parser: ParserClass, replies: RespValue[], options: Partial<ParserOptions> = {}): Parser {
  return new Parser({ onReply: (r) => replies.push(r), onError: (e) => replies.push(e), onPush: (p) => replies.push(['push', ...p]), returnBuffers: true, ...options });
}

/** Reads `input` into a new native parser as a socket with onread would. */
function socketRead(input: Buffer, sizes: number[], options: Partial<ParserOptions> = {}): Run {
  const replies: RespValue[] = [];
  return { replies, native: true, ...readThroughLends(make(NativeRespParser, replies, options), input, sizes) };
}

/** `input` fed to `Parser` in chunks of `size` (default: one chunk), with no lending. */
function fed(Parser: ParserClass, input: Buffer, options: Partial<ParserOptions> = {}, size = input.length): Run {
  const replies: RespValue[] = [];
  const parser = make(Parser, replies, options);
  const run: Run = { replies, native: Parser === NativeRespParser, lent: [], lentBuffers: [] };
  try {
    for (let at = 0; at < input.length; at += size) parser.feed(input.subarray(at, at + size));
  } catch (error) {
    run.error = error;
  }
  return run;
}

/** The replies and the error (a ProtocolError; its offset and message when both are native) of `run` are those of `reference`. */
function expectSameOutcome(run: Run, reference: Run, what: string): void {
  const same = run.replies.length === reference.replies.length && run.replies.every((r, i) => sameValue(r, reference.replies[i]));
  if (!same) throw new Error(`${what}: ${run.replies.length} replies, ${reference.replies.length} expected, or different values`);
  if (reference.error === undefined) {
    if (run.error !== undefined) throw new Error(`${what}: ${String(run.error)}`);
    return;
  }
  expect(run.error, what).toBeInstanceOf(ProtocolError);
  // The two parsers may place an error a byte or two apart (and word it differently): compared when both are native.
  if (!reference.native) return;
  const described = (r: Run) => ({ offset: (r.error as ProtocolError).offset, message: (r.error as ProtocolError).message });
  expect(described(run), what).toEqual(described(reference));
}

const bulk = (value: Buffer): Buffer => blob('$', value);
const body = patterned;

const K64 = 64 * 1024;

describe.skipIf(skipReason !== undefined)('bodyBuffer and bodyFilled (NativeRespParser)', () => {
  it('a long body lands in the memory bodyBuffer lent, and the replies after it in the same read go through the scanner', () => {
    const value = body(300_000);
    const input = Buffer.concat([bulk(value), Buffer.from('+OK\r\n:42\r\n*2\r\n$1\r\na\r\n:7\r\n')]);
    const run = socketRead(input, [K64]);
    expectSameOutcome(run, fed(RespParser, input), '64 KiB reads');
    expect(run.replies.length).toBe(4);
    const reply = run.replies[0] as Buffer;
    expect(reply.equals(value)).toBe(true);
    expect(run.lentBuffers.length).toBeGreaterThan(0);
    for (const lent of run.lentBuffers) expect(lent.buffer).toBe(reply.buffer);
    // Only the first read (the header's) and the one after the body (the other replies) are chunks of their own.
    expect(run.lent.filter((l) => !l).length).toBe(2);
  });

  it('in one chunk, byte by byte, and in reads of every size from 1 to 70 bytes', () => {
    const value = body(K64 + 11, 1);
    const input = Buffer.concat([Buffer.from('+a\r\n'), bulk(value), Buffer.from(':5\r\n')]);
    const reference = fed(RespParser, input);
    expectSameOutcome(socketRead(input, [input.length]), reference, 'one chunk');
    const byByte = socketRead(input, [1]);
    expectSameOutcome(byByte, reference, 'byte by byte');
    // 1-byte reads into the lent memory until less than 4 KiB of it is missing, then chunks of their own.
    expect(byByte.lent.filter((l) => l).length).toBe(K64 + 11 - 4 * 1024 + 3);
    for (let size = 2; size <= 70; size++) expectSameOutcome(socketRead(input, [size]), reference, `reads of ${size}`);
  });

  it('a body cut at every position relative to the reads gives what feed gives', () => {
    const value = body(K64 + 3, 2);
    const input = Buffer.concat([Buffer.from('+a\r\n'), bulk(value), Buffer.from('$1\r\nz\r\n')]);
    const reference = fed(RespParser, input);
    expect(reference.replies.length).toBe(3);
    let lentSome = 0;
    for (let first = 1; first <= input.length; first++) {
      const run = socketRead(input, [first, 5000, 1, 40_000]);
      expectSameOutcome(run, reference, `first read of ${first} bytes`);
      if (run.lent.includes(true)) lentSome++;
    }
    // Whenever 4 KiB or more of the body are still missing after a read, the next one is lent.
    expect(lentSome).toBeGreaterThan(K64 - 5000);
  });

  it('a chunk fed (not lent) that ends the body and holds the next replies', () => {
    const value = body(200_000, 3);
    const input = Buffer.concat([bulk(value), Buffer.from('+OK\r\n'), bulk(body(K64 * 2, 4)), Buffer.from(':1\r\n')]);
    const reference = fed(RespParser, input);
    for (const size of [K64, 100_000, 150_001, 199_990, 250_000]) {
      expectSameOutcome(fed(NativeRespParser, input, {}, size), reference, `chunks of ${size}`);
      expectSameOutcome(socketRead(input, [size, 7, 199_995]), reference, `reads of ${size}, 7, 199995`);
    }
  });

  it('Buffers of 64 KiB and longer are lent, strings from 32 KiB to 8 MiB (the gather buffer), no others; values as RespParser gives them', () => {
    const utf8 = Buffer.from('aé€😀'.repeat(20_000));
    for (const [input, options, lends] of [
      [bulk(body(K64 - 1)), { returnBuffers: true }, false],
      [bulk(body(K64)), { returnBuffers: true }, true],
      [bulk(Buffer.alloc(K64 * 4, 'x')), { returnBuffers: false }, true],
      [bulk(utf8), { returnBuffers: false }, true],
      [bulk(body(K64 * 4)), { returnBuffers: false, encoding: 'latin1' }, true],
      [bulk(body(K64 * 2)), { returnBuffers: false, encoding: 'hex' }, true],
      [bulk(Buffer.alloc(32 * 1024 - 1, 'y')), { returnBuffers: false }, false],
      [bulk(Buffer.alloc(8 * 1024 * 1024, 'z')), { returnBuffers: false }, true],
      [bulk(Buffer.alloc(8 * 1024 * 1024 + 1, 'z')), { returnBuffers: false }, false],
    ] as const) {
      const what = `${input.length} bytes, ${JSON.stringify(options)}`;
      const run = socketRead(input, [4096], options);
      expectSameOutcome(run, fed(RespParser, input, options), what);
      expect(run.lent.includes(true), what).toBe(lends);
    }
  });

  it('the reply mode set for the next reply (from the callback of the one before) applies to its body, both ways', () => {
    const values = [body(200_000, 5), Buffer.alloc(100_000, 'q'), body(K64, 6), Buffer.from('text')];
    const input = Buffer.concat(values.map(bulk));
    for (const start of [false, true]) {
      const replies: RespValue[] = [];
      const parser: Parser = new NativeRespParser({
        onReply: (r) => {
          replies.push(r);
          parser.returnBuffers = !parser.returnBuffers;
        },
        onError: () => undefined,
        returnBuffers: start,
      });
      parser.returnBuffers = !start;
      for (const sizes of [[K64], [200_010, 100_009, 7, 7, 1000]]) {
        replies.length = 0;
        const run = readThroughLends(parser, input, sizes);
        expect(run.error).toBeUndefined();
        expect(run.lent.includes(true), `${start} ${sizes.join(' ')}`).toBe(true);
        expect(replies.map((r) => Buffer.isBuffer(r))).toEqual([!start, start, !start, start]);
        replies.forEach((r, i) => expect(Buffer.isBuffer(r) ? r.equals(values[i]!) : r === values[i]!.toString()).toBe(true));
      }
    }
  });

  it('a wrong CR or LF after a lent body is the error feed gives (message and offset), as soon as its byte arrives', () => {
    for (const returnBuffers of [true, false]) {
      const value = returnBuffers ? body(100_000, 6) : Buffer.alloc(100_000, 'v');
      for (const tail of ['XY', '\rY', 'X\n']) {
        const input = Buffer.concat([Buffer.from(`+OK\r\n$${value.length}\r\n`), value, Buffer.from(tail), Buffer.from('+OK\r\n')]);
        const reference = fed(RespParser, input, { returnBuffers }, K64);
        expect(reference.error).toBeInstanceOf(ProtocolError);
        const native = fed(NativeRespParser, input, { returnBuffers }, K64);
        expectSameOutcome(native, reference, `fed, ${JSON.stringify(tail)}`);
        for (const sizes of [[K64], [1000, 99_000, 1, 1], [K64, 34_000, 1], [10]]) {
          const run = socketRead(input, sizes, { returnBuffers });
          expect(run.lent.includes(true)).toBe(true);
          expectSameOutcome(run, reference, `${JSON.stringify(tail)}, reads ${sizes.join(' ')}`);
          expectSameOutcome(run, native, `${JSON.stringify(tail)}, reads ${sizes.join(' ')}, native`);
        }
      }
    }
  });

  it('long bodies inside arrays, pushes, attributes and streamed strings take the ordinary path, between lent ones', () => {
    const values = [body(K64, 10), body(K64 * 3 + 7, 11), body(10, 12), body(1_000_000, 13)];
    const input = Buffer.concat([
      Buffer.from('*3\r\n'),
      bulk(values[0]!),
      bulk(values[2]!),
      bulk(values[1]!),
      Buffer.from('>2\r\n$7\r\nmessage\r\n'),
      bulk(values[3]!),
      Buffer.from('|1\r\n+key\r\n+value\r\n'),
      bulk(values[1]!),
      Buffer.from('$?\r\n'),
      Buffer.from(`;${K64 * 2}\r\n`),
      body(K64 * 2, 14),
      Buffer.from('\r\n;0\r\n'),
      ...values.map(bulk),
      Buffer.from('-ERR no\r\n'),
    ]);
    const reference = fed(RespParser, input);
    expect(reference.replies.length).toBe(9);
    for (const sizes of [[K64], [7, 65_000, 300_000], [1000, 1]]) {
      const run = socketRead(input, sizes);
      expectSameOutcome(run, reference, `reads ${sizes.join(' ')}`);
      expect(run.lent.includes(true)).toBe(true);
    }
  });

  // The contract's cases every parser runs (reset mid-body, a stale lend, a wrong CR, maxBulkLength, 8 MiB).
  for (const lendingCase of LENDING_CASES) {
    it(lendingCase.name, () => {
      expect(checkLending(NativeRespParser, lendingCase)).toEqual([]);
    });
  }
});
