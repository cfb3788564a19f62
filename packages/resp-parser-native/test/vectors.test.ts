import { VECTORS, runVector, splits } from '@aredis/resp-parser/vectors';
import { describe, expect, it } from 'vitest';
import { NativeRespParser } from '../src/index.js';
import { skipReason } from './availability.js';

// The shared table, in both value modes, as one chunk, byte by byte and cut in two at every offset.
for (const returnBuffers of [false, true]) {
  describe.skipIf(skipReason !== undefined)(`vector table (returnBuffers: ${returnBuffers})`, () => {
    for (const vector of VECTORS) {
      it(vector.name, () => {
        for (const split of splits(vector.input)) {
          const { actual, expected } = runVector(NativeRespParser, vector, split.chunks, { returnBuffers });
          if (JSON.stringify(actual) !== JSON.stringify(expected)) {
            expect({ split: split.name, ...actual }).toEqual({ split: split.name, ...expected });
          }
        }
      });
    }
  });
}
