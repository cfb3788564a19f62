import { TEXT_LINE_TYPES, collectEvents, feedEndlessLine, isProtocolErrorLike } from '@aredis/resp-parser/vectors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NativeRespParser } from '../src/index.js';
import { skipReason } from './availability.js';

describe.skipIf(skipReason !== undefined)('maxLineLength', () => {
  it('an endless text line fails once it passes maxLineLength: what is held is at most the limit plus one chunk', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TEXT_LINE_TYPES), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 700 }), (line, maxLineLength, chunkSize) => {
        const outcome = feedEndlessLine(NativeRespParser, line, { maxLineLength, chunkSize, budget: maxLineLength + 4 * chunkSize + 8 });
        expect(isProtocolErrorLike(outcome.thrown)).toBe(true);
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
        const got = collectEvents(NativeRespParser, chunks, { maxLineLength });
        expect(got.protocolError).toBeUndefined();
        expect(got.events).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });

  it('defaults to 64 KiB: an endless line fails within 64 KiB plus one 64 KiB chunk, not at 512 MiB', () => {
    const outcome = feedEndlessLine(NativeRespParser, { type: '+', filler: 'x' }, { chunkSize: 65_536, budget: 64 * 1024 * 1024 });
    expect(isProtocolErrorLike(outcome.thrown)).toBe(true);
    expect(outcome.fedWhenFailed).toBeLessThanOrEqual(1 + 65_536 * 2);
    const exact = collectEvents(NativeRespParser, [Buffer.from(`+${'a'.repeat(65_536)}\r\n`)]);
    expect(exact.protocolError).toBeUndefined();
  });
});
