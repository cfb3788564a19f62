/**
 * The physical references issue #13's goals are measured against, in the same run as the
 * clients: a raw socket that reads GET replies into one preallocated buffer and only counts
 * their bytes, and `redis-benchmark -c 1 -P 1000` (one connection, 1,000 commands pipelined).
 */
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { mixedRate, parseRedisBenchmark } from './report.js';

const run = promisify(execFile);

export interface RawReader {
  /** Sends `n` GETs of the key at once and resolves when all their replies' bytes have arrived. */
  get(n: number): Promise<void>;
  close(): void;
}

/** The size of the buffer the raw reader reads into (one 1 MB reply fits). */
export const RAW_READ_BUFFER = 1024 * 1024 + 64;

/**
 * A socket opened with `onread: { buffer, callback }`, so Node reads into one buffer allocated
 * once, with no allocation or copy a read. It parses nothing: each reply to GET of `key` is
 * `$<valueLength>\r\n<value>\r\n`, so it waits for that many bytes a command.
 */
export async function connectRawReader(port: number, key: string, valueLength: number): Promise<RawReader> {
  const replyLength = `$${valueLength}\r\n`.length + valueLength + 2;
  const command = Buffer.from(`*2\r\n$3\r\nGET\r\n$${Buffer.byteLength(key)}\r\n${key}\r\n`);
  // Bytes received so far, and the batches waiting, each for the total its last byte brings.
  let received = 0;
  let expected = 0;
  const waiting: { total: number; resolve: () => void }[] = [];
  const socket = net.connect({
    host: '127.0.0.1',
    port,
    noDelay: true,
    onread: {
      buffer: Buffer.allocUnsafe(RAW_READ_BUFFER),
      callback: (bytes) => {
        received += bytes;
        while (waiting.length > 0 && waiting[0]!.total <= received) waiting.shift()!.resolve();
        return true;
      },
    },
  });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return {
    get(n) {
      expected += n * replyLength;
      const total = expected;
      const done = new Promise<void>((resolve) => waiting.push({ total, resolve }));
      socket.write(n === 1 ? command : Buffer.concat(Array.from({ length: n }, () => command)));
      return done;
    },
    close: () => socket.destroy(),
  };
}

/**
 * `redis-benchmark -c 1 -P 1000 -t get,set -q` against the server on `port`, values of
 * `valueSize` bytes: GET and SET requests/s, and their mix (half each, as clients.ts's scenario).
 */
export async function redisBenchmark(port: number, requests: number, valueSize: number): Promise<{ get: number; set: number; mixed: number }> {
  const args = ['-h', '127.0.0.1', '-p', String(port), '-c', '1', '-P', '1000', '-n', String(requests), '-d', String(valueSize), '-t', 'get,set', '-q'];
  const { stdout } = await run('redis-benchmark', args, { maxBuffer: 1 << 20 });
  const rates = parseRedisBenchmark(stdout);
  const get = rates.GET;
  const set = rates.SET;
  if (get === undefined || set === undefined) throw new Error(`redis-benchmark printed no GET/SET rate: ${stdout.slice(0, 200)}`);
  return { get, set, mixed: mixedRate(get, set) };
}
