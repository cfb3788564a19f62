/**
 * A quick run of issue #13's large-value goals alone: GET of a 1 MB value as a Buffer (4 in
 * flight) for aredis, ioredis, node-redis and the raw preallocated-buffer reader
 * (references.ts), the clients taking turns within each round; prints each one's median ops/s
 * over the rounds and the goal's two ratios (at least 3x the best peer, 0.75 of the raw reader).
 * Then the same value as a string (goal: 3x the best peer; the raw reader, which decodes
 * nothing, stays as the reference), and 1,000 short GET/SET in flight (nothing else gets slower).
 *
 *   pnpm --filter @aredis/bench bench:big [--rounds 7] [--time 1000] [--baseline /path/to/client/dist/index.js]
 *
 * `--baseline` adds another build of @aredis/client (say main's, before a change) to the same
 * rounds, so a change is measured against what it replaces on the same machine at the same time.
 */
import { pathToFileURL } from 'node:url';
import type { StrictRedis } from '@aredis/client';
import type { ParserClass } from '@aredis/resp-parser';
import { startServer } from '@aredis/testing';
import { inFlight } from './load.js';
import { connectPeers, type Peer } from './peers.js';
import { connectRawReader } from './references.js';

const KEY = 'bench:big';
const BIG = Buffer.alloc(1024 * 1024, 'x');
const BIG_TEXT = BIG.toString();

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : process.argv[at + 1]!;
}

/**
 * Batches/s of `batch` over `time` ms, after one untimed batch, and this process's CPU time (user
 * and system, the socket reads' included) a batch: on a loaded machine the second says more.
 */
async function rate(batch: () => Promise<unknown>, time: number): Promise<{ rate: number; cpu: number }> {
  await batch();
  const start = performance.now();
  const cpu = process.cpuUsage();
  let batches = 0;
  while (performance.now() - start < time) {
    await batch();
    batches++;
  }
  const used = process.cpuUsage(cpu);
  return { rate: (batches * 1000) / (performance.now() - start), cpu: (used.user + used.system) / batches };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Run {
  name: string;
  /** 4 GETs of the 1 MB value in flight, resolving with their replies (the raw reader's with nothing). */
  big: () => Promise<unknown[] | void>;
  /** 4 GETs of the 1 MB value in flight as strings (none for the raw reader). */
  bigString?: () => Promise<unknown[]>;
  /** 1,000 GET/SET of short values in flight (none for the raw reader). */
  small?: () => Promise<unknown[]>;
  close: () => Promise<void> | void;
}

type Client = Pick<Peer, 'get' | 'set' | 'getBuffer'>;

function runOf(name: string, client: Client, close: () => Promise<void>): Run {
  return {
    name,
    big: () => inFlight(4, () => client.getBuffer(KEY)),
    bigString: () => inFlight(4, () => client.get(KEY)),
    small: () => inFlight(1000, (i) => (i & 1 ? client.get(`bench:k${i % 100}`) : client.set(`bench:k${i % 100}`, 'value-of-some-length'))),
    close,
  };
}

/** The baseline build's client with each of its parsers, as peers.ts makes ours. */
async function baselineRuns(path: string, port: number): Promise<Run[]> {
  const m = (await import(pathToFileURL(path).href)) as {
    StrictRedis: typeof StrictRedis;
    RespParser: ParserClass;
    NativeRespParser: ParserClass;
    isNativeParserAvailable: () => boolean;
  };
  const parsers: [string, ParserClass][] = [['ts', m.RespParser]];
  if (m.isNativeParserAvailable()) parsers.push(['native', m.NativeRespParser]);
  return parsers.map(([label, parserClass]) => {
    const strings = new m.StrictRedis<true>({ port, decodeResponses: true, parserClass });
    const buffers = new m.StrictRedis<false>({ port, parserClass });
    const client: Client = { get: (k) => strings.get(k), set: (k, v) => strings.set(k, v), getBuffer: (k) => buffers.get(k) };
    return runOf(`baseline (${label} parser)`, client, async () => {
      await strings.close();
      await buffers.close();
    });
  });
}

async function main(): Promise<void> {
  const rounds = Number(option('--rounds', '7'));
  const time = Number(option('--time', '1000'));
  const baseline = option('--baseline', '');
  const server = await startServer();
  const { ours, others } = await connectPeers(server.port);
  const runs: Run[] = [];
  try {
    await ours[0]!.set(KEY, BIG);
    for (const peer of ours) runs.push(runOf(peer.name, peer, () => peer.close()));
    if (baseline !== '') runs.push(...(await baselineRuns(baseline, server.port)));
    for (const peer of others) runs.push(runOf(peer.name, peer, () => peer.close()));
    const raw = await connectRawReader(server.port, KEY, BIG.length);
    runs.push({ name: RAW, big: () => raw.get(4), close: () => raw.close() });
    for (const run of runs) {
      const replies = await run.big();
      if (replies !== undefined && !replies.every((r) => Buffer.isBuffer(r) && r.equals(BIG))) throw new Error(`${run.name}: wrong reply`);
      const strings = await run.bigString?.();
      if (strings !== undefined && !strings.every((r) => r === BIG_TEXT)) throw new Error(`${run.name}: wrong string reply`);
    }
    for (const [scenario, batch, pick] of [
      ['GET 1 MB Buffer', 4, (r: Run) => r.big],
      ['GET 1 MB string', 4, (r: Run) => r.bigString ?? (r.name === RAW ? r.big : undefined)],
      ['1,000 GET/SET in flight', 1000, (r: Run) => r.small],
    ] as const) {
      const timed = runs.filter((r) => pick(r) !== undefined);
      const samples = new Map<string, number[]>(timed.map((r) => [r.name, []]));
      const cpu = new Map<string, number[]>(timed.map((r) => [r.name, []]));
      for (let round = 0; round < rounds; round++) {
        for (const run of timed) {
          const measured = await rate(pick(run)!, time);
          samples.get(run.name)!.push(batch * measured.rate);
          cpu.get(run.name)!.push(measured.cpu / batch);
        }
      }
      console.log(`\n${scenario}: ops/s and CPU µs an op (medians of ${rounds} rounds of ${time} ms, clients taking turns)`);
      const medians = new Map([...samples].map(([name, values]) => [name, median(values)]));
      for (const [name, values] of samples) {
        const perOp = median(cpu.get(name)!);
        console.log(
          `${name.padEnd(26)} ${String(Math.round(medians.get(name)!)).padStart(8)}/s ${perOp.toFixed(perOp < 10 ? 2 : 0).padStart(7)} µs   rounds ${values.map(Math.round).join(' ')}`,
        );
      }
      const bestPeer = Math.max(...others.map((p) => medians.get(p.name)!));
      const rawRate = medians.get(RAW);
      for (const name of timed.map((r) => r.name).filter((n) => n.startsWith('aredis') || n.startsWith('baseline'))) {
        const rate = medians.get(name)!;
        // The raw reader decodes nothing: against it only the Buffer scenario has a goal.
        const vsRaw = rawRate === undefined ? '' : `, ${(rate / rawRate).toFixed(2)} of the raw reader${scenario === 'GET 1 MB Buffer' ? ' (goal 0.75)' : ''}`;
        const goal = rawRate === undefined ? '' : ' (goal 3)';
        console.log(`${name}: ${(rate / bestPeer).toFixed(2)}x the best peer${goal}${vsRaw}`);
      }
    }
  } finally {
    for (const run of runs) await run.close();
    await server.stop();
  }
}

const RAW = 'raw onread reader';

await main();
