import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { StrictRedis } from '@aredis/client';
import { DataError, PubSubError } from '@aredis/resp-parser';
import { PubSub, type DataMessage, type PubSubMessage } from '../src/index.js';

// PubSub against a real server, under RESP3 (push frames) and RESP2 (replies on the
// subscribed connection).

let server: RedisServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** The next message within 5 s (a test that waits longer has failed anyway). */
async function next<V>(ps: PubSub<boolean>, options: { ignoreSubscribeMessages?: boolean } = {}): Promise<PubSubMessage<V>> {
  const message = await ps.getMessage({ timeout: 5, ...options });
  if (message === null) throw new Error('no message within 5 s');
  return message as PubSubMessage<V>;
}

for (const protocol of [3, 2] as const) {
  describe(`PubSub under RESP${protocol}`, () => {
    let r: StrictRedis<true>;
    let raw: StrictRedis;
    beforeAll(() => {
      r = new StrictRedis({ port: server.port, protocol, decodeResponses: true });
      raw = new StrictRedis({ port: server.port, protocol });
    });
    afterAll(async () => {
      await r.close();
      await raw.close();
    });

    it('subscribes, gets confirmations and messages with getMessage, and null on timeout', async () => {
      await using ps = r.pubsub();
      await ps.subscribe('news', 'sport');
      expect(await next(ps)).toEqual({ type: 'subscribe', pattern: null, channel: 'news', data: 1 });
      expect(await next(ps)).toEqual({ type: 'subscribe', pattern: null, channel: 'sport', data: 2 });
      expect(ps.subscribed).toBe(true);
      expect(await r.publish('news', 'hello')).toBe(1);
      expect(await next(ps)).toEqual({ type: 'message', pattern: null, channel: 'news', data: 'hello' });
      expect(await ps.getMessage({ timeout: 0.05 })).toBeNull();
      expect(await ps.getMessage()).toBeNull(); // timeout 0: only what is already here
    });

    it('gives Buffers when the client does not decode', async () => {
      await using ps = raw.pubsub({ ignoreSubscribeMessages: true });
      await ps.subscribe('bytes');
      await raw.publish('bytes', Buffer.from([0, 255, 1]));
      const message = (await next<Buffer>(ps)) as DataMessage<Buffer>;
      expect(message.type).toBe('message');
      expect(Buffer.isBuffer(message.channel)).toBe(true);
      expect(message.channel.toString()).toBe('bytes');
      expect(message.data).toEqual(Buffer.from([0, 255, 1]));
    });

    it('psubscribe gets pmessages with the pattern; listen() iterates', async () => {
      const ps = r.pubsub();
      await ps.psubscribe('user:*');
      await r.publish('user:1', 'a');
      await r.publish('user:2', 'b');
      const seen: PubSubMessage<string>[] = [];
      for await (const message of ps.listen()) {
        seen.push(message);
        if (seen.length === 3) break;
      }
      expect(seen).toEqual([
        { type: 'psubscribe', pattern: null, channel: 'user:*', data: 1 },
        { type: 'pmessage', pattern: 'user:*', channel: 'user:1', data: 'a' },
        { type: 'pmessage', pattern: 'user:*', channel: 'user:2', data: 'b' },
      ]);
      await ps.close();
    });

    it('ssubscribe gets smessages from spublish', async () => {
      await using ps = r.pubsub();
      await ps.ssubscribe('shard-a');
      expect(await r.pubsubShardchannels()).toEqual(['shard-a']);
      expect(await r.spublish('shard-a', 'x')).toBe(1);
      expect(await next(ps, { ignoreSubscribeMessages: true })).toEqual({ type: 'smessage', pattern: null, channel: 'shard-a', data: 'x' });
      await ps.sunsubscribe('shard-a');
      expect(await next(ps)).toEqual({
        type: 'sunsubscribe',
        pattern: null,
        channel: 'shard-a',
        data: 0,
      });
    });

    it('unsubscribe and punsubscribe: the server stops sending, the client commands see it', async () => {
      await using ps = r.pubsub();
      await ps.subscribe('u1', 'u2');
      await ps.psubscribe('p:*');
      expect((await r.pubsubChannels('u*')).sort()).toEqual(['u1', 'u2']);
      expect(await r.pubsubNumsub('u1', 'u2', 'nobody')).toEqual([['u1', 1], ['u2', 1], ['nobody', 0]]);
      expect(await r.pubsubNumpat()).toBe(1);
      await ps.unsubscribe('u1');
      expect(await r.pubsubNumsub('u1')).toEqual([['u1', 0]]);
      await ps.unsubscribe();
      await ps.punsubscribe();
      expect(await r.pubsubNumpat()).toBe(0);
      expect(await r.publish('u2', 'lost')).toBe(0);
      // As redis-py: the names are forgotten as their confirmations are read.
      expect(ps.subscribed).toBe(true);
      expect(ps.channels).toEqual(['u1', 'u2']);
      const types: string[] = [];
      for (let m = await ps.getMessage(); m !== null; m = await ps.getMessage()) types.push(m.type);
      expect(types).toEqual(['subscribe', 'subscribe', 'psubscribe', 'unsubscribe', 'unsubscribe', 'punsubscribe']);
      expect(ps.channels).toEqual([]);
      expect(ps.subscribed).toBe(false);
    });

    it('handlers get their messages instead of the queue', async () => {
      await using ps = r.pubsub({ ignoreSubscribeMessages: true });
      const got: string[] = [];
      await ps.subscribe({ handled: (m) => void got.push(m.data) }, 'queued');
      await r.publish('handled', 'h1');
      await r.publish('queued', 'q1');
      expect(await next(ps)).toMatchObject({ channel: 'queued', data: 'q1' });
      expect(got).toEqual(['h1']);
    });

    it('run() dispatches to handlers in the background until stop(); errors go to onError', async () => {
      const ps = r.pubsub();
      const got: string[] = [];
      const errors: unknown[] = [];
      let wake!: () => void;
      const threeSeen = new Promise<void>((resolve) => (wake = resolve));
      await ps.subscribe({
        jobs: async (m) => {
          await Promise.resolve();
          if (m.data === 'bad') throw new Error('handler failed');
          got.push(m.data);
          if (got.length === 2) wake();
        },
      });
      const handle = ps.run({ onError: (error) => errors.push(error) });
      expect(() => ps.run()).toThrow(PubSubError);
      await expect(ps.getMessage()).rejects.toThrow(PubSubError);
      await r.publish('jobs', 'a');
      await r.publish('jobs', 'bad');
      await r.publish('jobs', 'b');
      await threeSeen;
      expect(got).toEqual(['a', 'b']);
      expect(errors).toHaveLength(1);
      expect((errors[0] as Error).message).toBe('handler failed');
      await handle.stop();
      await handle.finished;
      // Stopped: messages wait in the queue for the next reader, which hands them to the handler.
      await r.publish('jobs', 'later');
      await ps.ping(); // its answer comes after the message
      expect(got).toEqual(['a', 'b']);
      expect(await next(ps, { ignoreSubscribeMessages: true })).toMatchObject({ type: 'pong' });
      expect(got).toEqual(['a', 'b', 'later']);
      await ps.close();
    });

    it('run() wants a handler for every subscription unless onMessage is given', async () => {
      await using ps = r.pubsub();
      await ps.subscribe('plain');
      expect(() => ps.run()).toThrow(/needs a handler for plain/);
      const seen: PubSubMessage<string>[] = [];
      let wake!: () => void;
      const seenOne = new Promise<void>((resolve) => (wake = resolve));
      const handle = ps.run({
        ignoreSubscribeMessages: true,
        onMessage: (m) => {
          seen.push(m);
          wake();
        },
      });
      await r.publish('plain', 'p');
      await seenOne;
      await handle.stop();
      expect(seen).toEqual([{ type: 'message', pattern: null, channel: 'plain', data: 'p' }]);
    });

    it('run() without onError stops on a handler error and `finished` rejects', async () => {
      await using ps = r.pubsub();
      await ps.subscribe({ boom: () => { throw new Error('boom'); } });
      const handle = ps.run({ ignoreSubscribeMessages: true });
      await r.publish('boom', '1');
      await expect(handle.finished).rejects.toThrow('boom');
    });

    it('ping() answers, also as a pong message', async () => {
      await using ps = r.pubsub();
      expect(await ps.ping('hi')).toBe('hi');
      expect(await next(ps)).toEqual({ type: 'pong', pattern: null, channel: null, data: 'hi' });
      await ps.subscribe('x');
      expect(await ps.ping()).toBe('');
      expect(await next(ps, { ignoreSubscribeMessages: true })).toEqual({ type: 'pong', pattern: null, channel: null, data: '' });
    });

    it('close() unsubscribes and gives the connection back for reuse; listen() ends', async () => {
      const client = new StrictRedis({ port: server.port, protocol, decodeResponses: true });
      const ps = client.pubsub();
      await ps.subscribe('c1');
      await ps.psubscribe('c*');
      const connection = ps.connection;
      expect(client.connectionPool.inUse).toBe(1);
      const listening = (async () => {
        const types: string[] = [];
        for await (const m of ps.listen()) types.push(m.type);
        return types;
      })();
      await ps.close();
      expect(await listening).toEqual(['subscribe', 'psubscribe']);
      expect(client.connectionPool.inUse).toBe(0);
      expect(await client.pubsubNumpat()).toBe(0);
      expect(await client.pubsubNumsub('c1')).toEqual([['c1', 0]]);
      // The same connection serves an ordinary blocking command now.
      expect(await client.blpop(['nothing'], 0.01)).toBeNull();
      expect(client.connectionPool.connections()).toContain(connection);
      await expect(ps.subscribe('again')).rejects.toThrow(PubSubError);
      await client.close();
    });

    it('rejects bad arguments with DataError before sending', async () => {
      await using ps = r.pubsub();
      await expect(ps.subscribe()).rejects.toThrow(DataError);
      await expect(ps.subscribe(42 as unknown as string)).rejects.toThrow(/argument 1/);
      await expect(ps.psubscribe({ a: 'nope' as unknown as () => void })).rejects.toThrow(/handler of 'a'/);
      expect(ps.connection).toBeUndefined();
    });
  });
}
