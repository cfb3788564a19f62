import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { CommandError } from './errors.js';

/**
 * A deliberately tiny RESP2 reader and command sender, for the launchers' own use (readiness
 * probes, CLUSTER INFO, SENTINEL queries) and for tests that need to talk to a server before the
 * real client exists. It is not the client's parser: this package depends on Node only.
 */
export type RawReply = string | number | null | RawReply[] | RawErrorReply;

/** An error reply (`-ERR ...`), kept as a value so callers can inspect it. */
export class RawErrorReply {
  constructor(readonly message: string) {}
  toString(): string {
    return this.message;
  }
}

/** Where to send: TCP host/port, a unix socket path, optionally TLS with the given PEMs. */
export interface RawTarget {
  host?: string;
  port?: number;
  path?: string;
  tls?: { ca: string; cert?: string; key?: string; servername?: string };
}

export interface RawCommandOptions {
  /** Milliseconds for connecting plus every reply; default 2000. */
  timeout?: number;
  /** Commands sent first, replies discarded unless an error (e.g. `['AUTH', 'pw']`). */
  before?: string[][];
}

export function encodeCommand(args: readonly (string | number)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.from(String(arg));
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Parses one reply at `offset`; returns it and the offset after it, or undefined if incomplete. */
export function parseReply(buf: Buffer, offset = 0): { value: RawReply; next: number } | undefined {
  const lineEnd = buf.indexOf('\r\n', offset);
  if (lineEnd === -1) return undefined;
  const type = String.fromCharCode(buf[offset] ?? 0);
  const line = buf.toString('utf8', offset + 1, lineEnd);
  const after = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, next: after };
    case '-':
      return { value: new RawErrorReply(line), next: after };
    case ':':
      return { value: Number(line), next: after };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, next: after };
      if (buf.length < after + length + 2) return undefined;
      return { value: buf.toString('utf8', after, after + length), next: after + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next: after };
      const items: RawReply[] = [];
      let next = after;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, next);
        if (item === undefined) return undefined;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new CommandError(`unexpected RESP type byte ${JSON.stringify(type)} at offset ${offset}`);
  }
}

function openSocket(target: RawTarget): Socket {
  if (target.path !== undefined) return netConnect({ path: target.path });
  const host = target.host ?? '127.0.0.1';
  const port = target.port ?? 6379;
  if (target.tls !== undefined) {
    const { ca, cert, key, servername } = target.tls;
    return tlsConnect({ host, port, ca, cert, key, servername: servername ?? 'localhost' });
  }
  return netConnect({ host, port });
}

/**
 * Opens a connection, sends the commands, resolves with one reply per command (error replies
 * as `RawErrorReply` values), closes. Rejects with `CommandError` on socket error or timeout.
 */
export function rawCommands(target: RawTarget, commands: (string | number)[][], options: RawCommandOptions = {}): Promise<RawReply[]> {
  const timeout = options.timeout ?? 2000;
  const all = [...(options.before ?? []), ...commands];
  const skip = all.length - commands.length;
  const where = target.path ?? `${target.host ?? '127.0.0.1'}:${target.port ?? 6379}`;
  return new Promise((resolve, reject) => {
    const socket = openSocket(target);
    const replies: RawReply[] = [];
    let buffered: Buffer = Buffer.alloc(0);
    let settled = false;
    const finish = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error !== undefined) reject(error);
      else resolve(replies.slice(skip));
    };
    const timer = setTimeout(() => finish(new CommandError(`no reply from ${where} within ${timeout} ms to ${String(commands[0]?.[0])}`)), timeout);
    socket.once(target.tls !== undefined ? 'secureConnect' : 'connect', () => {
      socket.write(Buffer.concat(all.map((args) => encodeCommand(args))));
    });
    socket.on('data', (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      try {
        let parsed = parseReply(buffered);
        while (parsed !== undefined) {
          const index = replies.length;
          if (index < skip && parsed.value instanceof RawErrorReply) {
            finish(new CommandError(`${String(all[index]?.[0])} to ${where} failed: ${parsed.value.message}`));
            return;
          }
          replies.push(parsed.value);
          buffered = buffered.subarray(parsed.next);
          if (replies.length === all.length) return finish(undefined);
          parsed = parseReply(buffered);
        }
      } catch (error) {
        finish(error as Error);
      }
    });
    socket.once('error', (error) => finish(new CommandError(`connection to ${where} failed: ${error.message}`, { cause: error })));
    socket.once('close', () => finish(new CommandError(`connection to ${where} closed before all replies arrived`)));
  });
}

/** One command; resolves with its reply, rejects with `CommandError` on an error reply. */
export async function rawCommand(target: RawTarget, args: (string | number)[], options: RawCommandOptions = {}): Promise<RawReply> {
  const [reply] = await rawCommands(target, [args], options);
  if (reply instanceof RawErrorReply) throw new CommandError(`${String(args[0])} failed: ${reply.message}`);
  return reply ?? null;
}

/** Parses `INFO`-style text (`key:value` lines) into a record. */
export function parseInfo(text: string): Record<string, string> {
  const info: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) info[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return info;
}

/**
 * How many times the server at `target` ran `command` (`'get'`, `'config|resetstat'`) since it
 * started or since CONFIG RESETSTAT: the `calls` of its INFO commandstats line, 0 when none.
 */
export async function commandCalls(target: RawTarget, command: string): Promise<number> {
  const line = parseInfo(String(await rawCommand(target, ['INFO', 'commandstats'])))[`cmdstat_${command.toLowerCase()}`];
  return Number(/calls=(\d+)/.exec(line ?? '')?.[1] ?? 0);
}

/** Turns a flat `[k, v, k, v]` reply (SENTINEL MASTER, CONFIG GET) into a record. */
export function pairsToRecord(reply: RawReply): Record<string, string> {
  const record: Record<string, string> = {};
  if (!Array.isArray(reply)) return record;
  for (let i = 0; i + 1 < reply.length; i += 2) record[String(reply[i])] = String(reply[i + 1]);
  return record;
}
