import { ResponseError } from '@aredis/resp-parser';
import { canonical, collectEvents, materialize, serialize, type Expected } from '@aredis/resp-parser/vectors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NativeRespParser } from '../src/index.js';
import { cut, value } from './arbitraries.js';
import { skipReason } from './availability.js';

/** The events a correct parser reports for replies `values`, canonical. */
function expectedEvents(values: Expected[], returnBuffers: boolean) {
  return values.map((v) => ({
    type: v instanceof ResponseError ? 'error' : 'reply',
    value: canonical(materialize(v, { returnBuffers })),
  }));
}

describe.skipIf(skipReason !== undefined)('properties', () => {
  for (const streamed of [false, true]) {
    it(`random RESP3 values${streamed ? ' (streamed forms)' : ''}, cut at random points, decode to the same values`, () => {
      fc.assert(
        fc.property(
          fc.array(value, { minLength: 1, maxLength: 5 }),
          fc.array(fc.nat(), { maxLength: 8 }),
          fc.boolean(),
          fc.integer({ min: 1, max: 5 }),
          (values, points, returnBuffers, chunkSize) => {
            const input = Buffer.concat(values.map((v) => serialize(v, { streamed, chunkSize })));
            const got = collectEvents(NativeRespParser, cut(input, points), { returnBuffers });
            expect(got.protocolError).toBeUndefined();
            expect(got.crash).toBeUndefined();
            const events = got.events.map((e) => ({ type: e.type, value: canonical(e.value) }));
            expect(events).toEqual(expectedEvents(values, returnBuffers));
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  it('random bytes never hang or crash: events or a ProtocolError, and reset() recovers', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(), { maxLength: 6 }), (raw, points) => {
        const got = collectEvents(NativeRespParser, cut(Buffer.from(raw), points));
        expect(got.crash).toBeUndefined();
        if (got.protocolError) expect(got.recovered).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('valid replies with random bytes changed never crash, and cut anywhere give the same outcome', () => {
    fc.assert(
      fc.property(
        value,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (v, changes, points) => {
          const input = Buffer.from(serialize(v));
          for (const [at, byte] of changes) input[at % input.length] = byte;
          const whole = collectEvents(NativeRespParser, [input], { returnBuffers: true });
          const pieces = collectEvents(NativeRespParser, cut(input, points), { returnBuffers: true });
          expect(whole.crash).toBeUndefined();
          expect(pieces.crash).toBeUndefined();
          const outcome = (c: typeof whole) => ({
            events: c.events.map((e) => ({ type: e.type, value: canonical(e.value) })),
            error: c.protocolError?.offset,
            recovered: c.recovered,
          });
          expect(outcome(pieces)).toEqual(outcome(whole));
        },
      ),
      { numRuns: 500 },
    );
  });
});
