import { execFile } from 'node:child_process';
import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseError } from '@aredis/resp-parser';
import { startServer, waitUntil, type RedisServer } from '@aredis/testing';
import { Connection, type CommandTraceContext, type ConnectionEventMessage } from '../src/index.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startServer({ requirepass: 'diag-secret' });
});
afterAll(async () => {
  await server?.stop();
});

interface Seen {
  event: string;
  context: CommandTraceContext;
}

/** Subscribes to every event of `aredis:command` for the duration of `body`. */
async function tracing(body: (seen: Seen[]) => Promise<void>): Promise<void> {
  const seen: Seen[] = [];
  const on = (event: string) => (message: unknown) => seen.push({ event, context: { ...(message as CommandTraceContext) } });
  const handlers = { start: on('start'), end: on('end'), asyncStart: on('asyncStart'), asyncEnd: on('asyncEnd'), error: on('error') };
  const channel = tracingChannel('aredis:command');
  channel.subscribe(handlers);
  try {
    await body(seen);
  } finally {
    channel.unsubscribe(handlers);
  }
}

describe('diagnostics_channel', () => {
  it('aredis:command traces each command: name, peer, database, the reply; never the arguments', async () => {
    await using c = new Connection({ host: server.host, port: server.port, password: 'diag-secret', db: 3, decodeResponses: true });
    await c.connect(); // the handshake is not a user command: traced neither
    await tracing(async (seen) => {
      expect(await c.send(['SET', 'diag:k', 'a-value'])).toBe('OK');
      const events = seen.map((s) => s.event);
      expect(events).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
      const done = seen[3]!.context;
      expect(done).toMatchObject({ command: 'SET', serverAddress: server.host, serverPort: server.port, database: 3, result: 'OK' });
      // Without the client's key table loaded (this package alone), the key count is unknown.
      expect(done.keyCount).toBeUndefined();
      expect(JSON.stringify(seen)).not.toContain('a-value');
      expect(JSON.stringify(seen)).not.toContain('diag-secret');
    });
  });

  it('a server error is published on the error event with the ResponseError', async () => {
    await using c = new Connection({ host: server.host, port: server.port, password: 'diag-secret' });
    await c.send(['SET', 'diag:str', 'x']);
    await tracing(async (seen) => {
      await expect(c.send(['LPUSH', 'diag:str', 'y'])).rejects.toBeInstanceOf(ResponseError);
      const error = seen.find((s) => s.event === 'error');
      expect(error?.context.command).toBe('LPUSH');
      expect(error?.context.error).toBeInstanceOf(ResponseError);
    });
  });

  it('aredis:connect, aredis:close and aredis:reconnect tell the connection lifecycle', async () => {
    const messages: [string, ConnectionEventMessage][] = [];
    const on = (name: string) => (message: unknown) => messages.push([name, message as ConnectionEventMessage]);
    const handlers = [['aredis:connect', on('connect')], ['aredis:close', on('close')], ['aredis:reconnect', on('reconnect')]] as const;
    for (const [name, handler] of handlers) subscribe(name, handler);
    try {
      const c = new Connection({ host: server.host, port: server.port, password: 'diag-secret', clientName: 'diag-kill' });
      await c.connect();
      await using killer = new Connection({ host: server.host, port: server.port, password: 'diag-secret' });
      await killer.send(['CLIENT', 'KILL', 'SKIPME', 'yes', 'TYPE', 'normal']);
      await waitUntil('the reconnect', async () => messages.filter(([name, m]) => name === 'connect' && m.connection === c).length >= 2, 10_000);
      await c.disconnect();
      const mine = messages.filter(([, m]) => m.connection === c).map(([name]) => name);
      expect(mine).toEqual(['connect', 'close', 'reconnect', 'connect', 'close']);
      const reconnect = messages.find(([name, m]) => name === 'reconnect' && m.connection === c)![1];
      expect(reconnect).toMatchObject({ attempt: 1, serverAddress: server.host, serverPort: server.port, database: 0 });
      expect(typeof reconnect.delay).toBe('number');
    } finally {
      for (const [name, handler] of handlers) unsubscribe(name, handler);
    }
  });
});

describe('NODE_DEBUG=aredis', () => {
  it('logs connects, handshake steps by name and closes, never the password', async () => {
    const script = fileURLToPath(new URL('./fixtures/debug-connect.ts', import.meta.url));
    const { stderr } = await promisify(execFile)(process.execPath, ['--conditions=aredis-source', '--import', 'tsx', script, String(server.port)], {
      env: { ...process.env, NODE_DEBUG: 'aredis', NODE_OPTIONS: '' },
    });
    expect(stderr).toMatch(/AREDIS \d+: 127\.0\.0\.1:\d+: connecting/);
    expect(stderr).toMatch(/handshake HELLO 3/); // its AUTH part is not shown
    expect(stderr).toMatch(/ready \(RESP3\)/);
    expect(stderr).toMatch(/closed by the client/);
    expect(stderr).not.toContain('diag-secret');
  });
});
