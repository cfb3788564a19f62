/**
 * Client-side caching (issue #14): GETs of one 100-byte value, awaited one at a time, from
 * aredis with and without `clientSideCache` and from node-redis with and without its own
 * `clientSideCache` (RESP3 both), on one throwaway server in one run. Every client must read
 * the right value, and a cached one must see another client's write, before it is timed.
 *
 *   pnpm --filter @aredis/bench bench:csc      (BENCH_TIME_MS per client, default 1000)
 */
import { Bench } from 'tinybench';
import { createClient } from 'redis';
import { StrictRedis } from '@aredis/client';
import { startServer, waitUntil } from '@aredis/testing';

const KEY = 'bench:csc';
const VALUE = 'v'.repeat(100);
/** GETs a task runs, one after the other. */
const BATCH = 100;

interface Reader {
  readonly name: string;
  get(key: string): Promise<unknown>;
  close(): Promise<unknown>;
}

async function readers(port: number): Promise<Reader[]> {
  const plain = new StrictRedis({ port, protocol: 3, decodeResponses: true });
  const cached = new StrictRedis({ port, protocol: 3, decodeResponses: true, clientSideCache: { maxEntries: 1000 } });
  const nodePlain = createClient({ socket: { host: '127.0.0.1', port }, RESP: 3 });
  const nodeCached = createClient({ socket: { host: '127.0.0.1', port }, RESP: 3, clientSideCache: { maxEntries: 1000 } });
  await Promise.all([nodePlain.connect(), nodeCached.connect()]);
  return [
    { name: 'aredis', get: (k) => plain.get(k), close: () => plain.close() },
    { name: 'aredis clientSideCache', get: (k) => cached.get(k), close: () => cached.close() },
    { name: 'node-redis', get: (k) => nodePlain.get(k), close: () => nodePlain.quit() },
    { name: 'node-redis clientSideCache', get: (k) => nodeCached.get(k), close: () => nodeCached.quit() },
  ];
}

async function run(reader: Reader): Promise<void> {
  for (let i = 0; i < BATCH; i++) await reader.get(KEY);
}

async function main(): Promise<void> {
  const time = Number(process.env.BENCH_TIME_MS ?? 1000);
  const server = await startServer();
  const writer = new StrictRedis({ port: server.port, decodeResponses: true });
  const all = await readers(server.port);
  try {
    for (const reader of all) {
      await writer.set(KEY, 'before');
      await reader.get(KEY);
      await reader.get(KEY);
      await writer.set(KEY, VALUE);
      await waitUntil(`${reader.name} sees the write`, async () => (await reader.get(KEY)) === VALUE, 5000, 1);
    }
    const bench = new Bench({ time, warmupTime: 200 });
    for (const reader of all) bench.add(reader.name, () => run(reader));
    await bench.run();
    const rows = bench.tasks.map((task) => {
      const result = task.result as { throughput?: { mean: number } };
      return [task.name, Math.round((result.throughput?.mean ?? 0) * BATCH)] as const;
    });
    const base = rows.find(([name]) => name === 'aredis')?.[1] ?? 1;
    console.log('| client | GET ops/s (one at a time) | vs aredis uncached |\n|---|---:|---:|');
    for (const [name, ops] of rows) console.log(`| ${name} | ${ops.toLocaleString('en-US')} | ${(ops / base).toFixed(1)}× |`);
  } finally {
    for (const reader of all) await reader.close();
    await writer.close();
    await server.stop();
  }
}

await main();
