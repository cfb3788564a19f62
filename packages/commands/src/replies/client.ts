import type { RespValue } from '@aredis/resp-parser';
import { text } from '../callbacks.js';

/**
 * One client as CLIENT INFO and CLIENT LIST describe it (`id=3 addr=... name= ...`): an object
 * of its fields, the integer fields of redis-py's parse_client_info as numbers, the others as
 * strings.
 */
export interface ClientInfo {
  id: number;
  addr: string;
  name: string;
  age: number;
  idle: number;
  db: number;
  flags: string;
  cmd: string;
  [field: string]: string | number;
}

/** The fields networking.c writes as integers (the set redis-py's parse_client_info converts). */
const INTEGER_FIELDS = new Set([
  'id', 'age', 'idle', 'db', 'sub', 'psub', 'multi', 'qbuf', 'qbuf-free', 'obl', 'argv-mem', 'oll', 'omem', 'tot-mem',
]);

export function parseClientLine(line: string): ClientInfo {
  const fields: Record<string, string | number> = {};
  for (const pair of line.trim().split(' ')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const field = at === -1 ? pair : pair.slice(0, at);
    const raw = at === -1 ? '' : pair.slice(at + 1);
    fields[field] = INTEGER_FIELDS.has(field) && /^-?\d+$/.test(raw) ? Number(raw) : raw;
  }
  return fields as ClientInfo;
}

/** CLIENT INFO (a bulk string, or a verbatim string under RESP3) → one ClientInfo. */
export function parseClientInfo(reply: RespValue): ClientInfo {
  return parseClientLine(text(reply));
}

/** CLIENT LIST → one ClientInfo a line. */
export function parseClientList(reply: RespValue): ClientInfo[] {
  return text(reply)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(parseClientLine);
}
