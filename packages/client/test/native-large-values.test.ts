// Large values through a real connection and the native parser: the long bulk strings are read
// by the socket straight into the Buffer handed out (Buffers) or into the gather buffer they are
// decoded from (strings). Every value is compared whole; no time is asserted.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { NativeRespParser, isAvailable, unavailableReason } from '@aredis/resp-parser-native';
import { startServer, type RedisServer } from '@aredis/testing';
import { StrictRedis } from '../src/index.js';

/** Bytes that differ from their neighbours' (a misplaced byte shows), every byte value included. */
function binary(n: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = (i * 13 + seed + (i >> 10)) & 0xff;
  return b;
}

const MB = 1024 * 1024;
const BINARY = { m1: binary(MB, 1), m20: binary(20 * MB, 2) };
/** ASCII text (the latin1 fast path) and UTF-8 text of two-, three- and four-byte characters. */
const ASCII = { m1: 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(MB / 36 + 1).slice(0, MB), m20: 'The quick brown fox. '.repeat(20 * MB / 21 + 1).slice(0, 20 * MB) };
const UTF8 = 'aé€😀'.repeat(MB / 10);

if (!isAvailable()) console.warn(`[client] native parser unavailable, its large-value tests skip: ${unavailableReason()}`);

describe.skipIf(!isAvailable())('large values through the native parser and a real connection', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startServer();
    await using r = new StrictRedis({ port: server.port, parserClass: NativeRespParser });
    await r.mset({ 'big:b1': BINARY.m1, 'big:b20': BINARY.m20, 'big:a1': ASCII.m1, 'big:a20': ASCII.m20, 'big:u': UTF8, small: 'abc' });
  });
  afterAll(async () => {
    await server?.stop();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('1 MB and 20 MB values as Buffers land in the memory the parser lent the socket', async () => {
    const lent = vi.spyOn(NativeRespParser.prototype, 'bodyBuffer');
    await using r = new StrictRedis({ port: server.port, parserClass: NativeRespParser });
    const replies = await Promise.all([r.get('big:b1'), r.get('small'), r.get('big:b20'), r.get('big:b1'), r.get('big:a1')]);
    const expected = [BINARY.m1, Buffer.from('abc'), BINARY.m20, BINARY.m1, Buffer.from(ASCII.m1)];
    replies.forEach((reply, i) => {
      expect(Buffer.isBuffer(reply), `reply ${i}`).toBe(true);
      expect((reply as Buffer).equals(expected[i]!), `reply ${i}`).toBe(true);
    });
    // Each long reply is a view of a destination the socket read into: no copy after the read.
    const destinations = new Set(lent.mock.results.map((result) => (result.value as Buffer | null)?.buffer).filter((b) => b !== undefined));
    for (const i of [0, 2, 3, 4]) expect(destinations.has((replies[i] as Buffer).buffer), `reply ${i}`).toBe(true);
  });

  it('1 MB and 20 MB values decoded as strings, ASCII and UTF-8, read into the gather buffer up to 8 MiB', async () => {
    const filled = vi.spyOn(NativeRespParser.prototype, 'bodyFilled');
    const lent = vi.spyOn(NativeRespParser.prototype, 'bodyBuffer');
    await using r = new StrictRedis({ port: server.port, decodeResponses: true, parserClass: NativeRespParser });
    const [a1, u, a20, small, again] = await Promise.all([r.get('big:a1'), r.get('big:u'), r.get('big:a20'), r.get('small'), r.get('big:a1')]);
    expect(a1 === ASCII.m1).toBe(true);
    expect(u === UTF8).toBe(true);
    expect(a20 === ASCII.m20).toBe(true);
    expect(small).toBe('abc');
    expect(again === ASCII.m1).toBe(true);
    expect(filled.mock.calls.length).toBeGreaterThan(3);
    // A Buffer asked for on a decoding connection (per-command mode) lands in its own destination too.
    const raw = (await r.withOptions({ decodeResponses: false }).get('big:b20'))!;
    expect(raw.equals(BINARY.m20)).toBe(true);
    expect(lent.mock.results.some((result) => (result.value as Buffer | null)?.buffer === raw.buffer)).toBe(true);
  });
});
