/**
 * Spans and the `db.client.operation.duration` histogram from aredis's diagnostics channels
 * (`aredis:command`, `aredis:batch`; see `@aredis/connection`'s diagnostics). Nothing in the
 * client changes: this only subscribes.
 */
import { tracingChannel } from 'node:diagnostics_channel';
import {
  context as otelContext,
  metrics,
  SpanKind,
  SpanStatusCode,
  trace,
  ValueType,
  type Attributes,
  type Histogram,
  type MeterProvider,
  type Span,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import type { BatchTraceContext, CommandTraceContext } from '@aredis/connection';
import { checkOptions } from '@aredis/resp-parser/internal';
import { batchAttributes, batchOperation, commandAttributes, errorAttributes } from './attributes.js';

export interface InstrumentOptions {
  /** Default: the global tracer provider (`trace.getTracerProvider()`). */
  tracerProvider?: TracerProvider;
  /** Default: the global meter provider (`metrics.getMeterProvider()`). */
  meterProvider?: MeterProvider;
  /** Spans for each command (default true); false keeps only the batches' spans and the metric. */
  commandSpans?: boolean;
  /** Spans for pipelines and transactions (default true). */
  batchSpans?: boolean;
}

export interface Instrumentation {
  /** Unsubscribes: no more spans or measurements. */
  disable(): void;
}

const OPTION_NAMES = ['tracerProvider', 'meterProvider', 'commandSpans', 'batchSpans'] as const;
const SCOPE = '@aredis/opentelemetry';
/** The bucket boundaries the semantic conventions advise for `db.client.operation.duration` (seconds). */
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

/** What a trace context carries between its start and end events. */
interface Timing {
  startedAt: bigint;
  span: Span | undefined;
  attributes: Attributes;
}

type Traced<C> = C & { [TIMING]?: Timing };
const TIMING = Symbol('aredis.opentelemetry');

/**
 * Subscribes to aredis's channels: every command and batch becomes a CLIENT span named by its
 * operation (`GET`, `PIPELINE`, `MULTI`), with `db.system.name: redis`, `db.operation.name`,
 * `db.namespace` (the database), `server.address`, `server.port`, `db.operation.batch.size`
 * for batches, `error.type` and `db.response.status_code` on failure; and each command's
 * duration is recorded in the `db.client.operation.duration` histogram (seconds). Spans are
 * children of the active context when the command is issued. Returns a handle to disable it.
 */
export function instrument(options: InstrumentOptions = {}): Instrumentation {
  checkOptions('instrument', options, OPTION_NAMES);
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE);
  const duration = meter.createHistogram('db.client.operation.duration', {
    description: 'Duration of database client operations.',
    unit: 's',
    valueType: ValueType.DOUBLE,
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  const commands = tracingChannel<object, CommandTraceContext>('aredis:command');
  const batches = tracingChannel<object, BatchTraceContext>('aredis:batch');
  const commandHandlers = handlers<CommandTraceContext>(
    options.commandSpans === false ? undefined : tracer,
    duration,
    (c) => c.command,
    commandAttributes,
  );
  const batchHandlers = handlers<BatchTraceContext>(options.batchSpans === false ? undefined : tracer, undefined, batchOperation, batchAttributes);
  commands.subscribe(commandHandlers);
  batches.subscribe(batchHandlers);
  let enabled = true;
  return {
    disable(): void {
      if (!enabled) return;
      enabled = false;
      commands.unsubscribe(commandHandlers);
      batches.unsubscribe(batchHandlers);
    },
  };
}

function handlers<C extends object>(
  tracer: Tracer | undefined,
  histogram: Histogram | undefined,
  name: (context: C) => string,
  attributesOf: (context: C) => Attributes,
) {
  const none = (): void => {};
  return {
    start(message: C): void {
      const attributes = attributesOf(message);
      const span = tracer?.startSpan(name(message), { kind: SpanKind.CLIENT, attributes }, otelContext.active());
      (message as Traced<C>)[TIMING] = { startedAt: process.hrtime.bigint(), span, attributes };
    },
    end: none,
    asyncStart: none,
    error(message: C & { error?: unknown }): void {
      const timing = (message as Traced<C>)[TIMING];
      if (timing === undefined) return;
      const failure = errorAttributes(message.error);
      Object.assign(timing.attributes, failure);
      if (timing.span !== undefined) {
        timing.span.setAttributes(failure);
        if (message.error instanceof Error) timing.span.recordException(message.error);
        timing.span.setStatus({ code: SpanStatusCode.ERROR, message: message.error instanceof Error ? message.error.message : String(message.error) });
      }
    },
    asyncEnd(message: C): void {
      const timing = (message as Traced<C>)[TIMING];
      if (timing === undefined) return;
      (message as Traced<C>)[TIMING] = undefined;
      histogram?.record(Number(process.hrtime.bigint() - timing.startedAt) / 1e9, timing.attributes);
      timing.span?.end();
    },
  };
}
