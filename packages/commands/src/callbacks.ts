import { ProtocolError, VerbatimString, type RespValue } from '@aredis/resp-parser';

/**
 * Reply shapers shared by many commands (redis-py's callbacks in JavaScript types). Each takes
 * the raw reply as either protocol gives it and returns the same shape under RESP2 and RESP3.
 */

/** `OK` → true (SET without GET, RENAME, FLUSHDB, ...). A null (SET NX lost) → null. */
export function okToBoolean(reply: RespValue): boolean | null {
  if (reply === null) return null;
  return reply === 'OK' || (Buffer.isBuffer(reply) && reply.toString() === 'OK');
}

/** 1/0 → true/false (EXISTS on one key, EXPIRE, HSET NX, SISMEMBER, ...). */
export function integerToBoolean(reply: RespValue): boolean {
  return reply === 1 || reply === true || reply === 1n;
}

/** A double sent as a bulk string under RESP2 or a double under RESP3 → number, or null. */
export function toNumberOrNull(reply: RespValue): number | null {
  if (reply === null) return null;
  if (typeof reply === 'number') return reply;
  return parseFloatReply(String(reply));
}

export function parseFloatReply(text: string): number {
  if (text === 'inf' || text === '+inf') return Infinity;
  if (text === '-inf') return -Infinity;
  return Number(text);
}

/** Text of a string-ish reply (Buffer, string or verbatim). */
export function text(reply: RespValue): string {
  return reply === null ? '' : String(reply);
}

/**
 * A flat `[k1, v1, k2, v2]` array (RESP2) or a Map (RESP3) → plain object with string keys
 * (HGETALL, CONFIG GET). Values are left as they came.
 */
export function pairsToObject(reply: RespValue): Record<string, RespValue> {
  const out: Record<string, RespValue> = {};
  if (reply instanceof Map) {
    for (const [k, v] of reply) out[String(k)] = v;
  } else if (Array.isArray(reply)) {
    for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = reply[i + 1] as RespValue;
  }
  return out;
}

/**
 * A SCAN-family cursor → number, or the decimal string when it is beyond 2^53 (cursors are
 * unsigned 64-bit). Either form is accepted back as the next call's cursor.
 */
export function scanCursor(reply: RespValue): number | string {
  const digits = String(reply);
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : digits;
}

/** `[cursor, items]` of SCAN/SSCAN (redis-py's `(cursor, list)`); items left as they came. */
export function scanReply(reply: RespValue): [number | string, RespValue[]] {
  if (!Array.isArray(reply) || reply.length !== 2 || !Array.isArray(reply[1])) {
    throw new ProtocolError('SCAN: expected a [cursor, items] reply');
  }
  return [scanCursor(reply[0] as RespValue), reply[1]];
}

/** A RESP3 Set or a RESP2 array → array (SMEMBERS, SINTER, SPOP with a count). Null stays null. */
export function toArray(reply: RespValue): RespValue[] | null {
  if (reply === null) return null;
  if (reply instanceof Set) return [...reply];
  return Array.isArray(reply) ? reply : [reply];
}

/** An array of 1/0 → booleans (SMISMEMBER). */
export function integersToBooleans(reply: RespValue): boolean[] {
  return Array.isArray(reply) ? reply.map(integerToBoolean) : [];
}

/** An array of doubles (RESP3) or bulk strings (RESP2), some null → numbers and nulls (ZMSCORE). */
export function toNumbersOrNulls(reply: RespValue): (number | null)[] {
  return Array.isArray(reply) ? reply.map(toNumberOrNull) : [];
}

/**
 * Member-score pairs: RESP2 gives a flat `[m1, s1, m2, s2]` with scores as strings, RESP3
 * gives `[[m1, s1], [m2, s2]]` with doubles (and ZPOPMIN without a count a flat `[m, s]`).
 * Either → `[member, score][]` with numeric scores (redis-py's zset_score_pairs).
 */
export function scorePairs(reply: RespValue): [RespValue, number][] {
  return castScorePairs(reply, undefined) as [RespValue, number][];
}

/**
 * `scorePairs` with redis-py's score_cast_func: each score goes through `cast` (when given),
 * as text (what RESP2 sends; under RESP3 the double's shortest decimal text).
 */
export function castScorePairs<S>(reply: RespValue, cast: ((score: string) => S) | undefined): [RespValue, number | S][] {
  if (!Array.isArray(reply) || reply.length === 0) return [];
  const shape = (s: RespValue): number | S => (cast === undefined ? (toNumberOrNull(s) as number) : cast(scoreText(s)));
  const out: [RespValue, number | S][] = [];
  if (Array.isArray(reply[0])) {
    for (const pair of reply as RespValue[][]) out.push([pair[0] as RespValue, shape(pair[1] as RespValue)]);
  } else {
    for (let i = 0; i + 1 < reply.length; i += 2) out.push([reply[i] as RespValue, shape(reply[i + 1] as RespValue)]);
  }
  return out;
}

/** A score's text as RESP2 sends it (`inf`, `-inf` for infinities). */
function scoreText(s: RespValue): string {
  if (typeof s === 'number') return s === Infinity ? 'inf' : s === -Infinity ? '-inf' : String(s);
  return String(s);
}

/** Field-value pairs from a flat RESP2 array or RESP3 nested pairs (HRANDFIELD WITHVALUES). */
export function pairs(reply: RespValue): [RespValue, RespValue][] {
  if (!Array.isArray(reply) || reply.length === 0) return [];
  if (Array.isArray(reply[0])) return (reply as RespValue[][]).map((p) => [p[0] as RespValue, p[1] as RespValue]);
  const out: [RespValue, RespValue][] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) out.push([reply[i] as RespValue, reply[i + 1] as RespValue]);
  return out;
}

/** A RESP3 verbatim string → its text as a bulk string would come (Buffer or string); other replies as they are. */
export function verbatimToBulk(reply: RespValue): RespValue {
  return reply instanceof VerbatimString ? reply.value : reply;
}

/** An array (or RESP3 set) of status or bulk strings → their texts (HELP lines, flags). */
export function texts(reply: RespValue): string[] {
  if (reply instanceof Set) return [...reply].map(text);
  return Array.isArray(reply) ? reply.map(text) : [];
}

/** An array reply as an array: a RESP3 Set becomes an array, null (or a non-array) an empty one. */
export function arrayOrEmpty(reply: RespValue): RespValue[] {
  if (Array.isArray(reply)) return reply;
  if (reply instanceof Set) return [...reply];
  return [];
}
