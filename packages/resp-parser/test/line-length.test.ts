import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RespParser } from '../src/index.js';
import { TEXT_LINE_TYPES, collectEvents, feedEndlessLine, isProtocolErrorLike } from './support.js';

describe('maxLineLength', () => {
  it('an endless text line fails once it passes maxLineLength: what is held is at most the limit plus one chunk', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TEXT_LINE_TYPES), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 700 }), (line, maxLineLength, chunkSize) => {
        const outcome = feedEndlessLine(RespParser, line, { maxLineLength, chunkSize, budget: maxLineLength + 4 * chunkSize + 8 });
        expect(isProtocolErrorLike(outcome.thrown)).toBe(true);
        // type byte + the limit + the chunk that crossed it
        expect(outcome.fedWhenFailed).toBeLessThanOrEqual(1 + maxLineLength + chunkSize);
        expect(outcome.fedWhenFailed).toBeGreaterThan(1 + maxLineLength);
      }),
      { numRuns: 300 },
    );
  });

  it('a line of exactly maxLineLength is accepted, however it is cut', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TEXT_LINE_TYPES), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 50 }), (line, maxLineLength, chunkSize) => {
        const input = Buffer.from(`${line.type}${line.filler.repeat(maxLineLength)}\r\n`);
        const chunks: Buffer[] = [];
        for (let i = 0; i < input.length; i += chunkSize) chunks.push(input.subarray(i, i + chunkSize));
        const got = collectEvents(RespParser, chunks, { maxLineLength });
        expect(got.protocolError).toBeUndefined();
        expect(got.events).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });

  it('defaults to 64 KiB: 65,536 bytes pass, 65,537 fail, in one chunk or in 64 KiB chunks', () => {
    for (const extra of [0, 1]) {
      const input = Buffer.from(`+${'a'.repeat(65_536 + extra)}\r\n`);
      for (const chunks of [[input], [input.subarray(0, 65_536), input.subarray(65_536)]]) {
        const got = collectEvents(RespParser, chunks);
        expect(got.protocolError !== undefined).toBe(extra === 1);
      }
    }
  });

  it('an endless line with the default limit fails within 64 KiB plus one 64 KiB chunk, not at 512 MiB', () => {
    const outcome = feedEndlessLine(RespParser, { type: '+', filler: 'x' }, { chunkSize: 65_536, budget: 64 * 1024 * 1024 });
    expect(isProtocolErrorLike(outcome.thrown)).toBe(true);
    expect(outcome.fedWhenFailed).toBeLessThanOrEqual(1 + 65_536 * 2);
  });

  it('is a constructor option beside maxBulkLength and maxDepth', () => {
    const replies: unknown[] = [];
    const parser = new RespParser({ onReply: (r) => replies.push(r), onError: () => undefined, maxLineLength: 3 });
    parser.feed(Buffer.from('+abc\r\n'));
    expect(replies).toEqual(['abc']);
    expect(() => parser.feed(Buffer.from('+abcd'))).toThrow(/maxLineLength/);
  });
});
