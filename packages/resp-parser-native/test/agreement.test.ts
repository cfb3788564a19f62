import { RespParser } from '@aredis/resp-parser';
import { canonical, collectEvents, serialize, type Collected } from '@aredis/resp-parser/vectors';
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
});
