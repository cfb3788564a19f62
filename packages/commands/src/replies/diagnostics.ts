import { ProtocolError, type RespValue } from '@aredis/resp-parser';
import { pairsToObject, text } from '../callbacks.js';

/** Shapes of MEMORY STATS, SLOWLOG GET, LATENCY and DEBUG OBJECT replies. */

export type MemoryStats = Record<string, number | string | Record<string, number | string>>;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A number, a double (RESP3) or its text (RESP2) → number; other texts stay text. */
function numberOrText(v: RespValue): number | string {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  const t = text(v);
  return NUMBER.test(t) ? Number(t) : t;
}

/** MEMORY STATS → object (redis-py's parse_memory_stats); `db.N` entries as objects; numbers as numbers under both protocols. */
export function parseMemoryStats(reply: RespValue): MemoryStats {
  const out: MemoryStats = {};
  for (const [field, v] of Object.entries(pairsToObject(reply))) {
    if (field.startsWith('db.')) {
      out[field] = Object.fromEntries(Object.entries(pairsToObject(v)).map(([k, x]) => [k, numberOrText(x)]));
    } else {
      out[field] = numberOrText(v);
    }
  }
  return out;
}

/** One SLOWLOG GET entry, with redis-py's field names. */
export interface SlowlogEntry<B = Buffer | string> {
  id: number;
  /** Unix time in seconds when the command ran. */
  start_time: number;
  /** Microseconds it took. */
  duration: number;
  /** The command and its arguments joined by spaces. */
  command: B;
  client_address: B;
  client_name: B;
}

function joinWords(words: RespValue): Buffer | string {
  if (!Array.isArray(words)) throw new ProtocolError('SLOWLOG GET: expected the command as an array');
  if (words.every((w) => typeof w === 'string')) return (words as string[]).join(' ');
  const parts: Buffer[] = [];
  words.forEach((w, i) => {
    if (i > 0) parts.push(Buffer.from(' '));
    parts.push(Buffer.isBuffer(w) ? w : Buffer.from(text(w)));
  });
  return Buffer.concat(parts);
}

export function parseSlowlogGet(reply: RespValue): SlowlogEntry[] {
  if (!Array.isArray(reply)) throw new ProtocolError('SLOWLOG GET: expected an array of entries');
  return reply.map((raw) => {
    if (!Array.isArray(raw) || raw.length < 4) throw new ProtocolError('SLOWLOG GET: malformed entry');
    // Redis Enterprise puts a complexity note at index 3 before the command.
    const at = Array.isArray(raw[3]) ? 3 : 4;
    const entry: SlowlogEntry & { complexity?: unknown } = {
      id: Number(raw[0]),
      start_time: Number(raw[1]),
      duration: Number(raw[2]),
      command: joinWords(raw[at] as RespValue),
      client_address: raw[at + 1] as Buffer | string,
      client_name: raw[at + 2] as Buffer | string,
    };
    if (at === 4) entry.complexity = raw[3];
    return entry;
  });
}

/** LATENCY HISTOGRAM → `{ command: { calls, histogram_usec: { bucket: count } } }`. */
export type LatencyHistogram = Record<string, { calls: number; histogram_usec: Record<string, number> }>;

export function parseLatencyHistogram(reply: RespValue): LatencyHistogram {
  const out: LatencyHistogram = {};
  for (const [name, raw] of Object.entries(pairsToObject(reply))) {
    const o = pairsToObject(raw);
    const buckets = pairsToObject(o.histogram_usec ?? []);
    out[name] = {
      calls: Number(o.calls),
      histogram_usec: Object.fromEntries(Object.entries(buckets).map(([b, n]) => [b, Number(n)])),
    };
  }
  return out;
}

/** DEBUG OBJECT's line → object, like redis-py's parse_debug_object (`type` is the first word). */
export function parseDebugObject(reply: RespValue): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const pair of `type:${text(reply)}`.split(' ')) {
    if (pair === '') continue;
    const at = pair.indexOf(':');
    const field = at === -1 ? pair : pair.slice(0, at);
    const raw = at === -1 ? '' : pair.slice(at + 1);
    out[field] = /^-?\d+$/.test(raw) && field !== 'at' ? Number(raw) : raw;
  }
  return out;
}
