import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AFTER, BEFORE, beforeAfterTable, beforePeer } from '../src/compare.js';
import { depthChartTable, latencyChart, latencyChartTable } from '../src/load-charts.js';

describe('beforeAfterTable', () => {
  it('gives after ÷ before for every scenario that has both, and skips the others', () => {
    const table = {
      'sequential SET': { [BEFORE]: 20_000, [AFTER]: 25_000, ioredis: 18_000 },
      'GET 1 MB as Buffer (4 in flight)': { [BEFORE]: 600, [AFTER]: 1_500 },
      'only after': { [AFTER]: 10 },
    };
    expect(beforeAfterTable(table).split('\n')).toEqual([
      '| scenario | before | after | after ÷ before |',
      '|---|---:|---:|---:|',
      '| sequential SET | 20,000 | 25,000 | 1.25x |',
      '| GET 1 MB as Buffer (4 in flight) | 600 | 1,500 | 2.50x |',
    ]);
  });
});

describe('beforePeer', () => {
  it('is absent without AREDIS_BEFORE', async () => {
    expect(await beforePeer(1, '')).toBeUndefined();
  });

  it("loads the earlier build's StrictRedis and RespParser from its dist files", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aredis-before-'));
    for (const pkg of ['client', 'resp-parser']) mkdirSync(join(dir, 'packages', pkg, 'dist'), { recursive: true });
    // A stand-in build that records what it was given: the peer must pass the parser and port on.
    writeFileSync(join(dir, 'packages', 'resp-parser', 'dist', 'index.js'), 'export class RespParser {}\n');
    writeFileSync(
      join(dir, 'packages', 'client', 'dist', 'index.js'),
      'export class StrictRedis { constructor(o) { this.o = o; } async get(k) { return [k, this.o.port, this.o.decodeResponses === true, this.o.parserClass.name]; } async close() {} }\n',
    );
    const peer = await beforePeer(6399, dir);
    expect(peer?.name).toBe(BEFORE);
    expect(await peer!.get('k')).toEqual(['k', 6399, true, 'RespParser']);
    expect(await peer!.getBuffer('k')).toEqual(['k', 6399, false, 'RespParser']);
    await peer!.close();
  });
});

describe('load charts', () => {
  const latency = {
    'aredis (ts parser)': { p50: 150, p99: 8_000, p999: 15_000, max: 16_000, achievedRate: 20_000, requests: 30_000 },
    ioredis: { p50: 1_200, p99: 99_000, p999: 110_000, max: 113_000, achievedRate: 19_998, requests: 30_000 },
  };

  it('groups latency by percentile and depth by commands in flight', () => {
    expect(latencyChartTable(latency)).toEqual({
      p50: { 'aredis (ts parser)': 150, ioredis: 1_200 },
      p99: { 'aredis (ts parser)': 8_000, ioredis: 99_000 },
      'p99.9': { 'aredis (ts parser)': 15_000, ioredis: 110_000 },
    });
    expect(depthChartTable(new Map([[1, { a: 10 }], [1_000, { a: 600_000 }]]))).toEqual({ '1 in flight': { a: 10 }, '1,000 in flight': { a: 600_000 } });
  });

  it('labels latency bars in µs and ms, the longest bar the slowest client', () => {
    const svg = latencyChart(latency, ['aredis (ts parser)', 'ioredis'], 'latency');
    expect(svg).toContain('>150 µs</text>');
    expect(svg).toContain('>110.0 ms</text>');
    expect(svg).not.toContain('ops/s</text>');
  });
});
