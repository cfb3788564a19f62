import { describe, expect, it } from 'vitest';
import { K } from '../src/decoder.js';
import * as tape from '../src/tape.js';

// decoder.ts keeps its own const enum of the tape layout (inlined as literals on the hot path);
// it must agree with tape.ts, the mirror of native/scanner.h.
describe('tape layout', () => {
  it('the decoder enum agrees with tape.ts', () => {
    const fromTape = Object.fromEntries(
      Object.entries(tape)
        .filter(([name]) => name.startsWith('K_'))
        .map(([name, value]) => [name.slice(2), value]),
    );
    const fromDecoder = {
      SIMPLE: K.SIMPLE, ERROR: K.ERROR, INT: K.INT, INT_F64: K.INT_F64, INT_BIG: K.INT_BIG, BULK: K.BULK,
      NULL: K.NULL, BOOL: K.BOOL, DOUBLE: K.DOUBLE, BIGNUM: K.BIGNUM, BULK_ERROR: K.BULK_ERROR,
      VERBATIM: K.VERBATIM, ARRAY: K.ARRAY, MAP: K.MAP, SET: K.SET, ATTRIBUTE: K.ATTRIBUTE, PUSH: K.PUSH,
      STREAMED: K.STREAMED,
    };
    expect(fromDecoder).toEqual(fromTape);
    expect(Object.keys(fromTape).length).toBe(18);
    expect([K.ASCII, K.MASK, K.ENTRY]).toEqual([tape.F_ASCII, tape.KIND_MASK, tape.ENTRY]);
  });
});
