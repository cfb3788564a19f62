import { RespParser as RespParser, type ParserClass, type RespValue } from '@aredis/resp-parser';
import { canonical, collectEvents, readThroughLends, sameValue, serialize, type Collected } from '@aredis/resp-parser/vectors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NativeRespParser } from '../src/index.js';
import { cut, value } from './arbitraries.js';
import { skipReason } from './availability.js';

// The two parsers read any input alike: the same events, and a ProtocolError from the native
// parser only where RespParser gives one too (RespParser may refuse a line as soon as a byte
// is wrong, the scanner at its end: a cut input may still wait there), with small
// maxLineLength values among the options (random garbage, and valid replies with bytes changed).
const token = fc.constantFrom(
  '*', '$', '%', '~', '>', '|', ':', '+', '-', '_', '#', ',', '(', '!', '=', ';', '.', '?',
  '\r\n', '\r', '\n', '0', '1', '2', '3', '-1', '-0', '4294967295', 'aaaaaaaa', 't', 'f', 'txt:', 'inf', 'nan',
);
const garbage = fc.oneof(
  fc.array(token, { maxLength: 60 }).map((tokens) => Buffer.from(tokens.join(''))),
  fc.tuple(value, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([v, at, byte]) => {
    const bytes = Buffer.from(serialize(v, { streamed: at % 2 === 0 }));
    bytes[at % bytes.length] = byte;
    return bytes;
  }),
);
const limits = fc.record({ maxLineLength: fc.oneof(fc.integer({ min: 0, max: 24 }), fc.constant(undefined)), returnBuffers: fc.boolean() });

function outcome(run: Collected) {
  return { events: run.events.map((e) => ({ type: e.type, value: canonical(e.value) })), protocolError: run.protocolError !== undefined, crash: run.crash };
}

describe.skipIf(skipReason !== undefined)('agreement with RespParser', () => {
  it('the same events, and no ProtocolError RespParser does not give, whole and cut anywhere', () => {
    fc.assert(
      fc.property(garbage, fc.array(fc.nat(), { maxLength: 6 }), limits, (input, points, { maxLineLength, returnBuffers }) => {
        const options = { returnBuffers, maxDepth: 8, ...(maxLineLength === undefined ? {} : { maxLineLength }) };
        for (const chunks of [[input], cut(input, points)]) {
          const native = outcome(collectEvents(NativeRespParser, chunks, options));
          const ts = outcome(collectEvents(RespParser, chunks, options));
          expect(native.crash).toBeUndefined();
          expect(native.events).toEqual(ts.events);
          if (native.protocolError) expect(ts.protocolError).toBe(true);
          // Input ending with CR LF: what RespParser refuses, the scanner refuses too.
          if (ts.protocolError && input.at(-2) === 13 && input.at(-1) === 10) expect({ input: input.toString('latin1'), native: native.protocolError }).toEqual({ input: input.toString('latin1'), native: true });
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('the same replies read as a socket with onread would (long bodies lent), as RespParser fed the same bytes', () => {
    // Long bulk strings (lent when long enough for their mode) among random replies, random read sizes.
    const long = fc.tuple(fc.integer({ min: 30_000, max: 140_000 }), fc.integer({ min: 0, max: 255 }), fc.boolean()).map(([n, seed, ascii]) => {
      const body = Buffer.allocUnsafe(n);
      for (let i = 0; i < n; i++) body[i] = ascii ? 0x20 + ((i + seed) % 90) : (i * 7 + seed) & 0xff;
      return Buffer.concat([Buffer.from(`$${n}\r\n`), body, Buffer.from('\r\n')]);
    });
    const small = value.map((v) => Buffer.from(serialize(v)));
    const sizes = fc.array(fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 70_000 })), { minLength: 1, maxLength: 8 });
    let lentRuns = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(long, small), { minLength: 1, maxLength: 6 }), sizes, fc.boolean(), (replies, reads, returnBuffers) => {
        const input = Buffer.concat(replies);
        const read = (Parser: ParserClass, lend: boolean) => {
          const got: RespValue[] = [];
          const parser = new Parser({ returnBuffers, onReply: (r) => got.push(r), onError: (e) => got.push(e), onPush: (p) => got.push(['push', ...p]) });
          if (!lend) {
            parser.feed(input);
            return { got, lent: false };
          }
          const run = readThroughLends(parser, input, reads);
          if (run.error !== undefined) throw run.error;
          return { got, lent: run.lent.includes(true) };
        };
        const native = read(NativeRespParser, true);
        const ts = read(RespParser, false);
        if (native.lent) lentRuns++;
        expect(native.got.length).toBe(ts.got.length);
        native.got.forEach((r, i) => {
          if (!sameValue(r, ts.got[i])) expect({ reply: i, value: canonical(r) }).toEqual({ reply: i, value: canonical(ts.got[i]) });
        });
      }),
      { numRuns: 150 },
    );
    expect(lentRuns).toBeGreaterThan(50);
  });
});
