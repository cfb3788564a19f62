import { ProtocolError } from '@aredis/resp-parser';

/** Where a monitored command came from. */
export type MonitorClientType = 'tcp' | 'unix' | 'lua' | 'unknown';

/** One command the server ran, as MONITOR reports it. */
export interface MonitorEntry {
  /** Unix time in seconds, with microseconds. */
  time: number;
  db: number;
  /** `host:port` (tcp), the socket path (unix), 'lua' (a script's call), else as reported. */
  clientAddress: string;
  clientType: MonitorClientType;
  /** The command's words, unescaped (non-UTF-8 bytes are decoded as UTF-8 replacement characters). */
  command: string[];
}

const LINE = /^(\d+(?:\.\d+)?) \[(\d+) (.*?)\] (?=")/s;

/** Parses a MONITOR line: `1700000000.123456 [0 127.0.0.1:5000] "set" "k" "v"`. */
export function parseMonitorLine(line: string): MonitorEntry {
  const match = LINE.exec(line);
  if (match === null) throw new ProtocolError(`Unexpected MONITOR line: ${JSON.stringify(line.slice(0, 200))}`);
  const [head, time, db, client] = match as unknown as [string, string, string, string];
  let clientAddress = client;
  let clientType: MonitorClientType;
  if (client === 'lua') clientType = 'lua';
  else if (client.startsWith('unix:')) {
    clientType = 'unix';
    clientAddress = client.slice('unix:'.length);
  } else if (/:\d+$/.test(client)) clientType = 'tcp';
  else clientType = 'unknown';
  return { time: Number(time), db: Number(db), clientAddress, clientType, command: parseQuotedWords(line, head.length) };
}

const ESCAPES: Readonly<Record<string, number>> = { n: 10, r: 13, t: 9, a: 7, b: 8, '"': 34, '\\': 92 };

/**
 * The server's `sdscatrepr` words, undone: `"a\"b" "\x00\n"` → ['a"b', '\u0000\n'].
 * Hand-written: a tiny escape grammar no library covers exactly (\xHH bytes, \a, \b).
 */
function parseQuotedWords(line: string, start: number): string[] {
  const words: string[] = [];
  let i = start;
  const n = line.length;
  while (i < n) {
    if (line[i] !== '"') throw new ProtocolError(`MONITOR line: a quoted word expected at ${i}: ${JSON.stringify(line)}`);
    i++;
    const bytes: number[] = [];
    let closed = false;
    while (i < n) {
      const ch = line[i] as string;
      if (ch === '"') {
        closed = true;
        i++;
        break;
      }
      if (ch === '\\' && i + 1 < n) {
        const next = line[i + 1] as string;
        if (next === 'x' && i + 3 < n && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
          bytes.push(parseInt(line.slice(i + 2, i + 4), 16));
          i += 4;
          continue;
        }
        const escaped = ESCAPES[next];
        if (escaped !== undefined) {
          bytes.push(escaped);
          i += 2;
          continue;
        }
      }
      for (const byte of Buffer.from(ch, 'utf8')) bytes.push(byte);
      i++;
    }
    if (!closed) throw new ProtocolError(`MONITOR line: unterminated word: ${JSON.stringify(line)}`);
    words.push(Buffer.from(bytes).toString('utf8'));
    if (line[i] === ' ') i++;
  }
  return words;
}
