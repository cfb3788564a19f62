/**
 * A focused micro-benchmark of one connection's hot path, for comparing two builds of
 * @aredis/connection in the same run (same server, same machine load): 1,000 commands in
 * flight on one connection (half GET, half SET), rounds alternating between the builds,
 * median of the rounds. Lighter than `pnpm bench` on a shared machine.
 *
 *   tsx src/inflight.ts --a <dist/index.js of build A> --b <dist/index.js of build B> [--rounds 5] [--batches 200]
 *
 * Prints ops/s per round and build, the medians, and the ratio B / A.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '@aredis/testing';

interface BenchConnection {
  send(args: readonly (string | number | Buffer)[]): Promise<unknown>;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}
type ConnectionModule = { Connection: new (options: { host: string; port: number }) => BenchConnection };

function flag(name: string, fallback?: string): string {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? process.argv[at + 1] : fallback;
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
}

async function load(path: string): Promise<ConnectionModule> {
  return (await import(pathToFileURL(resolve(path)).href)) as ConnectionModule;
}

const IN_FLIGHT = 1000;
const VALUE = 'value-of-some-length';

async function batch(connection: BenchConnection): Promise<void> {
  const all: Promise<unknown>[] = new Array(IN_FLIGHT);
  for (let i = 0; i < IN_FLIGHT; i++) {
    const key = `inflight:k${i % 100}`;
    all[i] = i % 2 === 0 ? connection.send(['GET', key]) : connection.send(['SET', key, VALUE]);
  }
  await Promise.all(all);
}

interface Round {
  /** Commands a second (wall clock). */
  opsPerSecond: number;
  /** This process's CPU time a command, in µs: the client's own cost, less sensitive to a loaded machine. */
  cpuPerCommand: number;
}

/** `batches` batches of 1,000 commands in flight. */
async function round(connection: BenchConnection, batches: number): Promise<Round> {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let i = 0; i < batches; i++) await batch(connection);
  const used = process.cpuUsage(cpu);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const commands = batches * IN_FLIGHT;
  return { opsPerSecond: commands / seconds, cpuPerCommand: (used.user + used.system) / commands };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const rounds = Number(flag('rounds', '5'));
const batches = Number(flag('batches', '200'));
const builds = { A: await load(flag('a')), B: await load(flag('b')) };
const server = await startServer();
try {
  const connections = {
    A: new builds.A.Connection({ host: server.host, port: server.port }),
    B: new builds.B.Connection({ host: server.host, port: server.port }),
  };
  for (const connection of Object.values(connections)) {
    await connection.connect();
    await round(connection, Math.max(1, batches / 4)); // warm-up
  }
  const results: Record<'A' | 'B', Round[]> = { A: [], B: [] };
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so a slow moment of the machine does not always hit one build.
    const order: ('A' | 'B')[] = r % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    for (const name of order) results[name].push(await round(connections[name], batches));
    const [a, b] = [results.A[r] as Round, results.B[r] as Round];
    console.log(`round ${r + 1}: A ${Math.round(a.opsPerSecond)} ops/s ${a.cpuPerCommand.toFixed(2)} µs CPU, B ${Math.round(b.opsPerSecond)} ops/s ${b.cpuPerCommand.toFixed(2)} µs CPU`);
  }
  const ops = { A: median(results.A.map((x) => x.opsPerSecond)), B: median(results.B.map((x) => x.opsPerSecond)) };
  const cpu = { A: median(results.A.map((x) => x.cpuPerCommand)), B: median(results.B.map((x) => x.cpuPerCommand)) };
  console.log(`median of ${rounds}: A ${Math.round(ops.A)} ops/s, B ${Math.round(ops.B)} ops/s, B / A = ${(ops.B / ops.A).toFixed(3)}`);
  console.log(`client CPU a command: A ${cpu.A.toFixed(2)} µs, B ${cpu.B.toFixed(2)} µs, B / A = ${(cpu.B / cpu.A).toFixed(3)}`);
  for (const connection of Object.values(connections)) await connection.disconnect();
} finally {
  await server.stop();
}
