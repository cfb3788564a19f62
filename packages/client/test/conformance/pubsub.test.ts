import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@aredis/testing';
import { DataError, PubSubError, ResponseError, StrictRedis, type PubSubMessage } from '@aredis/client';
import { PROTOCOLS, useServer } from '../commands/harness.js';

// What a redis-py user relies on from PubSub, under RESP2 and RESP3, decoding or not: the
// shape of every message, handlers (Buffer names too), the two ignore flags OR-ed, timeouts in
// seconds, `subscribed` and `listen()` following the confirmations as they are read, reading
// before any subscription refused, and PING answers paired in order even when one is refused.

const server = useServer({ users: [{ name: 'noping', password: 'pw', rules: '~* &* +@all -ping' }] });

/** A channel name's text, whichever type the client gives. */
const text = (value: string | Buffer | null): string | null => (Buffer.isBuffer(value) ? value.toString('latin1') : value);

for (const protocol of PROTOCOLS) {
  for (const decodeResponses of [true, false] as const) {
    describe(`PubSub as redis-py (RESP${protocol}, decodeResponses ${decodeResponses})`, () => {
      let r: StrictRedis<boolean>;
      const name = (n: string): string => `cps:${protocol}:${decodeResponses}:${n}`;
      /** What the client gives for a text value: a string when decoding, else its Buffer. */
      const value = (t: string): string | Buffer => (decodeResponses ? t : Buffer.from(t));

      beforeAll(() => {
        r = new StrictRedis({ port: server.port, protocol, decodeResponses });
      });
      afterAll(async () => {
        await r.close();
      });

      /** The next message within 5 s. */
      async function next(ps: ReturnType<typeof r.pubsub>, ignoreSubscribeMessages = false): Promise<PubSubMessage<string | Buffer>> {
        const message = await ps.getMessage({ timeout: 5, ignoreSubscribeMessages });
        if (message === null) throw new Error('no message within 5 s');
        return message;
      }

      it('gives messages and confirmations as redis-py dicts', async () => {
        await using ps = r.pubsub();
        await ps.subscribe(name('a'));
        await ps.psubscribe(name('p*'));
        expect(await next(ps)).toEqual({ type: 'subscribe', pattern: null, channel: value(name('a')), data: 1 });
        expect(await next(ps)).toEqual({ type: 'psubscribe', pattern: null, channel: value(name('p*')), data: 2 });
        await r.publish(name('a'), 'one');
        await r.publish(name('p1'), 'two');
        expect(await next(ps)).toEqual({ type: 'message', pattern: null, channel: value(name('a')), data: value('one') });
        expect(await next(ps)).toEqual({ type: 'pmessage', pattern: value(name('p*')), channel: value(name('p1')), data: value('two') });
        await ps.unsubscribe(name('a'));
        await ps.punsubscribe();
        expect(await next(ps)).toEqual({ type: 'unsubscribe', pattern: null, channel: value(name('a')), data: 1 });
        expect(await next(ps)).toEqual({ type: 'punsubscribe', pattern: null, channel: value(name('p*')), data: 0 });
        // Unsubscribing from all with nothing subscribed: one confirmation without a channel.
        await ps.unsubscribe();
        expect(await next(ps)).toEqual({ type: 'unsubscribe', pattern: null, channel: null, data: 0 });
        expect(await ps.getMessage()).toBeNull();
      });

      it('refuses getMessage() before any subscription, as redis-py; listen() then gives nothing', async () => {
        await using ps = r.pubsub();
        await expect(ps.getMessage()).rejects.toThrow(PubSubError);
        await expect(ps.getMessage({ timeout: 1 })).rejects.toThrow(/subscribe/);
        const seen: unknown[] = [];
        for await (const message of ps.listen()) seen.push(message);
        expect(seen).toEqual([]);
        expect(ps.connection).toBeUndefined();
      });

      it('ORs the instance ignoreSubscribeMessages with the call one', async () => {
        const quiet = r.pubsub({ ignoreSubscribeMessages: true });
        const loud = r.pubsub();
        await quiet.subscribe(name('or'));
        await loud.subscribe(name('or'));
        await r.publish(name('or'), 'm');
        // The instance says ignore: a call saying false does not bring the confirmation back.
        expect(await next(quiet, false)).toMatchObject({ type: 'message', data: value('m') });
        // The instance does not ignore, the call does.
        expect(await next(loud, true)).toMatchObject({ type: 'message', data: value('m') });
        await quiet.close();
        await loud.close();
      });

      it('calls handlers of Buffer channel and pattern names given in a Map', async () => {
        await using ps = r.pubsub({ ignoreSubscribeMessages: true });
        // Bytes that are not UTF-8 on a client that gives Buffers; UTF-8 text otherwise.
        const channel = decodeResponses ? Buffer.from(name('ché'), 'utf8') : Buffer.concat([Buffer.from(name('')), Buffer.from([0xff, 0x00, 0x80])]);
        const pattern = Buffer.concat([channel, Buffer.from('*')]);
        const byChannel: PubSubMessage<string | Buffer>[] = [];
        const byPattern: PubSubMessage<string | Buffer>[] = [];
        await ps.subscribe(new Map([[channel, (m: PubSubMessage<string | Buffer>) => void byChannel.push(m)]]));
        await ps.psubscribe(new Map([[pattern, (m: PubSubMessage<string | Buffer>) => void byPattern.push(m)]]));
        await r.publish(channel, 'to-both');
        await ps.ping('after');
        expect(await next(ps)).toMatchObject({ type: 'pong', data: value('after') });
        const given = decodeResponses ? channel.toString('utf8') : channel;
        expect(byChannel).toEqual([{ type: 'message', pattern: null, channel: given, data: value('to-both') }]);
        expect(byPattern).toEqual([
          { type: 'pmessage', pattern: decodeResponses ? pattern.toString('utf8') : pattern, channel: given, data: value('to-both') },
        ]);
      });

      it('stays subscribed until the unsubscribe confirmations are read; listen() then ends', async () => {
        await using ps = r.pubsub();
        await ps.subscribe(name('s1'), name('s2'));
        await ps.unsubscribe();
        expect(ps.subscribed).toBe(true);
        const types: string[] = [];
        for await (const message of ps.listen()) types.push(`${message.type} ${text(message.channel)}`);
        // The server confirms an unsubscribe-all in an order of its own.
        expect([...types.slice(0, 2), ...types.slice(2).sort()]).toEqual([
          `subscribe ${name('s1')}`,
          `subscribe ${name('s2')}`,
          `unsubscribe ${name('s1')}`,
          `unsubscribe ${name('s2')}`,
        ]);
        expect(ps.subscribed).toBe(false);
        expect(ps.channels).toEqual([]);
      });

      it('ends listen() on the last confirmation also when confirmations are ignored', async () => {
        await using ps = r.pubsub({ ignoreSubscribeMessages: true });
        await ps.subscribe(name('quiet'));
        await r.publish(name('quiet'), 'last');
        await ps.unsubscribe(name('quiet'));
        const data: unknown[] = [];
        for await (const message of ps.listen()) data.push(message.data);
        expect(data).toEqual([value('last')]);
      });

      it('reads getMessage timeouts as seconds', async () => {
        await using ps = r.pubsub({ ignoreSubscribeMessages: true });
        await ps.subscribe(name('slow'));
        const started = Date.now();
        const reading = ps.getMessage({ timeout: 5 });
        // Well past 5 ms (what a milliseconds reading would wait), well short of 5 s.
        await waitUntil('0.1 s to pass', async () => Date.now() - started >= 100, 5000, 10);
        await r.publish(name('slow'), 'late');
        expect(await reading).toMatchObject({ type: 'message', data: value('late') });
        expect(await ps.getMessage({ timeout: 0.01 })).toBeNull();
        expect(await ps.getMessage({ timeout: 0 })).toBeNull();
        await r.publish(name('slow'), 'waited');
        expect(await ps.getMessage({ timeout: null })).toMatchObject({ data: value('waited') });
      });

      it('checks every options object: an unknown key names the nearest known one', async () => {
        expect(() => r.pubsub({ ignoreSubscribeMesages: true } as never)).toThrow(/unknown option 'ignoreSubscribeMesages' \(did you mean 'ignoreSubscribeMessages'\?\)/);
        expect(() => r.pubsub({ healthCheckInterval: -1 })).toThrow(DataError);
        expect(() => r.pubsub({ ignoreSubscribeMessages: 1 as never })).toThrow(/boolean/);
        await using ps = r.pubsub();
        await ps.subscribe(name('opts'));
        await expect(ps.getMessage({ timout: 1 } as never)).rejects.toThrow(/did you mean 'timeout'/);
        await expect(ps.getMessage({ timeout: -1 })).rejects.toThrow(/seconds/);
        await expect(ps.listen({ ignore: true } as never).next()).rejects.toThrow(DataError);
        expect(() => ps.run({ onMesage: () => undefined } as never)).toThrow(/did you mean 'onMessage'/);
        expect(() => ps.run({ sleepTime: 0.01 } as never)).toThrow(DataError);
      });
    });

    describe(`PubSub PING answers (RESP${protocol})`, () => {
      it('pairs each answer with its PING when one is refused', async () => {
        const admin = new StrictRedis({ port: server.port, protocol });
        const r = new StrictRedis({ port: server.port, protocol, username: 'noping', password: 'pw', decodeResponses: true });
        try {
          const ps = r.pubsub({ ignoreSubscribeMessages: true });
          // The PING that follows a subscribe is refused too: the subscribe still went through.
          await ps.subscribe(`noping:${protocol}`);
          const refused = await ps.ping('first').catch((error: unknown) => error);
          expect(refused).toBeInstanceOf(ResponseError);
          expect((refused as Error).message).toMatch(/^NOPERM/);
          await admin.executeCommand('ACL', 'SETUSER', 'noping', '+ping');
          expect(await Promise.all([ps.ping('second'), ps.ping('third')])).toEqual(['second', 'third']);
          expect(await ps.ping()).toBe('');
          await r.publish(`noping:${protocol}`, 'still here');
          const messages: unknown[] = [];
          for (let i = 0; i < 4; i++) messages.push((await ps.getMessage({ timeout: 5 }))?.data);
          expect(messages).toEqual(['second', 'third', '', 'still here']);
          await ps.close();
        } finally {
          await admin.executeCommand('ACL', 'SETUSER', 'noping', '-ping');
          await r.close();
          await admin.close();
        }
      });
    });
  }
}
