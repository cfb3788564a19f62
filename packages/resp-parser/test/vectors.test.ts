import { describe, expect, it } from 'vitest';
import { RespParser } from '../src/index.js';
import { VECTORS, checkVector, splits } from '../src/vectors.js';

// Every vector, in both value modes, as one chunk, byte by byte and cut in two at every offset.
for (const returnBuffers of [false, true]) {
  describe(`vector table (returnBuffers: ${returnBuffers})`, () => {
    for (const vector of VECTORS) {
      it(vector.name, () => {
        for (const split of splits(vector.input)) {
          const check = checkVector(RespParser, vector, split.chunks, { returnBuffers });
          if (!check.ok) expect({ split: split.name, ...check.actual }).toEqual({ split: split.name, ...check.expected });
        }
      });
    }
  });
}
