import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider, MetricReader, type HistogramMetricData } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StrictRedis, DataError } from '@aredis/client';
import { startServer, type RedisServer } from '@aredis/testing';
import { instrument, type Instrumentation } from '../src/index.js';

/** A reader the test collects from when it wants. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

let server: RedisServer;
const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const reader = new CollectingReader();
const meterProvider = new MeterProvider({ readers: [reader] });
const contextManager = new AsyncLocalStorageContextManager();
let instrumentation: Instrumentation | undefined;

beforeAll(async () => {
  server = await startServer();
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(async () => {
  context.disable();
  await server?.stop();
});
afterEach(() => {
  instrumentation?.disable();
  instrumentation = undefined;
  exporter.reset();
});

async function durations(): Promise<HistogramMetricData['dataPoints']> {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === 'db.client.operation.duration');
  return (metric as HistogramMetricData | undefined)?.dataPoints ?? [];
}

describe('@aredis/opentelemetry', () => {
  it('a span a command, with the database conventions, children of the active span', async () => {
    instrumentation = instrument({ tracerProvider, meterProvider });
    await using r = new StrictRedis({ host: server.host, port: server.port, db: 1, decodeResponses: true });
    await r.ping();
    exporter.reset();
    const parent = tracerProvider.getTracer('test').startSpan('request');
    await context.with(trace.setSpan(context.active(), parent), async () => {
      await r.set('otel:k', 'secret-value');
      expect(await r.get('otel:k')).toBe('secret-value');
    });
    parent.end();
    const spans = exporter.getFinishedSpans().filter((s) => s.name !== 'request');
    expect(spans.map((s) => s.name)).toEqual(['SET', 'GET']);
    for (const span of spans) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(span.attributes).toMatchObject({
        'db.system.name': 'redis',
        'db.namespace': '1',
        'server.address': server.host,
        'server.port': server.port,
        'aredis.key_count': 1,
      });
      expect(JSON.stringify(span.attributes)).not.toContain('secret-value');
    }
    expect(spans[0]!.attributes['db.operation.name']).toBe('SET');
  });

  it('a failed command: status ERROR, error.type and the server prefix as db.response.status_code', async () => {
    instrumentation = instrument({ tracerProvider, meterProvider });
    await using r = new StrictRedis({ host: server.host, port: server.port });
    await r.set('otel:str', 'x');
    exporter.reset();
    await expect(r.lpush('otel:str', 'y')).rejects.toThrow(/WRONGTYPE/);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('LPUSH');
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes).toMatchObject({ 'error.type': 'ResponseError', 'db.response.status_code': 'WRONGTYPE' });
    expect(span?.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('pipelines and transactions are PIPELINE / MULTI spans with their batch size', async () => {
    instrumentation = instrument({ tracerProvider, meterProvider, commandSpans: false });
    await using r = new StrictRedis({ host: server.host, port: server.port });
    await r.ping();
    await r.pipeline({ transaction: false }).set('otel:a', '1').get('otel:a').execute();
    await r.pipeline().incr('otel:n').incr('otel:n').execute();
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => [s.name, s.attributes['db.operation.batch.size']])).toEqual([
      ['PIPELINE', 2],
      ['MULTI', 4],
    ]);
  });

  it('records db.client.operation.duration in seconds for each command, with its attributes', async () => {
    instrumentation = instrument({ tracerProvider, meterProvider });
    await using r = new StrictRedis({ host: server.host, port: server.port });
    for (let i = 0; i < 5; i++) await r.incr('otel:count');
    const points = await durations();
    const incr = points.find((p) => p.attributes['db.operation.name'] === 'INCR');
    expect(incr?.value.count).toBeGreaterThanOrEqual(5);
    expect(incr?.value.sum).toBeGreaterThan(0);
    expect(incr?.value.sum).toBeLessThan(incr!.value.count * 10); // seconds, not milliseconds or nanoseconds
    expect(incr?.attributes).toMatchObject({ 'db.system.name': 'redis', 'server.port': server.port });
  });

  it('disable() stops everything; an unknown option is a DataError naming it', async () => {
    instrumentation = instrument({ tracerProvider, meterProvider });
    instrumentation.disable();
    await using r = new StrictRedis({ host: server.host, port: server.port });
    await r.ping();
    expect(exporter.getFinishedSpans()).toEqual([]);
    // @ts-expect-error a typo is a type error too
    expect(() => instrument({ tracerProvder: tracerProvider })).toThrow(DataError);
    // @ts-expect-error a typo is a type error too
    expect(() => instrument({ tracerProvder: tracerProvider })).toThrow(/tracerProvder.*tracerProvider/);
  });
});
