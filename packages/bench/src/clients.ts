/**
 * Client benchmark: aredis (with each parser) against ioredis and node-redis, in one run, on
 * one redis-server started for the purpose. Prints ops/s for every client and scenario, and the
 * ratio of each aredis variant to the best peer; `--write` also writes packages/bench/RESULTS.md
 * and the bar chart it embeds, packages/bench/RESULTS.svg (src/chart.ts).
 *
 *   pnpm bench            (from the repository root: builds, then runs this with --write)
 *
 * Scenarios (one tinybench iteration is one batch; ops/s = batches/s x batch size):
 *   sequential SET     one awaited SET at a time
 *   concurrent GET/SET 1,000 commands in flight on one client, half GET, half SET
 *   LRANGE 600         LRANGE of a 600-element list, 50 in flight
 *   GET 1 MB buffer    GET of a 1 MB value as a Buffer, 4 in flight
 *   GET 1 MB string    the same, decoded to a string
 *   LRANGE 600 Buffers LRANGE 600 with 50 in flight, the items as Buffers
 *
 * Then, in the same run: the references of issue #13's goals (src/references.ts: a raw socket
 * reading GET 1 MB into a preallocated buffer, and `redis-benchmark -c 1 -P 1000`), a fixed
 * offered load with its latency percentiles and the throughput by depth (src/load.ts), and each
 * goal's ratio with its target (src/report.ts).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '@aredis/testing';
import { Bench } from 'tinybench';
import { renderChart } from './chart.js';
import { beforeAfterTable, beforePeer } from './compare.js';
import { DEPTH_CHART_FILE, depthChart, LATENCY_CHART_FILE, latencyChart } from './load-charts.js';
import { inFlight, latencies, throughputByDepth, type OfferedLoad } from './load.js';
import { connectPeers, PEER_SETTINGS, type Peer } from './peers.js';
import { connectRawReader, RAW_READ_BUFFER, redisBenchmark } from './references.js';
import { depthTable, goals, goalTable, latencyTable, SCENARIO, type LatencyResult, type References } from './report.js';

interface Scenario {
  name: string;
  batch: number;
  run(peer: Peer): Promise<unknown>;
  /** Throws unless `result` (what one run resolved with) holds the right replies. */
  check(result: unknown): void;
}

const BIG = 'x'.repeat(1024 * 1024);
const BIG_BYTES = Buffer.from(BIG);
const KEYS = Array.from({ length: 100 }, (_, i) => `bench:k${i}`);

const VALUE = 'value-of-some-length';
const LIST = Array.from({ length: 600 }, (_, i) => `item-${i}-of-the-list`);

/**
 * A 1 MB string reply, used: reading one character makes V8 flatten a string that a client
 * built by concatenating pieces (a rope), so a client that hands out a rope pays for the
 * joining here, inside the timed run, as a client that returns a flat string already did.
 */
function used(value: unknown): unknown {
  if (typeof value === 'string') value.charCodeAt(value.length >> 1);
  return value;
}

/** SET's reply: 'OK' from the peers, `true` from aredis (redis-py's convention). */
function isSetOk(reply: unknown): boolean {
  return reply === 'OK' || reply === true;
}

function expect(ok: boolean, what: string): void {
  if (!ok) throw new Error(`wrong reply: ${what}`);
}

function allEqual(result: unknown, n: number, ok: (reply: unknown, i: number) => boolean, what: string): void {
  expect(Array.isArray(result) && result.length === n && result.every(ok), what);
}

const SCENARIOS: Scenario[] = [
  {
    name: 'sequential SET',
    batch: 1,
    run: (p) => p.set('bench:seq', 'value'),
    check: (r) => expect(isSetOk(r), `SET gave ${String(r)}`),
  },
  {
    name: SCENARIO.inFlight,
    batch: 1000,
    run: (p) => inFlight(1000, (i) => (i & 1 ? p.get(KEYS[i % 100]!) : p.set(KEYS[i % 100]!, VALUE))),
    check: (r) => allEqual(r, 1000, (v, i) => (i & 1 ? v === VALUE : isSetOk(v)), 'GET/SET replies'),
  },
  {
    name: SCENARIO.lrangeStrings,
    batch: 50,
    run: (p) => inFlight(50, () => p.lrange('bench:list', 0, -1)),
    check: (r) =>
      allEqual(r, 50, (v) => Array.isArray(v) && v.length === 600 && v.every((item, i) => item === LIST[i]), 'LRANGE'),
  },
  {
    name: SCENARIO.bigBuffer,
    batch: 4,
    run: (p) => inFlight(4, () => p.getBuffer('bench:big')),
    check: (r) => allEqual(r, 4, (v) => Buffer.isBuffer(v) && v.equals(BIG_BYTES), 'GET 1 MB Buffer'),
  },
  {
    name: SCENARIO.bigString,
    batch: 4,
    run: (p) => inFlight(4, () => p.get('bench:big').then(used)),
    check: (r) => allEqual(r, 4, (v) => v === BIG, 'GET 1 MB string'),
  },
  {
    name: SCENARIO.lrangeBuffers,
    batch: 50,
    run: (p) => inFlight(50, () => p.lrangeBuffer('bench:list', 0, -1)),
    check: (r) =>
      allEqual(
        r,
        50,
        (v) => Array.isArray(v) && v.length === 600 && v.every((item, i) => Buffer.isBuffer(item) && item.toString() === LIST[i]),
        'LRANGE Buffers',
      ),
  },
];

async function seed(peer: Peer): Promise<void> {
  await peer.set('bench:big', BIG);
  for (const k of KEYS) await peer.set(k, VALUE);
}

async function main(): Promise<void> {
  const time = Number(process.env.BENCH_TIME_MS ?? 1500);
  const loadAtStart = os.loadavg()[0]!;
  const server = await startServer();
  const { ours, others } = await connectPeers(server.port);
  const before = await beforePeer(server.port);
  try {
    await seed(ours[0]!);
    const { StrictRedis } = await import('@aredis/client');
    const admin = new StrictRedis({ port: server.port });
    await admin.rpush('bench:list', ...LIST);
    await admin.close();

    const peers = [...ours, ...(before === undefined ? [] : [before]), ...others];
    const table: Record<string, Record<string, number>> = {};
    for (const scenario of SCENARIOS) {
      // Every client must give the right replies before it is timed.
      for (const peer of peers) {
        try {
          scenario.check(await scenario.run(peer));
        } catch (error) {
          throw new Error(`${peer.name}, ${scenario.name}: ${(error as Error).message}`);
        }
      }
      const bench = new Bench({ time, warmupTime: 300 });
      for (const peer of peers) bench.add(peer.name, () => scenario.run(peer));
      await bench.run();
      const row: Record<string, number> = {};
      for (const task of bench.tasks) {
        const result = task.result as { throughput?: { mean: number } };
        row[task.name] = (result.throughput?.mean ?? 0) * scenario.batch;
      }
      table[scenario.name] = row;
      console.log(scenario.name, Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Math.round(v)])));
    }
    const refs = await measureReferences(server.port, time);
    console.log('references', refs);
    const latency = await latencies(peers, LOAD, KEYS);
    console.log('latency (µs)', latency);
    const depths = await throughputByDepth(peers, DEPTHS, time / 3, KEYS, VALUE);
    console.log('ops/s by depth', Object.fromEntries(depths));
    const markdown = render(table, ours, others, time, { refs, latency, depths, load: [loadAtStart, os.loadavg()[0]!], before });
    console.log(`\n${markdown}`);
    if (process.argv.includes('--write')) {
      const folder = join(dirname(fileURLToPath(import.meta.url)), '..');
      writeFileSync(join(folder, 'RESULTS.md'), markdown);
      const clients = peers.map((p) => p.name);
      writeFileSync(join(folder, CHART_FILE), renderChart(table, { clients }));
      writeFileSync(join(folder, LATENCY_CHART_FILE), latencyChart(latency, clients, LATENCY_TITLE));
      writeFileSync(join(folder, DEPTH_CHART_FILE), depthChart(depths, clients));
      console.log(`written to ${join(folder, 'RESULTS.md')}, ${CHART_FILE}, ${LATENCY_CHART_FILE} and ${DEPTH_CHART_FILE}`);
    }
  } finally {
    for (const peer of [...ours, ...others]) await peer.close();
    await before?.close();
    await server.stop();
  }
}

/** The offered load of the latency scenario: 20,000 GETs a second from 50 callers, 1.5 s. */
const LOAD: OfferedLoad = { rate: 20_000, callers: 50, requests: 30_000 };
const DEPTHS = [1, 10, 100, 1_000, 10_000];
/** Requests of each redis-benchmark test (about a second each on this machine). */
const REDIS_BENCHMARK_REQUESTS = 2_000_000;

/** The references of the goals: the raw reader timed as a client is (tinybench, 4 in flight), and redis-benchmark. */
async function measureReferences(port: number, time: number): Promise<Required<References>> {
  const reader = await connectRawReader(port, 'bench:big', BIG_BYTES.length);
  let rawReader: number;
  try {
    const bench = new Bench({ time, warmupTime: 300 });
    bench.add('raw reader', () => reader.get(4));
    await bench.run();
    const result = bench.tasks[0]!.result as { state: string; error?: Error; throughput?: { mean: number } };
    if (result.state !== 'completed') throw new Error(`raw reader: ${result.state} ${result.error?.message ?? ''}`);
    rawReader = (result.throughput?.mean ?? 0) * 4;
  } finally {
    reader.close();
  }
  const benchmark = await redisBenchmark(port, REDIS_BENCHMARK_REQUESTS, VALUE.length);
  return { rawReader, redisBenchmark: benchmark.mixed };
}

interface Extras {
  refs: Required<References>;
  latency: Record<string, LatencyResult>;
  depths: Map<number, Record<string, number>>;
  /** The machine's 1-minute load average when the run began and when it ended. */
  load: [number, number];
  /** The earlier commit's client (AREDIS_BEFORE), when asked for. */
  before: Peer | undefined;
}

/** The chart beside RESULTS.md, which embeds it. */
const CHART_FILE = 'RESULTS.svg';
const LATENCY_TITLE = 'latency at a fixed offered load, µs (shorter is better; each percentile has its own scale)';

function render(table: Record<string, Record<string, number>>, ours: Peer[], others: Peer[], time: number, extras: Extras): string {
  const names = [...ours, ...(extras.before === undefined ? [] : [extras.before]), ...others].map((p) => p.name);
  const lines = [
    '# Client benchmark: aredis against ioredis and node-redis',
    '',
    `One run of \`pnpm bench\` on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ` +
      `one local redis-server; ${time} ms a client a scenario; 1-minute load average ${extras.load[0].toFixed(1)} at the start, ` +
      `${extras.load[1].toFixed(1)} at the end (the machine is shared: figures move between runs). ops/s (higher is better); ` +
      '"vs best peer" = aredis ÷ the faster of ioredis and node-redis.',
    '',
    `Clients: ${PEER_SETTINGS} Every client's replies are checked before it is timed; a 1 MB ` +
      "string is read once (one character) so that a client returning a rope pays for joining it.",
    '',
    `![ops/s of each client per scenario](${CHART_FILE})`,
    '',
    `| scenario | ${names.join(' | ')} | ${ours.map((p) => `${p.name} vs best peer`).join(' | ')} |`,
    `|---|${names.map(() => '---:').join('|')}|${ours.map(() => '---:').join('|')}|`,
  ];
  for (const [scenario, row] of Object.entries(table)) {
    const best = Math.max(...others.map((p) => row[p.name] ?? 0));
    const cells = names.map((n) => Math.round(row[n] ?? 0).toLocaleString('en-US'));
    const ratios = ours.map((p) => `${((row[p.name] ?? 0) / best).toFixed(2)}x`);
    lines.push(`| ${scenario} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`);
  }
  const { refs, latency, depths } = extras;
  lines.push(
    '',
    '## Issue #13 goals',
    '',
    `References, same run: a raw socket reading GET 1 MB (4 in flight) into one preallocated ${RAW_READ_BUFFER.toLocaleString('en-US')}-byte ` +
      `buffer (\`net.connect({ onread })\`, counting bytes only): ${Math.round(refs.rawReader).toLocaleString('en-US')} replies/s; ` +
      `\`redis-benchmark -c 1 -P 1000 -n ${REDIS_BENCHMARK_REQUESTS.toLocaleString('en-US')} -d ${VALUE.length} -t get,set\`, ` +
      `GET and SET mixed half and half: ${Math.round(refs.redisBenchmark).toLocaleString('en-US')} ops/s.`,
    '',
    goalTable(goals(table, ours.map((p) => p.name), others.map((p) => p.name), refs)),
    '',
    '## Latency under a fixed offered load',
    '',
    `${LOAD.rate.toLocaleString('en-US')} GETs a second from ${LOAD.callers} callers, open loop (a request is sent when due, ` +
      `whatever the replies before it did), ${LOAD.requests.toLocaleString('en-US')} requests a client after a warm-up of a tenth of that; ` +
      "each request timed from when it was due, so a client's stalls count (\`perf_hooks.createHistogram\`).",
    '',
    latencyTable(latency),
    '',
    `![latency percentiles of each client](${LATENCY_CHART_FILE})`,
    '',
    '## Throughput by depth',
    '',
    `ops/s with N commands in flight on one client (half GET, half SET), batches repeated for ${Math.round(time / 3)} ms.`,
    '',
    depthTable(depths, names),
    '',
    `![ops/s of each client by depth](${DEPTH_CHART_FILE})`,
  );
  if (extras.before !== undefined) {
    lines.push(
      '',
      '## Before and after, same run',
      '',
      `"before" is the client of AREDIS_BEFORE=${process.env.AREDIS_BEFORE_LABEL ?? 'an earlier build'} (\`pnpm bench:compare <ref>\`), "after" this checkout, both with the TypeScript parser, in this run.`,
      '',
      beforeAfterTable(table),
    );
  }
  return `${lines.join('\n')}\n`;
}

await main();
