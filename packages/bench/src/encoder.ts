/**
 * Encoder microbenchmark: encodeValue (RESP3 and RESP2) on the replies a server sends most,
 * beside RespParser decoding the same bytes, in values/s and MB/s (bytes of RESP written or
 * read). A short run: `pnpm --filter @aredis/bench exec tsx --conditions=aredis-source src/encoder.ts`.
 */
import os from 'node:os';
import { RespParser, encodeValue, type RespValue } from '@aredis/resp-parser';
import { Bench } from 'tinybench';

const cases: { name: string; value: RespValue; status?: boolean; count: number }[] = [
  { name: 'small replies (+OK, :42, short bulk) × 1000', value: ['OK', 42, 'value:12345'], status: true, count: 1000 },
  { name: '600-element array of short bulks', value: Array.from({ length: 600 }, (_, i) => `member:${i}`), count: 1 },
  { name: 'map of 100 fields', value: new Map(Array.from({ length: 100 }, (_, i) => [`field:${i}`, `value:${i * 7}`])), count: 1 },
  { name: '1 MB bulk string', value: Buffer.alloc(1024 * 1024, 120), count: 1 },
];

const bench = new Bench({ time: 400, warmupTime: 100 });
const sizes = new Map<string, { bytes: number; values: number }>();
for (const { name, value, status, count } of cases) {
  for (const protocol of [3, 2] as const) {
    const options = { protocol, strings: status ? ('simple' as const) : ('bulk' as const) };
    // Small replies: each of the three encoded on its own, as a server answers one command.
    const values = status ? (value as RespValue[]) : [value];
    const bytes = values.reduce<number>((sum, v) => sum + encodeValue(v, options).length, 0) * count;
    const label = `encode RESP${protocol}: ${name}`;
    sizes.set(label, { bytes, values: values.length * count });
    bench.add(label, () => {
      for (let i = 0; i < count; i++) for (const v of values) encodeValue(v, options);
    });
  }
  const input = Buffer.concat(Array.from({ length: count }, () => (status ? (value as RespValue[]) : [value]).map((v) => encodeValue(v, { protocol: 3, strings: status ? 'simple' : 'bulk' }))).flat());
  const parser = new RespParser({ onReply: () => undefined, onError: () => undefined });
  const label = `decode (RespParser): ${name}`;
  sizes.set(label, { bytes: input.length, values: (status ? 3 : 1) * count });
  bench.add(label, () => parser.feed(input));
}

await bench.run();
console.log(`| case | values/s | MB/s |\n|---|---:|---:|`);
for (const task of bench.tasks) {
  const hz = (task.result as { throughput?: { mean: number } } | undefined)?.throughput?.mean ?? 0;
  const size = sizes.get(task.name)!;
  console.log(`| ${task.name} | ${Math.round(hz * size.values).toLocaleString('en')} | ${((hz * size.bytes) / 1e6).toFixed(0)} |`);
}
console.log(`\n_Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} (${os.cpus().length} cores, shared), ${new Date().toISOString().slice(0, 10)}_`);
