import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError, RespParser, VerbatimString } from '../src/index.js';
import {
  bulk,
  canonical,
  checkVector,
  collectEvents,
  errorFromReplyFor,
  serialize,
  serializePush,
  type Expected,
  type ExpectedEvent,
  type Vector,
} from './support.js';

const simpleText = fc.string({ maxLength: 20 }).filter((s) => !/[\r\n]/.test(s));
const scalar: fc.Arbitrary<Expected> = fc.oneof(
  simpleText,
  fc.uint8Array({ maxLength: 40 }).map((bytes) => bulk(Buffer.from(bytes))),
  fc.string({ unit: 'grapheme', maxLength: 10 }).map((s) => bulk(s)),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double(),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
  fc.boolean(),
  fc.constant(null),
  fc.tuple(fc.constantFrom('txt', 'mkd'), fc.string({ maxLength: 10 })).map(([format, text]) => new VerbatimString(format, Buffer.from(text))),
  fc.tuple(fc.constantFrom('ERR', 'WRONGTYPE', 'MOVED', 'NOSCRIPT'), fc.string({ maxLength: 12 })).map(([prefix, text]) =>
    errorFromReplyFor(`${prefix} ${text}`),
  ),
);
const { value } = fc.letrec<{ value: Expected }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 4 }).map((entries) => new Map(entries)),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => new Set(items)),
  ),
}));

/** A stream of top-level frames: replies (an error at top level is an error event) and pushes. */
const stream = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: value.map((v): { push: false; v: Expected } => ({ push: false, v })) },
    { weight: 1, arbitrary: fc.array(value, { maxLength: 3 }).map((v): { push: true; v: Expected[] } => ({ push: true, v })) },
  ),
  { minLength: 1, maxLength: 5 },
);

function cut(input: Buffer, points: number[]): Buffer[] {
  const offsets = [...new Set(points.map((p) => p % (input.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let last = 0;
  for (const offset of offsets) {
    chunks.push(input.subarray(last, offset));
    last = offset;
  }
  chunks.push(input.subarray(last));
  return chunks.filter((chunk) => chunk.length > 0);
}

describe('properties', () => {
  it('random RESP3 values, serialised and cut at random points, decode to the same values', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 8 }), fc.boolean(), fc.boolean(), (frames, points, returnBuffers, streamed) => {
        const options = { streamed, chunkSize: 2 };
        const events: ExpectedEvent[] = frames.map((frame) =>
          frame.push
            ? { type: 'push', value: frame.v }
            : frame.v instanceof Error
              ? { type: 'error', value: frame.v }
              : { type: 'reply', value: frame.v },
        );
        const input = Buffer.concat(frames.map((frame) => (frame.push ? serializePush(frame.v, options) : serialize(frame.v, options))));
        const vector: Vector = { name: 'property', input, events };
        const check = checkVector(RespParser, vector, cut(input, points), { returnBuffers });
        if (!check.ok) expect(check.actual).toEqual(check.expected);
      }),
      { numRuns: 400 },
    );
  });

  const token = fc.constantFrom(
    '*', '$', '%', '~', '>', '|', ':', '+', '-', '_', '#', ',', '(', '!', '=', ';', '.', '?',
    '\r\n', '\r', '\n', '0', '1', '2', '3', '-1', '-2', '99999999999', 'a', 't', 'f', 'txt:', 'inf', 'nan',
  );
  const garbage = fc.oneof(
    fc.uint8Array({ maxLength: 120 }).map((bytes) => Buffer.from(bytes)),
    fc.array(token, { maxLength: 60 }).map((tokens) => Buffer.from(tokens.join(''))),
    fc.tuple(value, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([v, at, byte]) => {
      const bytes = Buffer.from(serialize(v));
      bytes[at % bytes.length] = byte;
      return bytes;
    }),
  );

  it('random garbage gives values or a ProtocolError, the same however it is cut', () => {
    fc.assert(
      fc.property(garbage, fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), (input, points, returnBuffers) => {
        const whole = collectEvents(RespParser, [input], { returnBuffers, maxDepth: 8 });
        const pieces = collectEvents(RespParser, cut(input, points), { returnBuffers, maxDepth: 8 });
        const bytewise = collectEvents(RespParser, cut(input, [...Array(input.length).keys()]), { returnBuffers, maxDepth: 8 });
        for (const run of [whole, pieces, bytewise]) {
          expect(run.crash).toBeUndefined();
          if (run.protocolError) {
            expect(run.protocolError).toBeInstanceOf(ProtocolError);
            expect(run.recovered).toBe(true);
          }
          expect(run.events.map((e) => canonical(e.value))).toEqual(whole.events.map((e) => canonical(e.value)));
        }
        // A cut input may still be waiting where the whole one already failed, never the reverse.
        if (pieces.protocolError || bytewise.protocolError) expect(whole.protocolError).toBeDefined();
      }),
      { numRuns: 1500 },
    );
  });
});
