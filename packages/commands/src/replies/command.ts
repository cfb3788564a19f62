import { ProtocolError, type RespValue } from '@aredis/resp-parser';
import { pairsToObject, text, texts } from '../callbacks.js';

/**
 * COMMAND / COMMAND INFO and COMMAND DOCS replies as plain objects with text values, the same
 * from RESP2 flat pairs and RESP3 maps and sets.
 */

export interface CommandKeySpecification {
  notes?: string;
  flags: string[];
  begin_search: { type: string; spec: Record<string, string | number> };
  find_keys: { type: string; spec: Record<string, string | number> };
}

/** One command as COMMAND INFO describes it (redis-py's parse_command fields, plus acl_categories). */
export interface CommandInfo {
  name: string;
  arity: number;
  flags: string[];
  first_key_pos: number;
  last_key_pos: number;
  step_count: number;
  acl_categories: string[];
  tips: string[];
  key_specifications: CommandKeySpecification[];
  subcommands: CommandInfo[];
}

/** An array, or a RESP3 set (COMMAND INFO sends key specs and subcommands as sets) → array. */
function list(v: RespValue | undefined): RespValue[] {
  if (v instanceof Set) return [...v];
  return Array.isArray(v) ? v : [];
}

function scalar(v: RespValue): string | number {
  return typeof v === 'number' ? v : text(v);
}

function scalars(raw: RespValue): Record<string, string | number> {
  return Object.fromEntries(Object.entries(pairsToObject(raw)).map(([k, v]) => [k, scalar(v)]));
}

function searchObject(raw: RespValue): { type: string; spec: Record<string, string | number> } {
  const o = pairsToObject(raw);
  return { type: text(o.type ?? null), spec: scalars(o.spec ?? []) };
}

function keySpecification(raw: RespValue): CommandKeySpecification {
  const o = pairsToObject(raw);
  const out: CommandKeySpecification = {
    flags: texts(o.flags ?? []),
    begin_search: searchObject(o.begin_search ?? []),
    find_keys: searchObject(o.find_keys ?? []),
  };
  if (o.notes !== undefined) out.notes = text(o.notes);
  return out;
}

export function parseCommandInfo(raw: RespValue): CommandInfo {
  if (!Array.isArray(raw) || raw.length < 6) throw new ProtocolError('COMMAND INFO: expected a command description');
  const [name, arity, flags, first, last, step, categories, tips, specs, subcommands] = raw;
  return {
    name: text(name as RespValue),
    arity: Number(arity),
    flags: texts(flags as RespValue),
    first_key_pos: Number(first),
    last_key_pos: Number(last),
    step_count: Number(step),
    acl_categories: texts(categories ?? []),
    tips: texts(tips ?? []),
    key_specifications: list(specs).map(keySpecification),
    subcommands: list(subcommands).map(parseCommandInfo),
  };
}

/** COMMAND and COMMAND INFO → `{ name: CommandInfo }`; names the server does not know are left out. */
export function parseCommandTable(reply: RespValue): Record<string, CommandInfo> {
  if (!Array.isArray(reply)) throw new ProtocolError('COMMAND: expected an array');
  const out: Record<string, CommandInfo> = {};
  for (const raw of reply) {
    if (raw === null) continue;
    const info = parseCommandInfo(raw);
    out[info.name] = info;
  }
  return out;
}

/** One argument in COMMAND DOCS. */
export interface CommandDocArgument {
  name: string;
  type: string;
  flags?: string[];
  arguments?: CommandDocArgument[];
  [field: string]: string | number | string[] | CommandDocArgument[] | undefined;
}

/** One command in COMMAND DOCS. */
export interface CommandDoc {
  summary?: string;
  since?: string;
  group?: string;
  complexity?: string;
  doc_flags?: string[];
  history?: [string, string][];
  arguments?: CommandDocArgument[];
  subcommands?: Record<string, CommandDoc>;
  [field: string]: string | number | string[] | [string, string][] | CommandDocArgument[] | Record<string, CommandDoc> | undefined;
}

function docArgument(raw: RespValue): CommandDocArgument {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(pairsToObject(raw))) {
    if (k === 'flags') out[k] = texts(v);
    else if (k === 'arguments') out[k] = list(v).map(docArgument);
    else out[k] = scalar(v);
  }
  return out as CommandDocArgument;
}

function commandDoc(raw: RespValue): CommandDoc {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(pairsToObject(raw))) {
    if (k === 'doc_flags') out[k] = texts(v);
    else if (k === 'history') out[k] = list(v).map((h) => texts(h) as [string, string]);
    else if (k === 'arguments') out[k] = list(v).map(docArgument);
    else if (k === 'subcommands') out[k] = parseCommandDocs(v);
    else out[k] = scalar(v);
  }
  return out as CommandDoc;
}

/** COMMAND DOCS → `{ name: CommandDoc }`. */
export function parseCommandDocs(reply: RespValue): Record<string, CommandDoc> {
  return Object.fromEntries(Object.entries(pairsToObject(reply)).map(([name, doc]) => [name, commandDoc(doc)]));
}
