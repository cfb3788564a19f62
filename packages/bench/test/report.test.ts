import { describe, expect, it } from 'vitest';
import { depthTable, duration, goals, goalTable, latencyTable, mixedRate, parseRedisBenchmark, SCENARIO, type Table } from '../src/report.js';

// What redis-benchmark 7.0 prints with -q: a progress line redrawn with \r, then the result.
const REDIS_BENCHMARK_OUTPUT =
  '\rSET: rps=0.0 (overall: -nan) avg_msec=-nan (overall: -nan)\r' +
  '                                                            \r' +
  'SET: 1851851.75 requests per second, p50=0.127 msec\n' +
  '\rGET: 2666666.50 requests per second, p50=0.167 msec\n\n';

describe('parseRedisBenchmark', () => {
  it('reads the closing rate of each test and skips the progress lines', () => {
    expect(parseRedisBenchmark(REDIS_BENCHMARK_OUTPUT)).toEqual({ SET: 1851851.75, GET: 2666666.5 });
  });

  it('gives nothing for output without a result', () => {
    expect(parseRedisBenchmark('Could not connect to Redis at 127.0.0.1:1: Connection refused\n')).toEqual({});
  });
});

describe('mixedRate', () => {
  it('is the rate of half GETs and half SETs, each at its own mean time', () => {
    expect(mixedRate(2_000_000, 1_000_000)).toBeCloseTo(1_333_333.33, 1);
    expect(mixedRate(500, 500)).toBe(500);
  });
});

describe('duration', () => {
  it('shows µs below 10 ms and ms above', () => {
    expect(duration(87.4)).toBe('87 µs');
    expect(duration(9_999)).toBe('9,999 µs');
    expect(duration(12_345)).toBe('12.3 ms');
    expect(duration(Number.NaN)).toBe('n/a');
  });
});

const OURS = ['aredis (ts parser)'];
const PEERS = ['ioredis', 'node-redis'];
const TABLE: Table = {
  [SCENARIO.inFlight]: { 'aredis (ts parser)': 900_000, ioredis: 220_000, 'node-redis': 60_000 },
  [SCENARIO.lrangeStrings]: { 'aredis (ts parser)': 13_000, ioredis: 3_000, 'node-redis': 8_000 },
  [SCENARIO.bigBuffer]: { 'aredis (ts parser)': 800, ioredis: 1_200, 'node-redis': 1_000 },
  [SCENARIO.bigString]: { 'aredis (ts parser)': 660, ioredis: 200, 'node-redis': 220 },
};

describe('goals', () => {
  const list = goals(TABLE, OURS, PEERS, { rawReader: 2_000, redisBenchmark: 2_000_000 });
  const byGoal = Object.fromEntries(list.map((g) => [g.goal, g]));

  it('divides by the best peer or by the reference, with the targets of issue #13', () => {
    expect(byGoal['GET 1 MB Buffer ÷ best peer']).toEqual({ goal: 'GET 1 MB Buffer ÷ best peer', client: OURS[0], ratio: 800 / 1_200, target: 3 });
    expect(byGoal['GET 1 MB Buffer ÷ raw preallocated-buffer reader']?.ratio).toBe(0.4);
    expect(byGoal['GET 1 MB Buffer ÷ raw preallocated-buffer reader']?.target).toBe(0.75);
    expect(byGoal['GET 1 MB string ÷ best peer']?.ratio).toBe(3);
    expect(byGoal['1,000 in flight ÷ redis-benchmark -c 1 -P 1000']?.ratio).toBe(0.45);
    expect(byGoal['LRANGE 600 ×50 strings ÷ best peer']).toMatchObject({ ratio: 13_000 / 8_000, target: 2.5 });
  });

  it('leaves a ratio undefined when its scenario or reference was not measured', () => {
    expect(byGoal['LRANGE 600 ×50 Buffers ÷ best peer']).toMatchObject({ ratio: undefined, target: 1.5 });
    const noRefs = goals(TABLE, OURS, PEERS, {});
    expect(noRefs.find((g) => g.goal.includes('raw'))?.ratio).toBeUndefined();
    expect(noRefs.find((g) => g.goal.includes('redis-benchmark'))?.ratio).toBeUndefined();
  });

  it('prints each goal with its ratio, target and whether it was met', () => {
    const lines = goalTable(list).split('\n');
    expect(lines).toContain('| GET 1 MB string ÷ best peer | aredis (ts parser) | 3.00x | ≥ 3x | yes |');
    expect(lines).toContain('| GET 1 MB Buffer ÷ best peer | aredis (ts parser) | 0.67x | ≥ 3x | no |');
    expect(lines).toContain('| LRANGE 600 ×50 Buffers ÷ best peer | aredis (ts parser) | n/a | ≥ 1.5x | not measured |');
    expect(lines).toHaveLength(2 + 6);
  });
});

describe('latencyTable and depthTable', () => {
  it('prints one row a client with its percentiles', () => {
    const table = latencyTable({ ioredis: { p50: 120, p99: 850, p999: 15_000, max: 20_100, achievedRate: 19_998.6, requests: 30_000 } });
    expect(table.split('\n')[2]).toBe('| ioredis | 120 µs | 850 µs | 15.0 ms | 20.1 ms | 19,999 |');
  });

  it('prints one row a depth and one column a client, n/a where a client has no figure', () => {
    const rows = new Map<number, Record<string, number>>([
      [1, { a: 15_000.4, b: 11_000 }],
      [10_000, { a: 1_200_000 }],
    ]);
    expect(depthTable(rows, ['a', 'b']).split('\n')).toEqual([
      '| in flight | a | b |',
      '|---:|---:|---:|',
      '| 1 | 15,000 | 11,000 |',
      '| 10,000 | 1,200,000 | n/a |',
    ]);
  });
});
