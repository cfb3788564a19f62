import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { startProxy, startServer, type RedisServer, type TcpProxy } from '@aredis/testing';
import { StrictRedis } from '@aredis/client';
import type { ReconnectEvent } from '../src/index.js';

// The idle health check: a silent connection is PINGed (quietly), and one that does not
// answer is dropped and made again, then resubscribed.

let server: RedisServer;
let proxy: TcpProxy;
beforeAll(async () => {
  server = await startServer();
  proxy = await startProxy({ target: { host: server.host, port: server.port } });
});
afterAll(async () => {
  await proxy?.close();
  await server?.stop();
});

/** Waits `ms` (to let idle time pass; nothing is asserted about how long anything took). */
const idle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('PubSub health check', () => {
  it('PINGs an idle connection without a pong message', async () => {
    const r = new StrictRedis({ port: server.port, clientName: 'ps-idle', decodeResponses: true });
    const watcher = new StrictRedis({ port: server.port });
    await using ps = r.pubsub({ healthCheckInterval: 0.05 });
    await ps.subscribe('quiet');
    await idle(300);
    const mine = (await watcher.clientList()).find((c) => c.name === 'ps-idle');
    expect(mine?.cmd).toBe('ping');
    const types: string[] = [];
    for (let m = await ps.getMessage(); m !== null; m = await ps.getMessage()) types.push(m.type);
    expect(types).toEqual(['subscribe']);
    await r.close();
    await watcher.close();
  });

  it('drops a connection that does not answer, makes it again and resubscribes', async () => {
    const r = new StrictRedis({ port: proxy.port, decodeResponses: true });
    await using ps = r.pubsub({ healthCheckInterval: 0.05, ignoreSubscribeMessages: true });
    await ps.subscribe('watched');
    const disconnected = once(ps, 'disconnect') as Promise<[Error]>;
    proxy.pause(); // the server's answers (and the new connection's handshake) are held
    const [error] = await disconnected;
    expect(error.message).toMatch(/health check/);
    const reconnected = once(ps, 'reconnect') as Promise<[ReconnectEvent]>;
    proxy.resume();
    const [event] = await reconnected;
    expect(event.channels).toEqual(['watched']);
    expect(await ps.getMessage({ timeout: 5 })).toMatchObject({ type: 'reconnect' });
    await r.publish('watched', 'after');
    expect(await ps.getMessage({ timeout: 5 })).toEqual({ type: 'message', pattern: null, channel: 'watched', data: 'after' });
    await r.close();
  });
});
