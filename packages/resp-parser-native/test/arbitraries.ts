/** fast-check arbitraries: random RESP3 values (as vector-table `Expected` trees) and cuts. */
import { bulk, map, responseError, set, verbatim, type Expected } from '@aredis/resp-parser/vectors';
import fc from 'fast-check';

const text = fc.string({ unit: 'grapheme', maxLength: 20 });
const lineText = text.filter((s) => !/[\r\n]/.test(s));
const bytes = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a));

const scalar: fc.Arbitrary<Expected> = fc.oneof(
  lineText,
  text.map((s) => bulk(s)),
  bytes.map((b) => bulk(b)),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.bigInt({ min: -(2n ** 100n), max: 2n ** 100n }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('ERR', 'WRONGTYPE', 'MOVED 1 h:1', 'NOSCRIPT x').chain((p) => text.map((t) => responseError(`${p} ${t}`))),
  fc.tuple(fc.constantFrom('txt', 'mkd'), text).map(([f, t]) => verbatim(f, t)),
);

/** Any RESP3 value, nested a few levels. */
export const value: fc.Arbitrary<Expected> = fc.letrec<{ value: Expected }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 6 }),
    fc.array(fc.tuple(scalar, tie('value')), { maxLength: 4 }).map((entries) => map(...entries)),
    fc.array(scalar, { maxLength: 4 }).map((items) => set(...items)),
  ),
})).value;

/** Cuts `input` at the given random points (deduplicated, in order). */
export function cut(input: Buffer, points: number[]): Buffer[] {
  const at = [...new Set(points.map((p) => p % (input.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of at) {
    chunks.push(input.subarray(from, p));
    from = p;
  }
  chunks.push(input.subarray(from));
  return chunks;
}
