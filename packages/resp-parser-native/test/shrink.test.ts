import { type RespValue } from '@aredis/resp-parser';
import { chunked } from '@aredis/resp-parser/vectors';
import { describe, expect, it } from 'vitest';
import { NativeRespParser, internals } from '../src/parser.js';
import { skipReason } from './availability.js';

/** Tape entries a new parser starts with (INITIAL_ENTRIES in parser.ts). */
const ORDINARY_ENTRIES = 1024;
/** Chunks in a row that must fit the ordinary size before the tape shrinks (SHRINK_AFTER). */
const SHRINK_AFTER = 16;

function collect(options: { maxLineLength?: number } = {}) {
  const replies: RespValue[] = [];
  const parser = new NativeRespParser({ ...options, onReply: (v) => replies.push(v), onError: (e) => replies.push(e) });
  return { parser, replies };
}

const entries = (parser: NativeRespParser): number => internals.tape(parser).length / 4;
const bigArray = (n: number): Buffer => Buffer.from(`*${n}\r\n${':7\r\n'.repeat(n)}`);
const ok = Buffer.from('+OK\r\n+OK\r\n'); // two replies: past the JavaScript path for one short reply

describe.skipIf(skipReason !== undefined)('buffers shrink back after a huge reply', () => {
  it('the tape grows for a 100,000-element array and goes back to its ordinary size after it', () => {
    const { parser, replies } = collect();
    expect(entries(parser)).toBe(ORDINARY_ENTRIES);
    for (const chunk of chunked(bigArray(100_000), 64 * 1024)) parser.feed(chunk);
    expect((replies[0] as RespValue[]).length).toBe(100_000);
    expect(entries(parser)).toBeGreaterThan(100_000);
    for (let i = 1; i < SHRINK_AFTER; i++) parser.feed(ok);
    expect(entries(parser)).toBeGreaterThan(100_000); // hysteresis: not yet
    parser.feed(ok);
    expect(entries(parser)).toBe(ORDINARY_ENTRIES);
    expect(replies.length).toBe(1 + 2 * SHRINK_AFTER);
    parser.feed(bigArray(3000)); // and it grows again when needed
    expect((replies.at(-1) as RespValue[]).length).toBe(3000);
  });

  it('short replies decoded without the scanner (one +OK a chunk) count too', () => {
    const { parser, replies } = collect();
    parser.feed(bigArray(50_000));
    expect(entries(parser)).toBeGreaterThan(50_000);
    const single = Buffer.from('+OK\r\n');
    for (let i = 1; i < SHRINK_AFTER; i++) parser.feed(single);
    expect(entries(parser)).toBeGreaterThan(50_000);
    parser.feed(single);
    expect(entries(parser)).toBe(ORDINARY_ENTRIES);
    parser.feed(Buffer.from('*2\r\n:1\r\n:2\r\n+OK\r\n'));
    expect(replies.slice(-2)).toEqual([[1, 2], 'OK']);
    expect(replies.length).toBe(1 + SHRINK_AFTER + 2);
  });

  it('a reply cut across chunks keeps its entries when the tape shrinks under it', () => {
    const { parser, replies } = collect();
    parser.feed(bigArray(5000));
    for (let i = 1; i < SHRINK_AFTER; i++) parser.feed(ok);
    expect(entries(parser)).toBeGreaterThan(5000);
    // the shrinking chunk ends inside a reply whose first elements are on the tape
    parser.feed(Buffer.from('+OK\r\n+OK\r\n*4\r\n$1\r\na\r\n:5\r\n+x'));
    expect(entries(parser)).toBe(ORDINARY_ENTRIES);
    parser.feed(Buffer.from('y\r\n#t\r\n'));
    expect(replies.at(-1)).toEqual(['a', 5, 'xy', true]);
  });

  it('a steady stream of big replies keeps its tape (no reallocation each time)', () => {
    const { parser, replies } = collect();
    parser.feed(bigArray(20_000));
    const tape = internals.tape(parser);
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < SHRINK_AFTER - 1; i++) parser.feed(ok);
      parser.feed(bigArray(20_000));
      expect(internals.tape(parser)).toBe(tape);
    }
    expect(replies.length).toBe(6 + 5 * 2 * (SHRINK_AFTER - 1));
  });

  it("the scanner's own buffers (a long line cut across chunks, a deep reply) are freed after it", () => {
    const { parser, replies } = collect({ maxLineLength: 1 << 20 });
    const before = internals.scannerBytes(parser);
    const line = `+${'a'.repeat(200_000)}\r\n`;
    const deep = `${'*1\r\n'.repeat(500)}:1\r\n`;
    for (const chunk of chunked(Buffer.from(line + deep), 1000)) parser.feed(chunk);
    expect(replies.length).toBe(2);
    expect(internals.scannerBytes(parser)).toBeGreaterThan(200_000);
    // the chunk that ended the deep reply was the first idle one; SHRINK_AFTER - 1 more free them
    for (let i = 2; i < SHRINK_AFTER; i++) parser.feed(ok);
    expect(internals.scannerBytes(parser)).toBeGreaterThan(200_000);
    parser.feed(ok);
    expect(internals.scannerBytes(parser)).toBeLessThanOrEqual(Math.max(before, 4096 + 64 * 32));
  });
});
