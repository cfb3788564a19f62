// The worked example (examples/resp-server.ts) driven by the real redis-cli and by this
// project's client (@aredis/client, resolved from the repository root: the example itself uses
// only this package and node:net), under RESP2 and RESP3.
import { execFile } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { promisify } from 'node:util';
import { StrictRedis } from '@aredis/client';
import { waitUntil } from '@aredis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCommand } from '../src/index.js';
import { startRespServer } from '../examples/resp-server.js';

const run = promisify(execFile);
let server: Awaited<ReturnType<typeof startRespServer>>;

beforeAll(async () => {
  server = await startRespServer();
});
afterAll(async () => {
  await server.close();
});

async function cli(args: string[], input?: string): Promise<string> {
  const child = run('redis-cli', ['-p', String(server.port), ...args], { timeout: 10_000 });
  if (input !== undefined) child.child.stdin!.end(input);
  return (await child).stdout;
}

describe('the example server with redis-cli', () => {
  it('answers RESP2 commands', async () => {
    expect(await cli(['ping'])).toBe('PONG\n');
    expect(await cli(['set', 'greeting', 'hello world'])).toBe('OK\n');
    expect(await cli(['get', 'greeting'])).toBe('hello world\n');
    expect(await cli(['--no-raw', 'get', 'missing'])).toBe('(nil)\n');
    expect(await cli(['--no-raw', 'incr', 'counter'])).toBe('(integer) 1\n');
    expect(await cli(['hset', 'h', 'a', '1', 'b', '2'])).toBe('2\n');
    expect(await cli(['--no-raw', 'hgetall', 'h'])).toBe('1) "a"\n2) "1"\n3) "b"\n4) "2"\n');
    expect(await cli(['--no-raw', 'nosuchcommand'])).toBe("(error) ERR unknown command 'nosuchcommand'\n");
  });

  it('answers RESP3 after HELLO 3 (redis-cli -3): a map for HGETALL', async () => {
    await cli(['hset', 'h3', 'a', '1', 'b', '2']);
    expect(await cli(['-3', '--no-raw', 'hgetall', 'h3'])).toBe('1# "a" => "1"\n2# "b" => "2"\n');
    expect(await cli(['-3', '--no-raw', 'hello', '3'])).toContain('3# "proto" => (integer) 3');
  });

  it('reads commands typed inline, piped raw (redis-cli --pipe)', async () => {
    const out = await cli(['--pipe'], 'PING\r\nSET piped "a b"\r\nINCR piped-n\nINCR piped-n\r\n');
    expect(out).toContain('errors: 0, replies: 4');
    expect(await cli(['get', 'piped'])).toBe('a b\n');
    expect(await cli(['get', 'piped-n'])).toBe('2\n');
  });
});

describe('the example server with @aredis/client', () => {
  for (const protocol of [2, 3] as const) {
    it(`RESP${protocol}: commands, a pipeline, a server error`, async () => {
      await using r = new StrictRedis<true>({ port: server.port, protocol, decodeResponses: true });
      expect(await r.ping()).toBe('PONG');
      expect(await r.set(`client-k${protocol}`, 'v')).toBe(true);
      expect(await r.get(`client-k${protocol}`)).toBe('v');
      expect(await r.hset(`client-h${protocol}`, { a: '1', b: '2' })).toBe(2);
      expect(await r.hgetall(`client-h${protocol}`)).toEqual({ a: '1', b: '2' });
      const results = await r.pipeline({ transaction: false }).incr(`client-n${protocol}`).incr(`client-n${protocol}`).get(`client-k${protocol}`).execute();
      expect(results).toEqual([1, 2, 'v']);
      await expect(r.executeCommand('NOSUCH')).rejects.toThrow(/unknown command/);
    });
  }
});

/** Writes `bytes` in the pieces given, each only once the server has read the ones before. */
async function writeInPieces(socket: Socket, pieces: Buffer[]): Promise<void> {
  let sent = 0;
  for (const piece of pieces) {
    socket.write(piece);
    sent += piece.length;
    const target = sent;
    await waitUntil('the server read the piece', async () => server.bytesReceived() >= target || undefined, 5000, 1);
  }
}

describe('pipelined requests split at every byte', () => {
  const requests = Buffer.concat([
    encodeCommand(['DEL', 'split-h']),
    encodeCommand(['HSET', 'split-h', 'f', 'x\r\ny']),
    Buffer.from('PING\r\nECHO "in line"\r\n'),
    encodeCommand(['HELLO', '3']),
    encodeCommand(['HGETALL', 'split-h']),
    encodeCommand(['GET', 'split-h']),
    encodeCommand(['HELLO', '2']),
    encodeCommand(['HGETALL', 'split-h']),
  ]);

  async function replies(pieces: Buffer[]): Promise<string> {
    const socket = connect(server.port, '127.0.0.1');
    socket.setNoDelay(true);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    await new Promise((resolve) => socket.once('connect', resolve));
    await writeInPieces(socket, pieces);
    await waitUntil('all replies', async () => (received.endsWith('*2\r\n$1\r\nf\r\n$4\r\nx\r\ny\r\n') && received.length > 150) || undefined, 5000, 1);
    socket.destroy();
    return received;
  }

  it('gives the same replies whole, byte by byte and cut in two at every offset', async () => {
    await replies([requests]); // the first run finds no hash to delete: every later one does
    const whole = await replies([requests]);
    expect(whole).toContain('%1\r\n$1\r\nf\r\n$4\r\nx\r\ny\r\n'); // the RESP3 map
    expect(whole).toContain('$7\r\nin line\r\n');
    expect(whole).toContain('-WRONGTYPE');
    expect(await replies([...requests].map((b) => Buffer.from([b])))).toBe(whole);
    for (let i = 1; i < requests.length; i++) {
      expect(await replies([requests.subarray(0, i), requests.subarray(i)]), `cut at ${i}`).toBe(whole);
    }
  });
});
