import { ProtocolError } from '@aredis/resp-parser';

/** One sentinel record (SENTINEL MASTER / REPLICAS / SENTINELS entry) as text fields. */
export type SentinelRecord = Readonly<Record<string, string>>;

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString();
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new ProtocolError(`sentinel reply: expected a string field, got ${value === null ? 'null' : typeof value}`);
}

/** A record from a RESP2 flat `[field, value, ...]` array or a RESP3 map. */
export function toRecord(reply: unknown): SentinelRecord {
  const out: Record<string, string> = {};
  if (reply instanceof Map) {
    for (const [field, value] of reply) out[text(field)] = text(value);
    return out;
  }
  if (!Array.isArray(reply) || reply.length % 2 !== 0) {
    throw new ProtocolError('sentinel reply: expected a map or a flat array of field/value pairs');
  }
  for (let i = 0; i < reply.length; i += 2) out[text(reply[i])] = text(reply[i + 1]);
  return out;
}

/** A list of records (SENTINEL REPLICAS, SENTINEL SENTINELS, SENTINEL MASTERS). */
export function toRecords(reply: unknown): SentinelRecord[] {
  if (!Array.isArray(reply)) throw new ProtocolError('sentinel reply: expected a list of records');
  return reply.map(toRecord);
}

/** The `flags` field as a set (`master`, `slave`, `s_down`, `o_down`, `disconnected`, ...). */
export function flagsOf(record: SentinelRecord): Set<string> {
  return new Set((record.flags ?? '').split(',').filter((flag) => flag !== ''));
}

const DOWN = ['s_down', 'o_down'];

/**
 * Not seen as down, subjectively or objectively, by the sentinel (redis-py's test). A link the
 * sentinel is re-making (`disconnected`, as right after a failover) does not count as down.
 */
export function isUp(flags: ReadonlySet<string>): boolean {
  return !DOWN.some((flag) => flags.has(flag));
}

/** `[ip, port]` of a record, checked. */
export function addressOf(record: SentinelRecord): [string, number] {
  const host = record.ip;
  const port = Number(record.port);
  if (host === undefined || host === '' || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new ProtocolError(`sentinel reply: bad address ip=${String(host)} port=${String(record.port)}`);
  }
  return [host, port];
}

/** The role word of a ROLE reply (`master`, `slave`, `sentinel`). */
export function roleOf(reply: unknown): string {
  if (!Array.isArray(reply) || reply.length === 0) throw new ProtocolError('ROLE reply: expected a non-empty array');
  return text(reply[0]);
}

/** What a `+switch-master` message says: `<name> <old ip> <old port> <new ip> <new port>`. */
export interface SwitchMasterMessage {
  name: string;
  from: [string, number];
  to: [string, number];
}

/** Reads a `+switch-master` message; undefined when it is not one (five words, two ports). */
export function parseSwitchMaster(text: string): SwitchMasterMessage | undefined {
  const words = text.split(' ');
  if (words.length !== 5) return undefined;
  const [name, fromHost, fromPort, toHost, toPort] = words as [string, string, string, string, string];
  const port = (word: string): number | undefined => (/^\d{1,5}$/.test(word) && Number(word) > 0 && Number(word) <= 65535 ? Number(word) : undefined);
  const from = port(fromPort);
  const to = port(toPort);
  if (name === '' || fromHost === '' || toHost === '' || from === undefined || to === undefined) return undefined;
  return { name, from: [fromHost, from], to: [toHost, to] };
}

/** Why a sentinel's view of a master (SENTINEL MASTER) is not trusted, or undefined when it is. */
export function masterRefusal(state: SentinelRecord, minOtherSentinels: number): string | undefined {
  const flags = flagsOf(state);
  if (!flags.has('master')) return `flags ${state.flags ?? ''} do not say master`;
  if (!isUp(flags)) return `master flagged ${state.flags ?? ''}`;
  const others = Number(state['num-other-sentinels']);
  if (!(others >= minOtherSentinels)) return `sees ${state['num-other-sentinels'] ?? '?'} other sentinels, fewer than ${minOtherSentinels}`;
  return undefined;
}
