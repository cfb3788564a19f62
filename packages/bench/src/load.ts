/**
 * Load shapes beyond tinybench's closed loop: a fixed offered load (open loop) with its latency
 * percentiles, and the throughput at a given number of commands in flight.
 */
import { createHistogram, performance } from 'node:perf_hooks';
import type { LatencyResult } from './report.js';

export interface OfferedLoad {
  /** Requests a second offered, whatever the replies do (open loop). */
  readonly rate: number;
  /** Independent callers; caller c sends its k-th request at (k × callers + c) / rate s. */
  readonly callers: number;
  /** Requests in all (the run lasts requests / rate s). */
  readonly requests: number;
}

/**
 * Offers `load` to `op` (called with the caller's index) and measures each request from the
 * moment it was due, not the moment it left: a client that holds up the event loop delays the
 * sends behind it, and that delay counts (no coordinated omission). Sends are dispatched from a
 * setImmediate loop, so they leave within one turn of the event loop of their due time.
 */
export function offerLoad(op: (caller: number) => Promise<unknown>, load: OfferedLoad): Promise<LatencyResult> {
  const histogram = createHistogram({ lowest: 1, highest: 3_600_000_000, figures: 3 });
  const interval = 1000 / load.rate; // ms between two sends, all callers together
  return new Promise((resolve, reject) => {
    let sent = 0;
    let done = 0;
    let failed = false;
    const start = performance.now();
    const complete = (due: number) => (): void => {
      const now = performance.now();
      histogram.record(Math.max(1, Math.round((now - due) * 1000)));
      if (++done === load.requests) {
        resolve({
          p50: histogram.percentile(50),
          p99: histogram.percentile(99),
          p999: histogram.percentile(99.9),
          max: histogram.max,
          achievedRate: load.requests / ((now - start) / 1000),
          requests: load.requests,
        });
      }
    };
    const fail = (error: unknown): void => {
      failed = true;
      reject(error);
    };
    const tick = (): void => {
      if (failed) return;
      const due = Math.min(load.requests, Math.floor((performance.now() - start) / interval) + 1);
      for (; sent < due; sent++) op(sent % load.callers).then(complete(start + sent * interval), fail);
      if (sent < load.requests) setImmediate(tick);
    };
    tick();
  });
}

/** `depth` calls of `op` in flight at once, awaited together. */
export function inFlight(depth: number, op: (i: number) => Promise<unknown>): Promise<unknown[]> {
  const all: Promise<unknown>[] = new Array(depth);
  for (let i = 0; i < depth; i++) all[i] = op(i);
  return Promise.all(all);
}

/** ops/s of batches of `depth` commands in flight, repeated for at least `timeMs` (one batch first, untimed). */
export async function throughputAtDepth(op: (i: number) => Promise<unknown>, depth: number, timeMs: number): Promise<number> {
  await inFlight(depth, op);
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    await inFlight(depth, op);
    ops += depth;
    elapsed = performance.now() - start;
  } while (elapsed < timeMs);
  return ops / (elapsed / 1000);
}

/** A client as the load runs see it: a name and one small command. */
export interface LoadTarget {
  readonly name: string;
  get(key: string): Promise<unknown>;
  set(key: string, value: string): Promise<unknown>;
}

/** Each target in turn under `load` (GETs of `keys`), after a warm-up of a tenth of it. */
export async function latencies(targets: readonly LoadTarget[], load: OfferedLoad, keys: readonly string[]): Promise<Record<string, LatencyResult>> {
  const rows: Record<string, LatencyResult> = {};
  for (const target of targets) {
    const op = (caller: number): Promise<unknown> => target.get(keys[caller % keys.length]!);
    await offerLoad(op, { ...load, requests: Math.ceil(load.requests / 10) });
    rows[target.name] = await offerLoad(op, load);
  }
  return rows;
}

/** ops/s of each target at each depth (half GET, half SET, as the 1,000-in-flight scenario). */
export async function throughputByDepth(
  targets: readonly LoadTarget[],
  depths: readonly number[],
  timeMs: number,
  keys: readonly string[],
  value: string,
): Promise<Map<number, Record<string, number>>> {
  const rows = new Map<number, Record<string, number>>();
  for (const depth of depths) {
    const row: Record<string, number> = {};
    for (const target of targets) {
      const op = (i: number): Promise<unknown> => (i & 1 ? target.get(keys[i % keys.length]!) : target.set(keys[i % keys.length]!, value));
      row[target.name] = await throughputAtDepth(op, depth, timeMs);
    }
    rows.set(depth, row);
  }
  return rows;
}
