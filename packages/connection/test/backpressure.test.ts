import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { Connection } from '../src/index.js';

let server: RedisServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/**
 * Wraps the TCP socket in a Duplex with a tiny, slow write side, so that `write()` soon
 * answers false; counts writes made while the stream had asked to wait for 'drain'.
 */
class SlowStreamConnection extends Connection {
  writes = 0;
  writesWhileFull = 0;

  protected override async createSocket(signal: AbortSignal): Promise<Duplex> {
    const socket = (await super.createSocket(signal)) as Socket;
    const stream = new Duplex({
      writableHighWaterMark: 64,
      write(chunk: Buffer, _encoding, callback) {
        setTimeout(() => socket.write(chunk, callback), 2);
      },
      read() {},
      final(callback) {
        socket.end();
        callback();
      },
      destroy(error, callback) {
        socket.destroy();
        callback(error);
      },
    });
    socket.on('data', (data: Buffer) => stream.push(data));
    socket.on('end', () => stream.push(null));
    socket.on('close', () => stream.destroy());
    const write = stream.write.bind(stream) as (chunk: Buffer) => boolean;
    stream.write = ((chunk: Buffer) => {
      this.writes++;
      if (stream.writableNeedDrain) this.writesWhileFull++;
      return write(chunk);
    }) as typeof stream.write;
    return stream;
  }
}

describe('socket back-pressure', () => {
  it('stops writing when the stream is full and sends the backlog on drain, replies in order', async () => {
    await using c = new SlowStreamConnection({ host: server.host, port: server.port, decodeResponses: true });
    await c.connect();
    const before = c.writes;
    const replies: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      replies.push(c.send(['ECHO', `message-${i}-${'x'.repeat(40)}`]));
      await nextTurn(); // one command a turn: each turn would be its own write without back-pressure
    }
    const values = await Promise.all(replies);
    expect(values).toEqual(Array.from({ length: 40 }, (_, i) => `message-${i}-${'x'.repeat(40)}`));
    expect(c.writesWhileFull).toBe(0);
    expect(c.writes - before).toBeLessThan(40);
  });
});
