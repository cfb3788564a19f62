import { ProtocolError, type RespValue } from '@aredis/resp-parser';
import { pairsToObject, text, texts } from '../callbacks.js';
import { parseClientLine, type ClientInfo } from './client.js';

/** ACL GETUSER as redis-py's parse_acl_getuser shapes it, every rule as text. */
export interface AclUser {
  flags: string[];
  /** SHA-256 hashes of the user's passwords. */
  passwords: string[];
  /** Command rules without a category (`+get`, `-@all` goes to categories). */
  commands: string[];
  /** Category rules (`+@read`, `-@all`). */
  categories: string[];
  /** Key patterns with their prefixes (`~*`, `%R~cache:*`). */
  keys: string[];
  /** Channel patterns with their prefixes (`&*`). */
  channels: string[];
  /** Each selector's fields (`commands`, `keys`, `channels`) as text. */
  selectors: Record<string, string>[];
  /** Whether `on` is among the flags. */
  enabled: boolean;
}

/** A space-separated rule field (RESP2 bulk string) or already a list → its words. */
function words(value: RespValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value) || value instanceof Set) return texts(value);
  return text(value).split(' ').filter((w) => w !== '');
}

export function parseAclGetuser(reply: RespValue): AclUser | null {
  if (reply === null) return null;
  const data = pairsToObject(reply);
  if (!('flags' in data)) throw new ProtocolError('ACL GETUSER: expected a map with flags');
  const commands: string[] = [];
  const categories: string[] = [];
  for (const rule of words(data.commands)) (rule.includes('@') ? categories : commands).push(rule);
  const flags = texts(data.flags as RespValue);
  const selectors = Array.isArray(data.selectors)
    ? data.selectors.map((s) => Object.fromEntries(Object.entries(pairsToObject(s as RespValue)).map(([k, v]) => [k, text(v)])))
    : [];
  return {
    flags,
    passwords: texts(data.passwords as RespValue),
    commands,
    categories,
    keys: words(data.keys),
    channels: words(data.channels),
    selectors,
    enabled: flags.includes('on'),
  };
}

/** One ACL LOG entry (redis-py's parse_acl_log): texts, with numbers and the client parsed. */
export interface AclLogEntry {
  count: number;
  reason: string;
  context: string;
  object: string;
  username: string;
  'age-seconds': number;
  'client-info': ClientInfo;
  'entry-id'?: number;
  'timestamp-created'?: number;
  'timestamp-last-updated'?: number;
  [field: string]: string | number | ClientInfo | undefined;
}

const NUMERIC = new Set(['count', 'age-seconds', 'entry-id', 'timestamp-created', 'timestamp-last-updated']);

export function parseAclLog(reply: RespValue): AclLogEntry[] {
  if (!Array.isArray(reply)) throw new ProtocolError('ACL LOG: expected an array of entries');
  return reply.map((raw) => {
    const entry: Record<string, string | number | ClientInfo> = {};
    for (const [field, value] of Object.entries(pairsToObject(raw as RespValue))) {
      if (field === 'client-info') entry[field] = parseClientLine(text(value));
      else if (NUMERIC.has(field)) entry[field] = Number(text(value));
      else entry[field] = text(value);
    }
    return entry as AclLogEntry;
  });
}
