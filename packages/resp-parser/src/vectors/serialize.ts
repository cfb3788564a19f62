/**
 * A RESP3 serializer for property tests: turns an expected value into the bytes a server would
 * send. Plain strings become simple strings (bulk when they contain CR or LF), `bulk()` and
 * Buffers become bulk strings, integers `:`, other numbers `,`, bigints `(` (so they decode as
 * bigints again), errors `-` (or `!` when multi-line). `streamed: true` uses the streamed forms
 * for bulks and aggregates, cutting bulks into chunks of `chunkSize` bytes.
 */
import { ExpectedBulk, isVerbatim, type Expected } from './expected.js';

export interface SerializeOptions {
  streamed?: boolean;
  chunkSize?: number;
}

const CRLF = '\r\n';

function writeBlob(type: string, body: Buffer, out: Buffer[]): void {
  out.push(Buffer.from(`${type}${body.length}${CRLF}`), body, Buffer.from(CRLF));
}

function writeDouble(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return Object.is(value, -0) ? '-0' : String(value);
}

function writeAggregate(type: string, items: readonly Expected[], count: number, options: SerializeOptions, out: Buffer[]): void {
  out.push(Buffer.from(options.streamed ? `${type}?${CRLF}` : `${type}${count}${CRLF}`));
  for (const item of items) write(item, options, out);
  if (options.streamed) out.push(Buffer.from(`.${CRLF}`));
}

function writeBulk(body: Buffer, options: SerializeOptions, out: Buffer[]): void {
  if (!options.streamed) return writeBlob('$', body, out);
  const size = Math.max(1, options.chunkSize ?? 3);
  out.push(Buffer.from(`$?${CRLF}`));
  for (let i = 0; i < body.length; i += size) writeBlob(';', body.subarray(i, i + size), out);
  out.push(Buffer.from(`;0${CRLF}`));
}

function write(value: Expected, options: SerializeOptions, out: Buffer[]): void {
  if (value === null) out.push(Buffer.from(`_${CRLF}`));
  else if (typeof value === 'boolean') out.push(Buffer.from(value ? `#t${CRLF}` : `#f${CRLF}`));
  else if (typeof value === 'string') {
    if (/[\r\n]/.test(value)) writeBulk(Buffer.from(value), options, out);
    else out.push(Buffer.from(`+${value}${CRLF}`));
  } else if (value instanceof ExpectedBulk) writeBulk(value.bytes, options, out);
  else if (Buffer.isBuffer(value)) writeBulk(value, options, out);
  else if (typeof value === 'number') {
    out.push(Buffer.from(Number.isSafeInteger(value) && !Object.is(value, -0) ? `:${value}${CRLF}` : `,${writeDouble(value)}${CRLF}`));
  } else if (typeof value === 'bigint') out.push(Buffer.from(`(${value}${CRLF}`));
  else if (isVerbatim(value)) {
    const text = typeof value.value === 'string' ? Buffer.from(value.value) : value.value;
    writeBlob('=', Buffer.concat([Buffer.from(`${value.format}:`), text]), out);
  } else if (value instanceof Error) {
    if (/[\r\n]/.test(value.message)) writeBlob('!', Buffer.from(value.message), out);
    else out.push(Buffer.from(`-${value.message}${CRLF}`));
  } else if (Array.isArray(value)) writeAggregate('*', value, value.length, options, out);
  else if (value instanceof Map) writeAggregate('%', [...value].flat(), value.size, options, out);
  else if (value instanceof Set) writeAggregate('~', [...value], value.size, options, out);
}

/** The RESP3 bytes of `value`. */
export function serialize(value: Expected, options: SerializeOptions = {}): Buffer {
  const out: Buffer[] = [];
  write(value, options, out);
  return Buffer.concat(out);
}

/** The bytes of a push frame (`>`) carrying `items`. */
export function serializePush(items: readonly Expected[], options: SerializeOptions = {}): Buffer {
  const out: Buffer[] = [Buffer.from(`>${items.length}${CRLF}`)];
  for (const item of items) write(item, options, out);
  return Buffer.concat(out);
}
