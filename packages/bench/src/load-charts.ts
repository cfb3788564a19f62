/**
 * The latency and depth results as charts beside RESULTS.md (the same bar chart as the
 * scenarios, src/chart.ts): one group a percentile, bars in microseconds (shorter is better);
 * one group a depth, bars in ops/s.
 */
import { renderChart, type ResultTable } from './chart.js';
import { duration, type LatencyResult } from './report.js';

export const LATENCY_CHART_FILE = 'RESULTS-latency.svg';
export const DEPTH_CHART_FILE = 'RESULTS-depth.svg';

/** Latency by percentile, then by client. */
export function latencyChartTable(rows: Readonly<Record<string, LatencyResult>>): ResultTable {
  const table: Record<string, Record<string, number>> = { p50: {}, p99: {}, 'p99.9': {} };
  for (const [client, r] of Object.entries(rows)) {
    table['p50']![client] = r.p50;
    table['p99']![client] = r.p99;
    table['p99.9']![client] = r.p999;
  }
  return table;
}

/** ops/s by depth ("100 in flight"), then by client. */
export function depthChartTable(rows: ReadonlyMap<number, Readonly<Record<string, number>>>): ResultTable {
  const table: Record<string, Record<string, number>> = {};
  for (const [depth, row] of rows) table[`${depth.toLocaleString('en-US')} in flight`] = { ...row };
  return table;
}

export function latencyChart(rows: Readonly<Record<string, LatencyResult>>, clients: readonly string[], title: string): string {
  return renderChart(latencyChartTable(rows), { clients, title, label: duration });
}

export function depthChart(rows: ReadonlyMap<number, Readonly<Record<string, number>>>, clients: readonly string[]): string {
  return renderChart(depthChartTable(rows), { clients, title: 'ops/s by commands in flight on one client (longer is faster; each depth has its own scale)' });
}
