import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { RespParser, type ParserClass } from '@aredis/resp-parser';
import { Connection, type TcpConnectionOptions } from '../src/index.js';

let server: RedisServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

// Bytes that are not valid UTF-8: decoding them as text would replace them with U+FFFD.
const binary = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0xc3, 0x28, 0x0d, 0x0a]);

// The native parser runs the same through the client (packages/client/test/conformance/reply-mode.test.ts).
const parsers: [string, ParserClass][] = [['RespParser', RespParser]];

for (const [parserName, parserClass] of parsers) {
  for (const protocol of [2, 3] as const) {
    describe(`SendOptions.returnBuffers (${parserName}, RESP${protocol})`, () => {
      function connect(options: TcpConnectionOptions = {}): Connection {
        return new Connection({ host: server.host, port: server.port, protocol, parserClass, ...options });
      }

      it('reads one reply as Buffers on a decoding connection, the neighbours decoded', async () => {
        await using c = connect({ decodeResponses: true });
        await c.send(['SET', 'mode:bin', binary]);
        await c.send(['SET', 'mode:text', 'héllo']);
        // All in one tick: one socket write, the replies back to back in one chunk.
        const replies = await Promise.all([
          c.send(['GET', 'mode:text']),
          c.send(['GET', 'mode:bin'], { returnBuffers: true }),
          c.send(['GET', 'mode:bin'], { returnBuffers: true }),
          c.send(['GET', 'mode:text']),
          c.send(['DUMP', 'mode:bin'], { returnBuffers: true }),
          c.send(['MGET', 'mode:text', 'mode:bin']),
          c.send(['GET', 'mode:text'], { returnBuffers: false }),
        ]);
        expect(replies.slice(0, 4)).toEqual(['héllo', binary, binary, 'héllo']);
        expect(Buffer.isBuffer(replies[4])).toBe(true);
        expect(replies[5]).toEqual(['héllo', binary.toString('utf8')]);
        expect(replies[6]).toBe('héllo');
        // The DUMP payload survived: RESTORE gives back the very bytes.
        await c.send(['RESTORE', 'mode:restored', 0, replies[4] as Buffer, 'REPLACE']);
        expect(await c.send(['GET', 'mode:restored'], { returnBuffers: true })).toEqual(binary);
        expect(await c.send(['GET', 'mode:text'])).toBe('héllo');
      });

      it('reads one reply decoded on a Buffer connection', async () => {
        await using c = connect();
        await c.send(['SET', 'mode:text2', 'déjà']);
        const [a, b, d] = await Promise.all([
          c.send(['GET', 'mode:text2']),
          c.send(['GET', 'mode:text2'], { returnBuffers: false }),
          c.send(['GET', 'mode:text2']),
        ]);
        expect(a).toEqual(Buffer.from('déjà'));
        expect(b).toBe('déjà');
        expect(d).toEqual(Buffer.from('déjà'));
      });

      it('a server error for the odd command leaves the next reply in the connection mode', async () => {
        await using c = connect({ decodeResponses: true });
        await c.send(['SET', 'mode:s', 'v']);
        const [failed, next] = await Promise.allSettled([
          c.send(['HGET', 'mode:s', 'f'], { returnBuffers: true }),
          c.send(['GET', 'mode:s']),
        ]);
        expect(failed.status).toBe('rejected');
        expect(next).toEqual({ status: 'fulfilled', value: 'v' });
      });

      it('a command given up keeps its slot and its mode; the late reply is dropped', async () => {
        await using c = connect({ decodeResponses: true });
        await c.send(['SET', 'mode:late', binary]);
        const controller = new AbortController();
        const late = c.send(['GET', 'mode:late'], { returnBuffers: true, signal: controller.signal });
        const after = c.send(['GET', 'mode:late'], { returnBuffers: true });
        const text = c.send(['ECHO', 'plain']);
        controller.abort();
        await expect(late).rejects.toThrow();
        expect(await after).toEqual(binary);
        expect(await text).toBe('plain');
      });

      it('after a reconnect the mode starts over from the connection', async () => {
        await using c = connect({ decodeResponses: true });
        await c.send(['SET', 'mode:r', 'text']);
        const id = (await c.send(['CLIENT', 'ID'])) as number;
        // The odd command and a killer in flight: the connection drops with them outstanding.
        // Its rejection is awaited from the start: it may come while the killer's reply is awaited.
        const pending = expect(c.send(['BLPOP', 'mode:never', 0], { returnBuffers: true })).rejects.toThrow();
        await using killer = connect();
        await killer.send(['CLIENT', 'KILL', 'ID', id]);
        await pending;
        expect(await c.send(['GET', 'mode:r'])).toBe('text');
      });
    });
  }
}
