/**
 * One 1 MB bulk string read by each parser as the connection's SocketReader reads it (64 KiB
 * reads; the bytes copied from memory stand for the kernel's copy): fed as chunks of their own
 * ('feed'), or read into what bodyBuffer() lends ('lend'), as a Buffer and as a string.
 * Prints the median and the lowest µs a reply over 15 rounds of 100 replies, the cases taking turns.
 *
 *   pnpm --filter @aredis/resp-parser-native bench:long
 */
import { RespParser, type ParserClass } from '@aredis/resp-parser';
import { NativeRespParser } from '../src/index.js';
const N = 1024 * 1024;
const input = Buffer.concat([Buffer.from(`$${N}\r\n`), Buffer.alloc(N, 'x'), Buffer.from('\r\n')]);
/** µs a reply over `reps` replies. */
function once(P: ParserClass, returnBuffers: boolean, lend: boolean, reps: number) {
  let got = 0;
  const p = new P({ returnBuffers, onReply: () => got++, onError: () => {} });
  const t = performance.now();
  for (let r = 0; r < reps; r++) {
    let at = 0;
    while (at < input.length) {
      const lent = lend ? p.bodyBuffer?.() ?? null : null;
      const target = lent ?? Buffer.allocUnsafeSlow(65536);
      const n = Math.min(target.length, 65536, input.length - at);
      input.copy(target, 0, at, at + n);
      at += n;
      if (lent) p.bodyFilled!(lent, n); else p.feed(target.subarray(0, n));
    }
  }
  if (got !== reps) throw new Error('bad');
  return ((performance.now() - t) * 1000) / reps;
}
const cases: [string, ParserClass, boolean, boolean][] = [];
for (const [name, P] of [['ts', RespParser], ['native', NativeRespParser]] as const)
  for (const rb of [true, false]) for (const lend of [false, true]) cases.push([`${name} ${rb ? 'buf' : 'str'} ${lend ? 'lend' : 'feed'}`, P, rb, lend]);
const samples = new Map<string, number[]>(cases.map(([n]) => [n, []]));
for (let round = 0; round < 15; round++) for (const [n, P, rb, lend] of cases) samples.get(n)!.push(once(P, rb, lend, 100));
for (const [n, v] of samples) { v.sort((a, b) => a - b); console.log(n.padEnd(18), 'median', v[v.length >> 1]!.toFixed(0), 'µs  min', v[0]!.toFixed(0)); }
