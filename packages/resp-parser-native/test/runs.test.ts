import { RespParser, type ParserClass, type RespValue } from '@aredis/resp-parser';
import { describe, expect, it } from 'vitest';
import { NativeRespParser } from '../src/index.js';
import { setTinyPath } from '../src/tiny.js';
import { skipReason } from './availability.js';

// The scanner reads runs of plain elements (short bulks, simple strings, small integers) in
// one loop and records the top-level replies among them when the run ends: cut at every byte,
// with an attribute before them and a reply continued from the chunk before, both parsers agree.
function events(Parser: ParserClass, chunks: Buffer[], returnBuffers: boolean): unknown[] {
  const out: unknown[] = [];
  const parser = new Parser({
    returnBuffers,
    onReply: (v: RespValue) => out.push(['reply', v]),
    onError: (e) => out.push(['error', e.message]),
    onAttribute: (a) => out.push(['attribute', a]),
  });
  for (const chunk of chunks) parser.feed(chunk);
  return out;
}

const inputs = [
  '|1\r\n+a\r\n+b\r\n:1\r\n:2\r\n$1\r\nx\r\n+OK\r\n',
  '*3\r\n$1\r\na\r\n$9\r\n123456789\r\n:-5\r\n$2\r\nbc\r\n:7\r\n*2\r\n+p\r\n$0\r\n\r\n',
  '%2\r\n$1\r\nk\r\n:1\r\n+f\r\n$3\r\nval\r\n$1\r\nz\r\n*1\r\n|1\r\n+m\r\n:0\r\n$2\r\nqq\r\n',
  '>2\r\n+message\r\n$2\r\nch\r\n:12345\r\n$10\r\n0123456789\r\n',
];

describe.skipIf(skipReason !== undefined)('runs of plain elements', () => {
  it('agree with the TypeScript parser, cut at every byte, in both modes', () => {
    setTinyPath(false);
    try {
      for (const text of inputs) {
        const input = Buffer.from(text);
        for (const returnBuffers of [false, true]) {
          const whole = events(RespParser, [input], returnBuffers);
          expect(events(NativeRespParser, [input], returnBuffers)).toEqual(whole);
          for (let cut = 1; cut < input.length; cut++) {
            const chunks = [input.subarray(0, cut), input.subarray(cut)];
            expect(events(NativeRespParser, chunks, returnBuffers)).toEqual(events(RespParser, chunks, returnBuffers));
          }
        }
      }
    } finally {
      setTinyPath(true);
    }
  });
});
