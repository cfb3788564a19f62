import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { startServer, type RedisServer } from '@aredis/testing';
import { StrictRedis } from '@aredis/client';
import { ConnectionError } from '@aredis/resp-parser';
import type { PubSubMessage, ReconnectEvent } from '../src/index.js';

// A PubSub across a server restart: everything is subscribed again, and the loss is made
// known (a `reconnect` message in the stream, `disconnect` and `reconnect` events).

let server: RedisServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

for (const protocol of [3, 2] as const) {
  describe(`PubSub across a restart under RESP${protocol}`, () => {
    it('resubscribes channels, patterns and shard channels, and says messages may be lost', async () => {
      const r = new StrictRedis({ port: server.port, protocol, decodeResponses: true, retry: { retries: 50 } });
      await using ps = r.pubsub({ ignoreSubscribeMessages: true });
      const handled: string[] = [];
      await ps.subscribe('plain', { handled: (m) => void handled.push(m.data) });
      await ps.psubscribe('pat:*');
      await ps.ssubscribe('shard');
      const disconnected = once(ps, 'disconnect');
      const reconnected = once(ps, 'reconnect') as Promise<[ReconnectEvent]>;

      await server.restart();

      const [error] = (await disconnected) as [Error];
      expect(error).toBeInstanceOf(Error);
      const [event] = await reconnected;
      expect(event).toEqual({ channels: ['plain', 'handled'], patterns: ['pat:*'], shardChannels: ['shard'] });
      expect(await ps.getMessage({ timeout: 5 })).toEqual({ type: 'reconnect', pattern: null, channel: null, data: null });

      // The server knows the subscriptions again: messages flow.
      expect(await r.pubsubNumsub('plain', 'handled')).toEqual([['plain', 1], ['handled', 1]]);
      await r.publish('plain', 'after');
      await r.publish('pat:1', 'p-after');
      await r.spublish('shard', 's-after');
      await r.publish('handled', 'h-after');
      const seen: PubSubMessage<string>[] = [];
      for (let i = 0; i < 3; i++) {
        const m = await ps.getMessage({ timeout: 5 });
        if (m !== null) seen.push(m);
      }
      expect(seen).toEqual([
        { type: 'message', pattern: null, channel: 'plain', data: 'after' },
        { type: 'pmessage', pattern: 'pat:*', channel: 'pat:1', data: 'p-after' },
        { type: 'smessage', pattern: null, channel: 'shard', data: 's-after' },
      ]);
      await ps.ping();
      await ps.getMessage(); // reads up to the pong, through the handler
      expect(handled).toEqual(['h-after']);
      await ps.close();
      await r.close();
    });
  });
}

describe('PubSub when the server does not come back', () => {
  it('fails its readers with ConnectionError once the retries are spent', async () => {
    const lonely = await startServer();
    const r = new StrictRedis({ port: lonely.port, retry: { retries: 1 } });
    const ps = r.pubsub();
    await ps.subscribe('c');
    // Awaited from the start: it may fail while the server is still being stopped.
    const reading = expect(ps.getMessage({ timeout: Infinity, ignoreSubscribeMessages: true })).rejects.toThrow(ConnectionError);
    await lonely.stop();
    await reading;
    await expect(ps.subscribe('d')).rejects.toThrow(ConnectionError);
    await ps.close();
    expect(r.connectionPool.inUse).toBe(0);
    await r.close();
  });
});
