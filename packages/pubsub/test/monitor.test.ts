import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { StrictRedis } from '@aredis/client';
import { parseMonitorLine, type MonitorEntry } from '../src/index.js';

// MONITOR on a connection of its own, seeing the commands of another client.

let server: RedisServer;
beforeAll(async () => {
  server = await startServer({ unixSocket: true });
});
afterAll(async () => {
  await server?.stop();
});

/** Entries until one whose command starts with `word` (MONITOR also shows other clients' commands). */
async function until(monitor: AsyncIterable<MonitorEntry>, word: string): Promise<MonitorEntry> {
  for await (const entry of monitor) if (entry.command[0]?.toLowerCase() === word) return entry;
  throw new Error(`monitor ended before ${word}`);
}

for (const protocol of [3, 2] as const) {
  describe(`MONITOR under RESP${protocol}`, () => {
    it("sees another client's commands, parsed and unescaped", async () => {
      const r = new StrictRedis({ port: server.port, protocol, db: 2 });
      const other = new StrictRedis({ port: server.port, db: 2 });
      const monitor = await r.monitor().start();
      const before = Date.now() / 1000;
      await other.set('mon:key', 'with "quotes"\n and \\ \x01 é');
      const entry = await until(monitor, 'set');
      expect(entry.command).toEqual(['SET', 'mon:key', 'with "quotes"\n and \\ \x01 é']);
      expect(entry.db).toBe(2);
      expect(entry.clientType).toBe('tcp');
      expect(entry.clientAddress).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(entry.time).toBeGreaterThan(before - 5);
      expect(r.connectionPool.inUse).toBe(1);
      await monitor.close();
      expect(r.connectionPool.inUse).toBe(0);
      expect(await monitor.next()).toBeNull();
      await r.close();
      await other.close();
    });
  });
}

describe('MONITOR entries', () => {
  it('tells unix socket and Lua clients apart', async () => {
    const r = new StrictRedis({ port: server.port });
    const viaSocket = new StrictRedis({ unixSocketPath: server.socketPath as string });
    await using monitor = await r.monitor().start();
    await viaSocket.eval("return redis.call('get', KEYS[1])", 1, 'mon:lua');
    const fromSocket = await until(monitor, 'eval');
    expect(fromSocket.clientType).toBe('unix');
    expect(fromSocket.clientAddress).toBe(server.socketPath);
    const fromLua = await until(monitor, 'get');
    expect(fromLua).toMatchObject({ clientType: 'lua', clientAddress: 'lua', command: ['get', 'mon:lua'] });
    await r.close();
    await viaSocket.close();
  });

  it('parses lines with \\x escapes into UTF-8 words', () => {
    expect(parseMonitorLine('1700000000.123456 [0 127.0.0.1:5000] "set" "k" "\\xc3\\xa9\\x00"')).toEqual({
      time: 1700000000.123456,
      db: 0,
      clientAddress: '127.0.0.1:5000',
      clientType: 'tcp',
      command: ['set', 'k', 'é\u0000'],
    });
    expect(() => parseMonitorLine('OK')).toThrow(/Unexpected MONITOR line/);
  });
});
