import type { RespValue } from '@aredis/resp-parser';
import { defineCommand, returns, type Bulk } from '../../define.js';
import { key } from '../../args.js';
import { texts, verbatimToBulk } from '../../callbacks.js';
import { parseLatencyHistogram, type LatencyHistogram } from '../../replies/diagnostics.js';

export type { LatencyHistogram } from '../../replies/diagnostics.js';

const events = (list: readonly unknown[]): (string | Buffer)[] => list.map((e) => key('events', e));

/** LATENCY DOCTOR: the latency report (text). */
export const latencyDoctor = defineCommand({ name: 'LATENCY DOCTOR', reply: verbatimToBulk, returns: returns<Bulk>() });

/** LATENCY GRAPH event: an ASCII graph of an event's latency (text). */
export const latencyGraph = defineCommand({
  name: 'LATENCY GRAPH',
  build: (event: string) => ['LATENCY', 'GRAPH', key('event', event)],
  reply: verbatimToBulk,
  returns: returns<Bulk>(),
});

/** LATENCY HISTOGRAM [command ...]: per-command call counts and latency buckets (µs → count). */
export const latencyHistogram = defineCommand({
  name: 'LATENCY HISTOGRAM',
  build: (...commands: string[]) => ['LATENCY', 'HISTOGRAM', ...commands.map((c) => key('commands', c))],
  reply: (reply) => parseLatencyHistogram(reply),
  returns: returns<LatencyHistogram>(),
});

/** LATENCY HISTORY event: `[unixTime, latencyMs]` samples. */
export const latencyHistory = defineCommand({
  name: 'LATENCY HISTORY',
  build: (event: string) => ['LATENCY', 'HISTORY', key('event', event)],
  reply: (reply) => (Array.isArray(reply) ? reply.map((s) => (s as RespValue[]).map(Number) as [number, number]) : []),
  returns: returns<[number, number][]>(),
});

/** LATENCY LATEST: `[event, unixTime, latestMs, maxMs]` for each event. */
export const latencyLatest = defineCommand({
  name: 'LATENCY LATEST',
  reply: (reply) =>
    Array.isArray(reply)
      ? reply.map((e) => {
          const [event, time, latest, max] = e as RespValue[];
          return [event, Number(time), Number(latest), Number(max)];
        })
      : [],
  returns: returns<[Bulk, number, number, number][]>(),
});

/** LATENCY RESET [event ...]: clears the samples (of these events); the number of events reset. */
export const latencyReset = defineCommand({
  name: 'LATENCY RESET',
  build: (...names: string[]) => ['LATENCY', 'RESET', ...events(names)],
  returns: returns<number>(),
});

export const latencyHelp = defineCommand({ name: 'LATENCY HELP', reply: texts, returns: returns<string[]>() });
