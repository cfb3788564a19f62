import { VECTORS, checkVector, splits } from '@aredis/resp-parser/vectors';
import { describe, expect, it } from 'vitest';
import { NativeRespParser } from '../src/index.js';
import { setTinyPath } from '../src/tiny.js';
import { skipReason } from './availability.js';

// The shared table, in both value modes, as one chunk, byte by byte and cut in two at every offset.
for (const returnBuffers of [false, true]) {
  describe.skipIf(skipReason !== undefined)(`vector table (returnBuffers: ${returnBuffers})`, () => {
    for (const vector of VECTORS) {
      it(vector.name, () => {
        for (const split of splits(vector.input)) {
          const check = checkVector(NativeRespParser, vector, split.chunks, { returnBuffers });
          if (!check.ok) expect({ split: split.name, ...check.actual }).toEqual({ split: split.name, ...check.expected });
        }
        // The whole input again with the JavaScript path for tiny chunks off, so the scanner
        // itself passes every case (byte-by-byte and cut runs always reach it).
        setTinyPath(false);
        try {
          const check = checkVector(NativeRespParser, vector, [vector.input], { returnBuffers });
          if (!check.ok) expect({ split: 'whole, scanner only', ...check.actual }).toEqual({ split: 'whole, scanner only', ...check.expected });
        } finally {
          setTinyPath(true);
        }
      });
    }
  });
}
