import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { StrictRedis } from '../src/index.js';

let server: RedisServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

async function clientsNamed(probe: StrictRedis<true>, name: string): Promise<number> {
  const clients = await probe.clientList();
  return clients.filter((client) => client.name === name).length;
}

describe('no connection leak', () => {
  it('CLIENT LIST shows exactly the pool after thousands of commands with timeouts and aborts', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port, clientName: 'leak-check', decodeResponses: true });
    await using probe = new StrictRedis({ host: server.host, port: server.port, decodeResponses: true });
    let settled = 0;
    for (let batch = 0; batch < 6; batch++) {
      const calls: Promise<unknown>[] = [];
      for (let i = 0; i < 500; i++) {
        const key = `leak:${i % 50}`;
        switch (i % 10) {
          case 0: // a blocking command given up after it was written
            calls.push(r.withOptions({ timeout: 0.005 }).blpop(`leak:empty:${i}`, 0.05));
            break;
          case 1: // aborted before its tick's write
            {
              const controller = new AbortController();
              calls.push(r.withOptions({ signal: controller.signal }).get(key));
              controller.abort();
            }
            break;
          case 2: // a tiny timeout that may or may not fire
            calls.push(r.withOptions({ timeout: 0.001 }).incr(`leak:counter:${i % 7}`));
            break;
          case 3: // a blocking command that is answered
            calls.push(r.blpop(`leak:list:${batch}:${i}`, 0.01));
            break;
          default:
            calls.push(i % 2 === 0 ? r.set(key, String(i)) : r.get(key));
        }
      }
      const results = await Promise.allSettled(calls);
      settled += results.length;
      // Replies never go astray: every GET that succeeded got a string or null.
      for (let i = 0; i < results.length; i++) {
        const result = results[i]!;
        if (i % 10 >= 4 && i % 2 === 1 && result.status === 'fulfilled') {
          expect(result.value === null || typeof result.value === 'string').toBe(true);
        }
      }
    }
    expect(settled).toBe(3000);
    // Connections closed by the pool are gone from the server once it has read their FIN.
    let seen = -1;
    for (let tries = 0; tries < 50; tries++) {
      seen = await clientsNamed(probe, 'leak-check');
      if (seen === r.connectionPool.size) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(seen).toBe(r.connectionPool.size);
    expect(r.connectionPool.inUse).toBe(0);
  });
});
