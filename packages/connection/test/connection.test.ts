import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { DataError, ResponseError, type RespValue } from '@aredis/resp-parser';
import { Connection, type TcpConnectionOptions } from '../src/index.js';

let server: RedisServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

function connect(options: TcpConnectionOptions = {}): Connection {
  return new Connection({ host: server.host, port: server.port, ...options });
}

/** A TCP connection that counts its socket writes (the override point at work). */
class CountingConnection extends Connection {
  writes = 0;
  protected override async createSocket(signal: AbortSignal): Promise<Duplex> {
    const socket = await super.createSocket(signal);
    const write = socket.write.bind(socket) as (chunk: Buffer) => boolean;
    socket.write = ((chunk: Buffer) => {
      this.writes++;
      return write(chunk);
    }) as typeof socket.write;
    return socket;
  }
}

describe('Connection over TCP', () => {
  it('connects lazily, speaks RESP3 by default and answers commands', async () => {
    await using c = connect({ decodeResponses: true });
    const events: string[] = [];
    c.on('connect', () => events.push('connect'));
    c.on('ready', () => events.push('ready'));
    expect(await c.send(['SET', 'conn:a', 'hello'])).toBe('OK');
    expect(await c.send(['GET', 'conn:a'])).toBe('hello');
    expect(c.protocol).toBe(3);
    expect(events).toEqual(['connect', 'ready']);
    expect(await c.send(['HGETALL', 'conn:none'])).toEqual(new Map());
  });

  it('speaks RESP2 when asked', async () => {
    await using c = connect({ protocol: 2, decodeResponses: true });
    await c.send(['HSET', 'conn:h', 'f', 'v']);
    expect(await c.send(['HGETALL', 'conn:h'])).toEqual(['f', 'v']);
    expect(c.protocol).toBe(2);
  });

  it('returns Buffers unless decoding', async () => {
    await using c = connect();
    await c.send(['SET', 'conn:b', 'x']);
    const reply = await c.send(['GET', 'conn:b']);
    expect(Buffer.isBuffer(reply)).toBe(true);
  });

  it('sends everything issued in one tick in one socket write, and matches replies in order', async () => {
    await using c = new CountingConnection({ host: server.host, port: server.port, decodeResponses: true });
    await c.connect();
    const before = c.writes;
    const replies = await Promise.all(
      Array.from({ length: 500 }, (_, i) => c.send(i % 2 === 0 ? ['ECHO', `m${i}`] : ['INCRBY', 'conn:counter', 1])),
    );
    expect(c.writes - before).toBe(1);
    for (let i = 0; i < 500; i += 2) expect(replies[i]).toBe(`m${i}`);
    expect(replies[499]).toBe(250);
  });

  it('rejects a server error without disturbing the next replies', async () => {
    await using c = connect({ decodeResponses: true });
    await c.send(['SET', 'conn:s', 'v']);
    const [bad, good] = await Promise.allSettled([c.send(['LPUSH', 'conn:s', 'x']), c.send(['GET', 'conn:s'])]);
    expect(bad.status).toBe('rejected');
    expect((bad as PromiseRejectedResult).reason).toBeInstanceOf(ResponseError);
    expect((bad as PromiseRejectedResult).reason.prefix).toBe('WRONGTYPE');
    expect(good).toEqual({ status: 'fulfilled', value: 'v' });
  });

  it('rejects an argument the encoder refuses with DataError, writing nothing', async () => {
    await using c = connect({ decodeResponses: true });
    const bad = c.send(['SET', 'conn:bad', { not: 'encodable' } as unknown as string]);
    const good = c.send(['ECHO', 'fine']);
    await expect(bad).rejects.toBeInstanceOf(DataError);
    expect(await good).toBe('fine');
    expect(c.inFlight).toBe(0);
  });

  it('applies a reply transform with its options', async () => {
    await using c = connect({ decodeResponses: true });
    const shaped = await c.send(['PING'], undefined, (reply, options) => [reply, options.tag], { tag: 7 });
    expect(shaped).toEqual(['PONG', 7]);
  });

  it('runs the handshake: db and client name', async () => {
    await using c = connect({ db: 3, clientName: 'aredis-test', decodeResponses: true });
    expect(await c.send(['CLIENT', 'GETNAME'])).toBe('aredis-test');
    const info = String(await c.send(['CLIENT', 'INFO']));
    expect(info).toMatch(/ db=3 /);
    await using two = connect({ db: 4, clientName: 'aredis-two', protocol: 2, decodeResponses: true });
    expect(await two.send(['CLIENT', 'GETNAME'])).toBe('aredis-two');
    expect(String(await two.send(['CLIENT', 'INFO']))).toMatch(/ db=4 /);
  });

  it('hands RESP3 push frames to the push handler, never to a waiting command', async () => {
    const pushes: RespValue[] = [];
    await using sub = connect({ decodeResponses: true, onPush: (frame) => pushes.push(frame) });
    await using pub = connect({ decodeResponses: true });
    await sub.connect();
    sub.write(['SUBSCRIBE', 'conn:ch']);
    // A command on the subscribed connection still gets its own reply (RESP3 allows PING).
    expect(await sub.send(['PING'])).toBe('PONG');
    expect(await pub.send(['PUBLISH', 'conn:ch', 'hi'])).toBe(1);
    expect(await sub.send(['PING', 'after'])).toBe('after');
    expect(pushes).toEqual([
      ['subscribe', 'conn:ch', 1],
      ['message', 'conn:ch', 'hi'],
    ]);
  });

  it('fails commands after disconnect() and emits end', async () => {
    const c = connect();
    await c.connect();
    let ended = false;
    c.on('end', () => (ended = true));
    await c.disconnect();
    expect(ended).toBe(true);
    await expect(c.send(['PING'])).rejects.toMatchObject({ code: 'AREDIS_ERR_CONNECTION' });
    expect(c.state).toBe('closed');
  });

  it('sends a health-check PING before using a connection idle too long', async () => {
    await using c = new CountingConnection({
      host: server.host,
      port: server.port,
      healthCheckInterval: 0.03,
      decodeResponses: true,
    });
    await c.connect();
    await vi.waitFor(() => expect(c.idleTime).toBeGreaterThan(0.03), { timeout: 5000, interval: 10 });
    const before = c.writes;
    expect(await c.send(['ECHO', 'x'])).toBe('x');
    // PING alone first, then the command once PONG came back.
    expect(c.writes - before).toBe(2);
  });
});
