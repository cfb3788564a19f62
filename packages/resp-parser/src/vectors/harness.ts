/**
 * A harness any Parser implementation runs the vector table with: feed chunks, collect the
 * ordered events, compare canonical forms. Nothing here knows how a parser works inside.
 */
import { ProtocolError } from '../errors.js';
import type { ParserClass, ParserOptions, RespValue } from '../types.js';
import { canonical, materialize, sameValue, type Canonical, type ValueMode } from './expected.js';
import type { Vector } from './vector.js';

export type ParserEvent =
  | { type: 'reply'; value: RespValue }
  | { type: 'error'; value: Error }
  | { type: 'push'; value: RespValue[] }
  | { type: 'attribute'; value: Map<RespValue, RespValue> };

export interface CollectOptions extends Partial<Omit<ParserOptions, 'onReply' | 'onError' | 'onPush' | 'onAttribute'>> {
  /** Give the parser an onPush handler (default true); without it pushes arrive as replies. */
  withPush?: boolean;
  /** Give the parser an onAttribute handler (default true); without it attributes are dropped. */
  withAttribute?: boolean;
}

export interface Collected {
  events: ParserEvent[];
  /** The ProtocolError a feed() threw, if any (feeding stops there). */
  protocolError?: ProtocolError;
  /** Anything else a feed() threw: always a bug. */
  crash?: unknown;
  /** After a ProtocolError: reset(), then `+OK\r\n` was fed and gave the reply 'OK'. */
  recovered?: boolean;
}

function isProtocolError(err: unknown): err is ProtocolError {
  return err instanceof ProtocolError || (err instanceof Error && (err as { code?: unknown }).code === 'AREDIS_ERR_PROTOCOL');
}

/** Feeds `chunks` to a new parser and returns everything it reported, in order. */
export function collectEvents(Parser: ParserClass, chunks: Iterable<Buffer>, options: CollectOptions = {}): Collected {
  const { withPush = true, withAttribute = true, ...parserOptions } = options;
  const events: ParserEvent[] = [];
  const parser = new Parser({
    ...parserOptions,
    onReply: (value) => events.push({ type: 'reply', value }),
    onError: (value) => events.push({ type: 'error', value }),
    ...(withPush ? { onPush: (value: RespValue[]) => events.push({ type: 'push', value }) } : {}),
    ...(withAttribute
      ? { onAttribute: (value: Map<RespValue, RespValue>) => events.push({ type: 'attribute', value }) }
      : {}),
  });
  for (const chunk of chunks) {
    try {
      parser.feed(chunk);
    } catch (err) {
      if (!isProtocolError(err)) return { events, crash: err };
      const before = events.length;
      let recovered = false;
      try {
        parser.reset();
        parser.feed(Buffer.from('+OK\r\n'));
        const last = events[events.length - 1];
        recovered = events.length === before + 1 && last?.type === 'reply' && last.value === 'OK';
      } catch {
        recovered = false;
      }
      events.length = before;
      return { events, protocolError: err, recovered };
    }
  }
  return { events };
}

/** One way of cutting an input into chunks. */
export interface Split {
  name: string;
  chunks: Buffer[];
}

/** The input whole, byte by byte, and cut in two at every offset. */
export function* splits(input: Buffer): Generator<Split> {
  yield { name: 'whole', chunks: [input] };
  if (input.length > 1) {
    const bytes: Buffer[] = [];
    for (let i = 0; i < input.length; i++) bytes.push(input.subarray(i, i + 1));
    yield { name: 'byte by byte', chunks: bytes };
  }
  for (let i = 1; i < input.length; i++) {
    yield { name: `split at ${i}`, chunks: [input.subarray(0, i), input.subarray(i)] };
  }
}

/** Cuts `input` into chunks of `size` bytes (the last one shorter). */
export function chunked(input: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < input.length; i += size) out.push(input.subarray(i, i + size));
  return out;
}

export interface CanonicalOutcome {
  events: { type: string; value: Canonical }[];
  protocolError: boolean;
  /** Only present for malformed vectors: the parser is usable after reset(). */
  recovered?: boolean;
  /** Only present when the ProtocolError's offset was not a number inside the input. */
  badOffset?: unknown;
  crash?: string;
}

function canonicalEvents(events: readonly { type: string; value: unknown }[]): CanonicalOutcome['events'] {
  return events.map((event) => ({ type: event.type, value: canonical(event.value) }));
}

const expectedCache = new WeakMap<Vector, Map<string, CanonicalOutcome['events']>>();

/** The canonical expected events of a vector in a mode (cached: deep vectors are run thousands of times). */
function expectedEventsOf(vector: Vector, mode: ValueMode): CanonicalOutcome['events'] {
  let byMode = expectedCache.get(vector);
  if (byMode === undefined) expectedCache.set(vector, (byMode = new Map()));
  const key = `${mode.returnBuffers}:${mode.encoding ?? ''}`;
  let events = byMode.get(key);
  if (events === undefined) {
    events = canonicalEvents(vector.events.map((event) => ({ type: event.type, value: materialize(event.value, mode) })));
    byMode.set(key, events);
  }
  return events;
}

/**
 * Runs one vector with one split in one mode and returns what happened and what should have
 * happened, both canonical: `expect(actual).toEqual(expected)`.
 */
export function runVector(
  Parser: ParserClass,
  vector: Vector,
  chunks: Iterable<Buffer>,
  mode: ValueMode,
): { actual: CanonicalOutcome; expected: CanonicalOutcome } {
  const collectOptions: CollectOptions = { ...vector.options, returnBuffers: mode.returnBuffers };
  const encoding = vector.options?.encoding ?? mode.encoding;
  if (encoding !== undefined) collectOptions.encoding = encoding;
  const got = collectEvents(Parser, chunks, collectOptions);
  const valueMode: ValueMode = { returnBuffers: mode.returnBuffers, ...(encoding ? { encoding } : {}) };
  const actual: CanonicalOutcome = { events: canonicalEvents(got.events), protocolError: got.protocolError !== undefined };
  const expected: CanonicalOutcome = { events: expectedEventsOf(vector, valueMode), protocolError: vector.protocolError === true };
  if (got.crash !== undefined) actual.crash = got.crash instanceof Error ? (got.crash.stack ?? got.crash.message) : String(got.crash);
  if (got.protocolError) {
    actual.recovered = got.recovered === true;
    const offset = got.protocolError.offset;
    if (typeof offset !== 'number' || offset < 0 || offset > vector.input.length) actual.badOffset = offset;
  }
  if (vector.protocolError) expected.recovered = true;
  return { actual, expected };
}

/** What checkVector found: `ok`, or both sides in canonical form for `expect().toEqual()`. */
export type VectorCheck = { ok: true } | { ok: false; actual: CanonicalOutcome; expected: CanonicalOutcome };

const expectedValueCache = new WeakMap<Vector, Map<string, ParserEvent[]>>();

function expectedValuesOf(vector: Vector, mode: ValueMode): ParserEvent[] {
  let byMode = expectedValueCache.get(vector);
  if (byMode === undefined) expectedValueCache.set(vector, (byMode = new Map()));
  const key = `${mode.returnBuffers}:${mode.encoding ?? ''}`;
  let events = byMode.get(key);
  if (events === undefined) {
    events = vector.events.map((event) => ({ type: event.type, value: materialize(event.value, mode) }) as ParserEvent);
    byMode.set(key, events);
  }
  return events;
}

/**
 * Like runVector, but compares values directly and builds the canonical forms only on a
 * mismatch: the fast way to run thousands of splits.
 */
export function checkVector(Parser: ParserClass, vector: Vector, chunks: Iterable<Buffer>, mode: ValueMode): VectorCheck {
  const collectOptions: CollectOptions = { ...vector.options, returnBuffers: mode.returnBuffers };
  const encoding = vector.options?.encoding ?? mode.encoding;
  if (encoding !== undefined) collectOptions.encoding = encoding;
  const got = collectEvents(Parser, chunks, collectOptions);
  const valueMode: ValueMode = { returnBuffers: mode.returnBuffers, ...(encoding ? { encoding } : {}) };
  const expected = expectedValuesOf(vector, valueMode);
  const offset = got.protocolError?.offset;
  const ok =
    got.crash === undefined &&
    (got.protocolError !== undefined) === (vector.protocolError === true) &&
    (got.protocolError === undefined || (got.recovered === true && typeof offset === 'number' && offset >= 0 && offset <= vector.input.length)) &&
    got.events.length === expected.length &&
    got.events.every((event, i) => event.type === expected[i]!.type && sameValue(event.value, expected[i]!.value));
  if (ok) return { ok: true };
  const { actual, expected: wanted } = runVector(Parser, vector, chunks, mode);
  return { ok: false, actual, expected: wanted };
}
