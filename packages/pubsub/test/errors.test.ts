import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { StrictRedis } from '@aredis/client';
import { ProtocolError, ResponseError } from '@aredis/resp-parser';
import { readFrame } from '../src/messages.js';

// Server errors on a subscribed connection reach the command that caused them; malformed
// frames are ProtocolErrors.

let server: RedisServer;
beforeAll(async () => {
  server = await startServer({ users: [{ name: 'narrow', password: 'pw', rules: '~* resetchannels &allowed* +@all' }] });
});
afterAll(async () => {
  await server?.stop();
});

for (const protocol of [3, 2] as const) {
  describe(`PubSub errors under RESP${protocol}`, () => {
    it('a refused subscribe rejects with the server error; the PubSub goes on', async () => {
      const r = new StrictRedis({ port: server.port, protocol, username: 'narrow', password: 'pw', decodeResponses: true });
      await using ps = r.pubsub({ ignoreSubscribeMessages: true });
      const refused = await ps.subscribe('forbidden').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ResponseError);
      expect((refused as ResponseError).message).toMatch(/^NOPERM/);
      await ps.subscribe('allowed-1');
      await r.publish('allowed-1', 'ok');
      expect(await ps.getMessage({ timeout: 5 })).toMatchObject({ channel: 'allowed-1', data: 'ok' });
      await r.close();
    });
  });
}

describe('readFrame', () => {
  const toValue = (v: unknown): string => String(v);
  it('reads every frame type and rejects malformed ones', () => {
    expect(readFrame(['message', 'c', 'd'], toValue)).toEqual({
      kind: 'message',
      message: { type: 'message', pattern: null, channel: 'c', data: 'd' },
    });
    expect(readFrame([Buffer.from('unsubscribe'), null, 0], toValue)).toEqual({
      kind: 'subscription',
      message: { type: 'unsubscribe', pattern: null, channel: null, data: 0 },
    });
    expect(readFrame('PONG', toValue)).toEqual({ kind: 'pong', data: '' });
    expect(readFrame(['pong', 'x'], toValue)).toEqual({ kind: 'pong', data: 'x' });
    expect(() => readFrame(['pmessage', 'p', 'c'], toValue)).toThrow(ProtocolError);
    expect(() => readFrame(['subscribe', 'c', 'one'], toValue)).toThrow(ProtocolError);
    expect(() => readFrame(['invalidate', ['k']], toValue)).toThrow(/Unexpected PubSub frame/);
  });
});
