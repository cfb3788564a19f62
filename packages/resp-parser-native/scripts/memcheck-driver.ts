// Run under valgrind by scripts/memcheck.mjs: the whole vector table (one chunk, byte by byte,
// and a cut at every offset for inputs up to 64 bytes, both value modes) and a seeded fuzz pass
// of random and mutated inputs, through the addon. Exits non-zero if any vector fails.
import { VECTORS, collectEvents, runVector, splits, serialize, bulk, map } from '@aredis/resp-parser/vectors';
import { NativeRespParser, isAvailable, unavailableReason } from '../src/index.js';
import { setTinyPath } from '../src/tiny.js';

setTinyPath(false); // every input through the addon

if (!isAvailable()) throw new Error(`addon unavailable: ${unavailableReason()}`);
let failures = 0;
let runs = 0;
for (const vector of VECTORS) {
  for (const returnBuffers of [false, true]) {
    for (const split of splits(vector.input)) {
      if (vector.input.length > 64 && split.name.startsWith('split at')) continue;
      const { actual, expected } = runVector(NativeRespParser, vector, split.chunks, { returnBuffers });
      runs++;
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        failures++;
        console.error(`FAIL ${vector.name} (${split.name})`);
      }
    }
  }
}
// Seeded fuzz: random bytes, and valid replies with bytes changed, in random chunks.
let seed = 0x2545f491;
const random = (n: number) => {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
  return (seed >>> 0) % n;
};
const samples = [
  serialize([1, 'OK', bulk('hello'), map(['k', [true, null, 2.5]]), 12345678901234567890n]),
  serialize([bulk('x'.repeat(100)), [[[1]]]], { streamed: true, chunkSize: 7 }),
  Buffer.from('|1\r\n+a\r\n+b\r\n>2\r\n+p\r\n=8\r\ntxt:abcd\r\n!3\r\nERR\r\n,1e5\r\n(123\r\n'),
];
const chunks = (input: Buffer) => {
  const out: Buffer[] = [];
  for (let i = 0; i < input.length; ) {
    const n = 1 + random(16);
    out.push(input.subarray(i, i + n));
    i += n;
  }
  return out;
};
let fuzzed = 0;
for (let i = 0; i < 3000; i++) {
  let input: Buffer;
  if (i % 2) {
    input = Buffer.alloc(random(120));
    for (let j = 0; j < input.length; j++) input[j] = random(256);
  } else {
    input = Buffer.from(samples[random(samples.length)]!);
    for (let k = 0; k < 1 + random(3); k++) input[random(input.length)] = random(256);
  }
  const got = collectEvents(NativeRespParser, chunks(input), { returnBuffers: random(2) === 1 });
  if (got.crash) {
    failures++;
    console.error('CRASH', input.toString('hex'), got.crash);
  }
  fuzzed++;
}
console.log(`memcheck driver: ${runs} vector runs, ${fuzzed} fuzz inputs, ${failures} failures`);
process.exitCode = failures ? 1 : 0;
