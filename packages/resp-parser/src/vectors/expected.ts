/**
 * Expected values of the vector table, written once for both `returnBuffers` modes.
 *
 * A bulk string is written as `bulk('text')` (or a Buffer); `materialize()` turns it into a
 * Buffer or a decoded string for the mode under test. `canonical()` turns any RespValue into
 * a plain tree that `toEqual` compares exactly (Buffer bytes, -0, NaN, bigint vs number, the
 * error class by name, Map and Set entries in order), whatever parser produced it.
 */
import { ResponseError, errorFromReply } from '../errors.js';
import { VerbatimString, type RespValue } from '../types.js';

/**
 * A VerbatimString, also one from another copy of this package (the built `vectors` entry
 * bundles its own copy of the class, and a parser may import the other entry).
 */
export function isVerbatim(value: unknown): value is VerbatimString {
  return value instanceof VerbatimString || (typeof value === 'object' && value !== null && value.constructor.name === 'VerbatimString');
}

/** A bulk string in the expected tree: its raw bytes. */
export class ExpectedBulk {
  constructor(readonly bytes: Buffer) {}
}

export type Expected =
  | string
  | ExpectedBulk
  | Buffer
  | number
  | bigint
  | boolean
  | null
  | VerbatimString
  | ResponseError
  | Expected[]
  | Map<Expected, Expected>
  | Set<Expected>;

export type ExpectedEvent =
  | { type: 'reply'; value: Expected }
  | { type: 'error'; value: ResponseError }
  | { type: 'push'; value: Expected[] }
  | { type: 'attribute'; value: Map<Expected, Expected> };

/** The mode a parser runs in, as far as values are concerned. */
export interface ValueMode {
  returnBuffers: boolean;
  encoding?: BufferEncoding;
}

export const bulk = (text: string | Buffer): ExpectedBulk =>
  new ExpectedBulk(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
export const verbatim = (format: string, text: string | Buffer): VerbatimString =>
  new VerbatimString(format, typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
export const responseError = (message: string): ResponseError => errorFromReply(message);
export const map = (...entries: [Expected, Expected][]): Map<Expected, Expected> => new Map(entries);
export const set = (...items: Expected[]): Set<Expected> => new Set(items);

export const reply = (value: Expected): ExpectedEvent => ({ type: 'reply', value });
export const error = (message: string): ExpectedEvent => ({ type: 'error', value: errorFromReply(message) });
export const push = (value: Expected[]): ExpectedEvent => ({ type: 'push', value });
export const attribute = (value: Map<Expected, Expected>): ExpectedEvent => ({ type: 'attribute', value });

function bytesFor(bytes: Buffer, mode: ValueMode): string | Buffer {
  return mode.returnBuffers ? bytes : bytes.toString(mode.encoding ?? 'utf8');
}

/** The RespValue a correct parser gives for `value` in `mode`. */
export function materialize(value: Expected, mode: ValueMode): RespValue {
  if (value instanceof ExpectedBulk) return bytesFor(value.bytes, mode);
  if (Buffer.isBuffer(value)) return bytesFor(value, mode);
  if (isVerbatim(value)) {
    const bytes = typeof value.value === 'string' ? Buffer.from(value.value) : value.value;
    return new VerbatimString(value.format, bytesFor(bytes, mode));
  }
  if (Array.isArray(value)) return value.map((item) => materialize(item, mode));
  if (value instanceof Map) {
    const out = new Map<RespValue, RespValue>();
    for (const [k, v] of value) out.set(materialize(k, mode), materialize(v, mode));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set<RespValue>();
    for (const item of value) out.add(materialize(item, mode));
    return out;
  }
  return value;
}

/** A plain, exactly comparable description of a value. */
export type Canonical =
  | null
  | boolean
  | { string: string }
  | { buffer: string }
  | { number: string }
  | { bigint: string }
  | { verbatim: string; value: Canonical }
  | { error: string; message: string }
  | { map: [Canonical, Canonical][] }
  | { set: Canonical[] }
  | { unknown: string }
  | Canonical[];

export function canonical(value: unknown): Canonical {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') return { string: value };
  if (Buffer.isBuffer(value)) return { buffer: value.toString('hex') };
  if (typeof value === 'number') return { number: Object.is(value, -0) ? '-0' : String(value) };
  if (typeof value === 'bigint') return { bigint: String(value) };
  if (isVerbatim(value)) return { verbatim: value.format, value: canonical(value.value) };
  if (value instanceof Error) return { error: value.constructor.name, message: value.message };
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Map) return { map: [...value].map(([k, v]) => [canonical(k), canonical(v)]) };
  if (value instanceof Set) return { set: [...value].map(canonical) };
  return { unknown: `${typeof value}: ${String(value)}` };
}

/** Exactly what `canonical(a)` equals `canonical(b)` says, without building either (fast). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (typeof a === 'number') return Object.is(a, b);
  if (a === null || typeof a !== 'object') return a === b;
  if (b === null || typeof b !== 'object') return false;
  if (Buffer.isBuffer(a)) return Buffer.isBuffer(b) && a.equals(b);
  if (Buffer.isBuffer(b)) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  if (a instanceof Map || a instanceof Set) {
    if (a.constructor !== b.constructor || a.size !== (b as Map<unknown, unknown>).size) return false;
    const left = [...a];
    const right = [...(b as Map<unknown, unknown>)];
    for (let i = 0; i < left.length; i++) if (!sameValue(left[i], right[i])) return false;
    return true;
  }
  if (isVerbatim(a)) {
    return isVerbatim(b) && a.format === b.format && sameValue(a.value, b.value);
  }
  if (a instanceof Error) return b instanceof Error && a.constructor.name === b.constructor.name && a.message === b.message;
  return false;
}
