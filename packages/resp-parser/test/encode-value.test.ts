import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DataError,
  RespParser,
  ResponseError,
  VerbatimString,
  encodeAttribute,
  encodePush,
  encodeValue,
  errorFromReply,
  type RespValue,
} from '../src/index.js';
import { VECTORS, canonical, collectEvents, type ParserEvent } from './support.js';

/** Decodes bytes (RESP2 or RESP3) into events, bulk strings as Buffers. */
function decode(bytes: Buffer): ParserEvent[] {
  const got = collectEvents(RespParser, [bytes], { returnBuffers: true });
  expect(got.protocolError).toBeUndefined();
  return got.events;
}

function encodeEvent(event: ParserEvent, protocol: 2 | 3): Buffer {
  const options = { protocol, strings: 'simple' } as const;
  if (event.type === 'push') return encodePush(event.value, options);
  if (event.type === 'attribute') return encodeAttribute(event.value, options);
  return encodeValue(event.value as RespValue, options);
}

/** What a RESP2 client reads for a RESP3 value (the downgrades a Redis server applies). */
function downgrade(value: RespValue): RespValue {
  if (Array.isArray(value)) return value.map(downgrade);
  if (value instanceof Set) return [...value].map(downgrade);
  if (value instanceof Map) return [...value].flatMap(([k, v]) => [downgrade(k), downgrade(v)]);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && !(Number.isSafeInteger(value) && !Object.is(value, -0))) {
    return Buffer.from(Number.isNaN(value) ? 'nan' : value === Infinity ? 'inf' : value === -Infinity ? '-inf' : Object.is(value, -0) ? '-0' : String(value));
  }
  if (typeof value === 'bigint') {
    if (value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
    return value >= -(2n ** 63n) && value < 2n ** 63n ? value : Buffer.from(String(value));
  }
  if (value instanceof VerbatimString) return typeof value.value === 'string' ? Buffer.from(value.value) : value.value;
  if (value instanceof ResponseError) return errorFromReply(value.message.replace(/[\r\n]/g, ' '));
  return value;
}

const line = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !/[\r\n]/.test(s));
const scalar: fc.Arbitrary<RespValue> = fc.oneof(
  line,
  fc.uint8Array({ maxLength: 30 }).map((b) => Buffer.from(b)),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double(),
  fc.bigInt({ min: -(2n ** 90n), max: 2n ** 90n }),
  fc.boolean(),
  fc.constant(null),
  fc.tuple(fc.constantFrom('txt', 'mkd'), fc.uint8Array({ maxLength: 12 })).map(([f, t]) => new VerbatimString(f, Buffer.from(t))),
  fc.tuple(fc.constantFrom('ERR', 'WRONGTYPE', 'NOSCRIPT'), fc.string({ maxLength: 12 })).map(([p, t]) => errorFromReply(`${p} ${t}`)),
);
const { value } = fc.letrec<{ value: RespValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 4 }).map((entries) => new Map(entries)),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => new Set(items)),
  ),
}));

const replyOf = (v: RespValue): ParserEvent => (v instanceof ResponseError ? { type: 'error', value: v } : { type: 'reply', value: v });
const canonicalEvents = (events: ParserEvent[]) => events.map((e) => ({ type: e.type, value: canonical(e.value) }));

describe('encodeValue', () => {
  it('round trip, RESP3: any value encoded then decoded is the same value', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalEvents(decode(encodeValue(v, { protocol: 3, strings: 'simple' })))).toEqual(canonicalEvents([replyOf(v)]));
      }),
      { numRuns: 1000 },
    );
  });

  it('round trip, RESP2: any value encoded then decoded is its RESP2 downgrade', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalEvents(decode(encodeValue(v, { protocol: 2, strings: 'simple' })))).toEqual(canonicalEvents([replyOf(downgrade(v))]));
      }),
      { numRuns: 1000 },
    );
  });

  it('every vector of the table, decoded, encoded and decoded again, gives the same events (RESP3) and their downgrade (RESP2)', () => {
    let checked = 0;
    for (const vector of VECTORS) {
      if (vector.protocolError) continue;
      const { maxBulkLength, maxDepth, maxLineLength, withPush, withAttribute } = vector.options ?? {};
      const options = { returnBuffers: true, maxBulkLength, maxDepth, maxLineLength, withPush, withAttribute };
      const first = collectEvents(RespParser, [vector.input], options).events;
      if (first.length === 0) continue;
      const again3 = collectEvents(RespParser, [Buffer.concat(first.map((e) => encodeEvent(e, 3)))], options).events;
      expect({ vector: vector.name, events: canonicalEvents(again3) }).toEqual({ vector: vector.name, events: canonicalEvents(first) });
      const again2 = collectEvents(RespParser, [Buffer.concat(first.map((e) => encodeEvent(e, 2)))], options).events;
      const wanted2 = first
        .filter((e) => e.type !== 'attribute')
        .map((e): ParserEvent => (e.type === 'push' ? { type: 'reply', value: downgrade(e.value) } : { ...e, value: downgrade(e.value as RespValue) } as ParserEvent));
      expect({ vector: vector.name, events: canonicalEvents(again2) }).toEqual({ vector: vector.name, events: canonicalEvents(wanted2) });
      checked++;
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('writes the forms a Redis server writes', () => {
    const three = { protocol: 3 } as const;
    const two = { protocol: 2 } as const;
    expect(encodeValue('OK', { protocol: 3, strings: 'simple' }).toString()).toBe('+OK\r\n');
    expect(encodeValue('a\r\nb', { protocol: 3, strings: 'simple' }).toString()).toBe('$4\r\na\r\nb\r\n');
    expect(encodeValue('héllo', three).toString()).toBe('$6\r\nhéllo\r\n');
    expect(encodeValue(null, three).toString()).toBe('_\r\n');
    expect(encodeValue(null, two).toString()).toBe('$-1\r\n');
    expect(encodeValue(new Map([['a', 1]]), two).toString()).toBe('*2\r\n$1\r\na\r\n:1\r\n');
    expect(encodeValue(true, two).toString()).toBe(':1\r\n');
    expect(encodeValue(1.5, three).toString()).toBe(',1.5\r\n');
    expect(encodeValue(-Infinity, two).toString()).toBe('$4\r\n-inf\r\n');
    expect(encodeValue(2n ** 70n, two).toString()).toBe(`$22\r\n${2n ** 70n}\r\n`);
    expect(encodeValue(errorFromReply('ERR a\nb'), three).toString()).toBe('!7\r\nERR a\nb\r\n');
    expect(encodeValue(errorFromReply('ERR a\nb'), two).toString()).toBe('-ERR a b\r\n');
    expect(encodePush(['message', 'c', 'hi'], two).toString()).toBe('*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$2\r\nhi\r\n');
    expect(encodeAttribute(new Map([['ttl', 3]]), two)).toHaveLength(0);
  });

  it('refuses what RESP cannot carry and bad options, with DataError', () => {
    expect(() => encodeValue(undefined as unknown as RespValue, { protocol: 3 })).toThrow(DataError);
    expect(() => encodeValue({} as unknown as RespValue, { protocol: 3 })).toThrow(/cannot encode an object/);
    expect(() => encodeValue(1, { protocol: 4 as 3 })).toThrow(/protocol/);
    expect(() => encodeValue(1, { protocol: 3, protocl: 2 } as never)).toThrow(/unknown option 'protocl'/);
    const loop: RespValue[] = [];
    loop.push(loop);
    expect(() => encodeValue(loop, { protocol: 3 })).toThrow(/nesting/);
  });
});
