/**
 * The pure parts of the client benchmark's report: the latency and depth tables, the goals of
 * issue #13 with their ratios and targets, and the parsing of `redis-benchmark -q` output.
 * Kept apart from the timing code so a test can check them on fixed figures.
 */

/** ops/s by scenario, then by client name. */
export type Table = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** Latency percentiles of one client under a fixed offered load, in microseconds. */
export interface LatencyResult {
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  /** Replies a second the client actually completed (the offered rate, when it keeps up). */
  readonly achievedRate: number;
  readonly requests: number;
}

function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Microseconds as µs below 10 ms, ms above. */
export function duration(micros: number): string {
  if (!Number.isFinite(micros)) return 'n/a';
  return micros < 10_000 ? `${Math.round(micros).toLocaleString('en-US')} µs` : `${(micros / 1000).toFixed(1)} ms`;
}

/** One row a client: p50, p99, p99.9, max and the rate it achieved. */
export function latencyTable(rows: Readonly<Record<string, LatencyResult>>): string {
  const lines = ['| client | p50 | p99 | p99.9 | max | achieved ops/s |', '|---|---:|---:|---:|---:|---:|'];
  for (const [client, r] of Object.entries(rows)) {
    lines.push(`| ${client} | ${duration(r.p50)} | ${duration(r.p99)} | ${duration(r.p999)} | ${duration(r.max)} | ${count(r.achievedRate)} |`);
  }
  return lines.join('\n');
}

/** ops/s by depth (commands in flight), then by client: one row a depth, one column a client. */
export function depthTable(rows: ReadonlyMap<number, Readonly<Record<string, number>>>, clients: readonly string[]): string {
  const lines = [`| in flight | ${clients.join(' | ')} |`, `|---:|${clients.map(() => '---:').join('|')}|`];
  for (const [depth, row] of rows) {
    lines.push(`| ${count(depth)} | ${clients.map((c) => (row[c] === undefined ? 'n/a' : count(row[c]))).join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * `redis-benchmark -q` output to requests/s by test name (SET, GET, ...). The tool redraws a
 * progress line with carriage returns; only the closing `NAME: N requests per second` counts.
 */
export function parseRedisBenchmark(output: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const line of output.split(/[\r\n]+/)) {
    const match = /^\s*([A-Z][A-Z0-9_ ]*?): ([\d.]+) requests per second/.exec(line);
    if (match) result[match[1]!] = Number(match[2]);
  }
  return result;
}

/** Half GET, half SET: the rate of a mix where each op takes its own test's mean time. */
export function mixedRate(get: number, set: number): number {
  return 2 / (1 / get + 1 / set);
}

/** The reference measurements the goals compare against, taken in the same run. */
export interface References {
  /** GET 1 MB, 4 in flight, by a raw socket reading into one preallocated buffer; replies/s. */
  readonly rawReader?: number;
  /** `redis-benchmark -c 1 -P 1000`, GET and SET mixed (mixedRate); ops/s. */
  readonly redisBenchmark?: number;
}

export interface Goal {
  readonly goal: string;
  readonly client: string;
  /** What the ratio was measured as; undefined when a figure is missing. */
  readonly ratio: number | undefined;
  readonly target: number;
}

/** The scenario names the goals read, as clients.ts names them. */
export const SCENARIO = {
  inFlight: 'concurrent GET/SET (1,000 in flight)',
  lrangeStrings: 'LRANGE 600 (50 in flight)',
  lrangeBuffers: 'LRANGE 600 as Buffers (50 in flight)',
  bigBuffer: 'GET 1 MB as Buffer (4 in flight)',
  bigString: 'GET 1 MB as string (4 in flight)',
} as const;

function ratio(value: number | undefined, base: number | undefined): number | undefined {
  if (value === undefined || base === undefined || !(base > 0)) return undefined;
  return value / base;
}

/** Issue #13's goals, for each of `ours`, against the best of `peers` or a reference. */
export function goals(table: Table, ours: readonly string[], peers: readonly string[], refs: References): Goal[] {
  const best = (scenario: string): number | undefined => {
    const row = table[scenario];
    const values = peers.map((p) => row?.[p]).filter((v): v is number => v !== undefined);
    return values.length === 0 ? undefined : Math.max(...values);
  };
  const of = (scenario: string, client: string): number | undefined => table[scenario]?.[client];
  const result: Goal[] = [];
  for (const client of ours) {
    const vsPeer = (goal: string, scenario: string, target: number): void => {
      result.push({ goal, client, ratio: ratio(of(scenario, client), best(scenario)), target });
    };
    vsPeer('GET 1 MB Buffer ÷ best peer', SCENARIO.bigBuffer, 3);
    result.push({ goal: 'GET 1 MB Buffer ÷ raw preallocated-buffer reader', client, ratio: ratio(of(SCENARIO.bigBuffer, client), refs.rawReader), target: 0.75 });
    vsPeer('GET 1 MB string ÷ best peer', SCENARIO.bigString, 3);
    result.push({ goal: '1,000 in flight ÷ redis-benchmark -c 1 -P 1000', client, ratio: ratio(of(SCENARIO.inFlight, client), refs.redisBenchmark), target: 0.5 });
    vsPeer('LRANGE 600 ×50 Buffers ÷ best peer', SCENARIO.lrangeBuffers, 1.5);
    vsPeer('LRANGE 600 ×50 strings ÷ best peer', SCENARIO.lrangeStrings, 2.5);
  }
  return result;
}

export function goalTable(list: readonly Goal[]): string {
  const lines = ['| goal | client | ratio | target | met |', '|---|---|---:|---:|---|'];
  for (const g of list) {
    const measured = g.ratio === undefined ? 'n/a' : `${g.ratio.toFixed(2)}x`;
    const met = g.ratio === undefined ? 'not measured' : g.ratio >= g.target ? 'yes' : 'no';
    lines.push(`| ${g.goal} | ${g.client} | ${measured} | ≥ ${g.target}x | ${met} |`);
  }
  return lines.join('\n');
}
