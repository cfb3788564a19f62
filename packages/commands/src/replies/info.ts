import type { RespValue } from '@aredis/resp-parser';
import { text } from '../callbacks.js';

/**
 * INFO's text parsed the way redis-py's parse_info does: one flat object of every `field:value`
 * line (section headers `# Server` are skipped), numbers as numbers, `a,b,c` as arrays,
 * `k=v,k=v` as objects, `module:` lines gathered under `modules`, lines without a colon under
 * `__raw__`. Works for a RESP2 bulk string and a RESP3 verbatim string alike.
 */
export type InfoScalar = string | number;
/** `k=v,k=v` sub-values (a bare word in the list is `true`). */
export type InfoFields = Record<string, InfoScalar | boolean>;
export type InfoValue = InfoScalar | InfoScalar[] | InfoFields | (InfoFields | InfoScalar | InfoScalar[])[];
export type InfoReply = Record<string, InfoValue>;

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A scalar as redis-py converts it: int when it is an integer, float when it has a dot. */
function scalar(raw: string): string | number {
  if (INTEGER.test(raw)) return Number(raw);
  if (raw.includes('.') && DECIMAL.test(raw)) return Number(raw);
  return raw;
}

export function infoValue(raw: string): InfoFields | InfoScalar | InfoScalar[] {
  const hasComma = raw.includes(',');
  const hasEquals = raw.includes('=');
  if (!hasComma && !hasEquals) return scalar(raw);
  // Split on commas first: list items and sub-values hold neither ',' nor '=' any more.
  if (!hasEquals) return raw.split(',').filter((v) => v !== '').map(scalar);
  const fields: InfoFields = {};
  for (const item of raw.split(',')) {
    if (item === '') continue;
    const at = item.lastIndexOf('=');
    if (at === -1) fields[item] = true;
    else fields[item.slice(0, at)] = scalar(item.slice(at + 1));
  }
  return fields;
}

export function parseInfo(reply: RespValue): InfoReply {
  const info: InfoReply = {};
  for (const line of text(reply).split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    let at = line.indexOf(':');
    if (at === -1) {
      ((info.__raw__ ??= []) as InfoScalar[]).push(line);
      continue;
    }
    // `cmdstat_host:` is the one field whose name holds a colon; its value never does.
    if (line.slice(0, at) === 'cmdstat_host') at = line.lastIndexOf(':');
    const field = line.slice(0, at);
    const value = infoValue(line.slice(at + 1));
    if (field === 'module') ((info.modules ??= []) as (InfoFields | InfoScalar | InfoScalar[])[]).push(value);
    else info[field] = value;
  }
  return info;
}
