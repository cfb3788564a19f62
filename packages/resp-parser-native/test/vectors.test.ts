import { VECTORS, runVector, splits } from '@aredis/resp-parser/vectors';
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
          // Short whole inputs are also run with the JavaScript path for tiny chunks off, so the
          // scanner itself passes every case (the byte-by-byte and cut runs always reach it).
          if (split.name === 'whole') {
            setTinyPath(false);
            try {
              const { actual, expected } = runVector(NativeRespParser, vector, split.chunks, { returnBuffers });
              expect({ split: 'whole, scanner only', ...actual }).toEqual({ split: 'whole, scanner only', ...expected });
            } finally {
              setTinyPath(true);
            }
          }
          const { actual, expected } = runVector(NativeRespParser, vector, split.chunks, { returnBuffers });
          if (JSON.stringify(actual) !== JSON.stringify(expected)) {
            expect({ split: split.name, ...actual }).toEqual({ split: split.name, ...expected });
          }
        }
      });
    }
  });
}
