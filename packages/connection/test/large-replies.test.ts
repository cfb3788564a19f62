// Long replies over a real server: TCP and unix sockets read them through a SocketReader
// (onread), the long bulk strings straight into the Buffers handed out. Every reply is compared
// byte for byte; no time is asserted.
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { ConnectionError, RespParser, type RespValue } from '@aredis/resp-parser';
import { startProxy, startServer, type RedisServer } from '@aredis/testing';
import { AbstractConnection, Connection, ConstantBackoff, Retry, UnixDomainSocketConnection } from '../src/index.js';
import { until } from './helpers.js';

/** A value whose bytes differ from their neighbours' (a misplaced byte shows), all of UTF-8's widths included. */
function value(n: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = (i * 13 + seed + (i >> 10)) & 0xff;
  return b;
}

const SIZES = { k64: 64 * 1024, m1: 1024 * 1024, m10: 10 * 1024 * 1024, odd: 64 * 1024 + 4093 };
const VALUES = Object.fromEntries(Object.entries(SIZES).map(([name, n], i) => [name, value(n, i)])) as Record<keyof typeof SIZES, Buffer>;
/** Valid UTF-8 (two-, three- and four-byte characters cut anywhere by the reads) for the string replies. */
const TEXT = 'aé€😀'.repeat(100_000);

let server: RedisServer;
beforeAll(async () => {
  server = await startServer({ unixSocket: true });
  await using c = new Connection({ port: server.port });
  for (const [name, bytes] of Object.entries(VALUES)) await c.send(['SET', `big:${name}`, bytes]);
  await c.send(['SET', 'big:text', TEXT]);
  await c.send(['SET', 'small', 'abc']);
});
afterAll(async () => {
  await server?.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Sends every command at once and awaits all their replies. */
function pipeline(c: AbstractConnection, commands: (string | Buffer)[][]): Promise<RespValue[]> {
  return Promise.all(commands.map((args) => c.send(args) as Promise<RespValue>));
}

const MIXED: [string[], RespValue][] = [
  [['GET', 'big:k64'], VALUES.k64],
  [['PING'], 'PONG'],
  [['GET', 'big:m1'], VALUES.m1],
  [['GET', 'small'], Buffer.from('abc')],
  [['GET', 'big:odd'], VALUES.odd],
  [['STRLEN', 'big:m10'], SIZES.m10],
  [['GET', 'big:m10'], VALUES.m10],
  [['GET', 'big:m1'], VALUES.m1],
  [['GET', 'no-such-key'], null],
  [['GET', 'big:k64'], VALUES.k64],
];

function expectSame(replies: RespValue[], expected: RespValue[]): void {
  expect(replies.length).toBe(expected.length);
  replies.forEach((reply, i) => {
    const want = expected[i]!;
    if (Buffer.isBuffer(want)) {
      expect(Buffer.isBuffer(reply), `reply ${i}`).toBe(true);
      expect((reply as Buffer).equals(want), `reply ${i}: ${(reply as Buffer).length} bytes, ${want.length} expected`).toBe(true);
    } else expect(reply, `reply ${i}`).toEqual(want);
  });
}

describe('long replies as Buffers', () => {
  for (const transport of ['tcp', 'unix'] as const) {
    const open = (): AbstractConnection =>
      transport === 'tcp' ? new Connection({ port: server.port }) : new UnixDomainSocketConnection({ path: server.socketPath! });

    it(`over ${transport}: a pipeline of long and short replies, byte for byte, read into the Buffers handed out`, async () => {
      const filled = vi.spyOn(RespParser.prototype, 'bodyFilled');
      await using c = open();
      for (let round = 0; round < 3; round++) {
        expectSame(
          await pipeline(c, MIXED.map(([args]) => args)),
          MIXED.map(([, reply]) => reply),
        );
      }
      // The socket read straight into the bodies' destinations (the hook was used, not only feed).
      expect(filled.mock.calls.length).toBeGreaterThan(10);
    });
  }

  it('many long GETs in one pipeline', async () => {
    await using c = new Connection({ port: server.port });
    const names = Array.from({ length: 40 }, (_, i) => (['k64', 'm1', 'odd'] as const)[i % 3]!);
    expectSame(
      await pipeline(
        c,
        names.map((name) => ['GET', `big:${name}`]),
      ),
      names.map((name) => VALUES[name]),
    );
  });

  it('long replies inside arrays (MGET), and a command with the other reply mode among them', async () => {
    await using c = new Connection({ port: server.port, decodeResponses: true });
    const [mget, text, raw] = await Promise.all([
      c.send(['MGET', 'big:m1', 'small', 'big:k64']),
      c.send(['GET', 'big:text']),
      c.send(['GET', 'big:m1'], { returnBuffers: true }),
    ]);
    expect(mget).toEqual([VALUES.m1.toString(), 'abc', VALUES.k64.toString()]);
    expect(text).toBe(TEXT);
    expectSame([raw as RespValue], [VALUES.m1]);
    await using b = new Connection({ port: server.port });
    expectSame((await b.send(['MGET', 'big:m1', 'small', 'big:k64'])) as RespValue[], [VALUES.m1, Buffer.from('abc'), VALUES.k64]);
  });

  it('as strings: the same values decoded, read into the gather buffer', async () => {
    const filled = vi.spyOn(RespParser.prototype, 'bodyFilled');
    await using c = new Connection({ port: server.port, decodeResponses: true });
    const replies = await pipeline(c, [['GET', 'big:text'], ['GET', 'big:m10'], ['PING'], ['GET', 'big:text']]);
    expect(replies[0]).toBe(TEXT);
    expect(replies[1]).toBe(VALUES.m10.toString());
    expect(replies[2]).toBe('PONG');
    expect(replies[3]).toBe(TEXT);
    expect(filled.mock.calls.length).toBeGreaterThan(0);
  });

  it('a push between long replies (RESP3 tracking invalidation)', async () => {
    const pushes: RespValue[] = [];
    await using c = new Connection({ port: server.port, protocol: 3, onPush: (frame) => pushes.push(frame) });
    await using other = new Connection({ port: server.port });
    await other.send(['SET', 'big:tracked', VALUES.m1]);
    expect(await c.send(['CLIENT', 'TRACKING', 'ON'])).toBe('OK');
    expectSame([(await c.send(['GET', 'big:tracked'])) as RespValue], [VALUES.m1]);
    const pending = pipeline(c, [['GET', 'big:m1'], ['GET', 'big:k64'], ['GET', 'big:m1']]);
    await other.send(['SET', 'big:tracked', VALUES.k64]);
    const after = pipeline(c, [['GET', 'big:odd'], ['GET', 'big:tracked']]);
    expectSame(await pending, [VALUES.m1, VALUES.k64, VALUES.m1]);
    expectSame(await after, [VALUES.odd, VALUES.k64]);
    await until(() => pushes.length > 0);
    expect(pushes[0]).toEqual([Buffer.from('invalidate'), [Buffer.from('big:tracked')]]);
  });

  it('a connection closed mid-body fails that command; the next connection reads on from a fresh parser', async () => {
    const proxy = await startProxy({ target: { host: server.host, port: server.port } });
    onTestFinished(() => proxy.close());
    await using c = new Connection({ host: proxy.host, port: proxy.port, retry: new Retry(new ConstantBackoff(0.02), 50) });
    expectSame([(await c.send(['GET', 'small'])) as RespValue], [Buffer.from('abc')]);
    for (const cut of [10, 70_000, 600_000, SIZES.m1 + 12]) {
      proxy.cutAfter(cut);
      const failed = await pipeline(c, [['GET', 'big:m1'], ['GET', 'big:m10']]).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(ConnectionError);
      expectSame(await pipeline(c, [['GET', 'big:m1'], ['GET', 'small'], ['GET', 'big:k64']]), [VALUES.m1, Buffer.from('abc'), VALUES.k64]);
    }
  });
});

describe('a subclass that listens to its socket', () => {
  it("hears every byte through 'data', the long bodies read into their destination included", async () => {
    let heard = 0;
    class Counting extends Connection {
      protected override async createSocket(signal: AbortSignal) {
        const socket = await super.createSocket(signal);
        socket.on('data', (chunk: Buffer) => {
          heard += chunk.length;
        });
        return socket;
      }
    }
    await using c = new Counting({ port: server.port, parserClass: RespParser });
    await c.send(['PING']);
    const before = heard;
    expectSame(await pipeline(c, MIXED.map(([args]) => args)), MIXED.map(([, want]) => want));
    // Every reply's bytes, headers and CR LF included: at least the bodies, at most bodies plus their framing.
    const bodies = MIXED.reduce((n, [, want]) => n + (Buffer.isBuffer(want) ? want.length : 0), 0);
    expect(heard - before).toBeGreaterThan(bodies);
    expect(heard - before).toBeLessThan(bodies + 200);
  });
});
