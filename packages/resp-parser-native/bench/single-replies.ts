/**
 * Single replies, one reply per feed() (what a client doing one command at a time sees), which
 * packages/bench/src/parsers.ts does not cover. Prints RespParser and NativeRespParser times
 * per feed as the fastest of 25 runs (the machine is shared; the minimum is the stable figure).
 *
 *   pnpm bench:single   (in this package)
 */
import { RespParser, type ParserClass } from '@aredis/resp-parser';
import { NativeRespParser, isAvailable, unavailableReason } from '../src/index.js';

if (!isAvailable()) throw new Error(`native parser unavailable: ${unavailableReason()}`);

const bulk = (s: string) => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
const cases: [string, Buffer][] = [
  ['+OK', Buffer.from('+OK\r\n')],
  [':1000', Buffer.from(':1000\r\n')],
  ['$5 hello', Buffer.from(bulk('hello'))],
  ['-ERR ...', Buffer.from('-ERR unknown command\r\n')],
  ['*2 of short bulks', Buffer.from(`*2\r\n${bulk('a')}${bulk('bb')}`)],
  ['%1 map', Buffer.from(`%1\r\n+key\r\n:1\r\n`)],
  // the 100-element array of packages/bench (issue #13's goal: at least 1.3x RespParser, strings)
  ['*100 of short bulks', Buffer.from(`*100\r\n${Array.from({ length: 100 }, (_, i) => bulk(`v${i}`)).join('')}`)],
];

function fastestNs(feed: () => void, iterations: number): number {
  let best = Infinity;
  for (let trial = 0; trial < 25; trial++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) feed();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / iterations);
  }
  return best;
}

console.log('| reply (one per feed) | RespParser ns | NativeRespParser ns | native speed ×RespParser |');
console.log('|---|---:|---:|---:|');
for (const returnBuffers of [false, true]) {
  for (const [name, input] of cases) {
    const time = (Parser: ParserClass) => {
      let replies = 0;
      const parser = new Parser({ returnBuffers, onReply: () => replies++, onError: () => replies++ });
      const iterations = input.length > 100 ? 250 : 20_000; // about 0.5 ms a trial either way
      fastestNs(() => parser.feed(input), iterations);
      return fastestNs(() => parser.feed(input), iterations);
    };
    const ts = time(RespParser);
    const native = time(NativeRespParser);
    const mode = returnBuffers ? 'returnBuffers' : 'strings';
    console.log(`| ${name} (${mode}) | ${ts.toFixed(0)} | ${native.toFixed(0)} | ${(ts / native).toFixed(2)} |`);
  }
}
