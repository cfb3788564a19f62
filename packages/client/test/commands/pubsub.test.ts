import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { PROTOCOLS, useClients, useServer } from './harness.js';
import { encodeCommand } from '@aredis/resp-parser';
import { StrictRedis } from '@aredis/client';
import { waitUntil } from '@aredis/testing';

// PUBLISH, SPUBLISH and PUBSUB introspection against a real server, under RESP3 (the default)
// and RESP2. Subscribers are plain sockets here (the PubSub class is tested on its own), so
// these tests depend only on the commands.

const server = useServer();

/** A raw subscriber: sends (S|P)SUBSCRIBE and collects everything the server pushes. */
async function subscriber(command: 'SUBSCRIBE' | 'PSUBSCRIBE' | 'SSUBSCRIBE', names: string[]): Promise<{ socket: Socket; seen: () => string }> {
  const socket = connect(server.port, '127.0.0.1');
  await once(socket, 'connect');
  let seen = '';
  socket.on('data', (chunk: Buffer) => {
    seen += chunk.toString('latin1');
  });
  socket.write(encodeCommand([command, ...names]));
  return { socket, seen: () => seen };
}

/** Polls until `check` holds (subscriptions land asynchronously from the other socket). */
async function until(check: () => Promise<boolean>): Promise<void> {
  await waitUntil('the condition', check, 5_000, 10);
}

describe.each(PROTOCOLS)('pubsub commands over RESP%i', (protocol) => {
  let r: StrictRedis<true>;
  let raw: StrictRedis<false>;
  const sockets: Socket[] = [];
  const ch = (name: string) => `pubsub:${protocol}:${name}`;

  useClients(server, protocol, (made) => ({ r, raw } = made), { confirmProtocol: false });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
  });

  it('publish, pubsub channels / numsub / numpat', async () => {
    expect(await r.publish(ch('none'), 'hello')).toBe(0);
    const sub = await subscriber('SUBSCRIBE', [ch('a'), ch('b')]);
    const psub = await subscriber('PSUBSCRIBE', [ch('p*')]);
    sockets.push(sub.socket, psub.socket);
    await until(async () => (await r.pubsubNumsub(ch('a'), ch('b'))).every(([, n]) => n === 1));
    await until(async () => (await r.pubsubNumpat()) >= 1);
    expect(await r.pubsubNumsub(ch('a'), ch('b'), ch('c'))).toEqual([
      [ch('a'), 1],
      [ch('b'), 1],
      [ch('c'), 0],
    ]);
    expect(await r.pubsubNumsub()).toEqual([]);
    expect((await r.pubsubChannels(`pubsub:${protocol}:*`)).sort()).toEqual([ch('a'), ch('b')]);
    expect(await r.pubsubChannels()).toEqual(expect.arrayContaining([ch('a'), ch('b')]));
    expect(await r.pubsubNumpat()).toBeGreaterThanOrEqual(1);
    expect(await r.publish(ch('a'), 'hello')).toBe(1);
    expect(await r.publish(ch('pattern'), Buffer.from('bytes'))).toBe(1);
    await until(async () => sub.seen().includes('hello') && psub.seen().includes('bytes'));
    const rawNumsub = await raw.pubsubNumsub(ch('a'));
    expect(Buffer.isBuffer(rawNumsub[0]?.[0])).toBe(true);
    expectTypeOf(rawNumsub).toEqualTypeOf<[Buffer, number][]>();
  });

  it('spublish, pubsub shardchannels / shardnumsub, pubsub help', async () => {
    expect(await r.spublish(ch('s-none'), 'x')).toBe(0);
    const ssub = await subscriber('SSUBSCRIBE', [ch('s1')]);
    sockets.push(ssub.socket);
    await until(async () => (await r.pubsubShardnumsub(ch('s1')))[0]?.[1] === 1);
    expect(await r.pubsubShardnumsub(ch('s1'), ch('s2'))).toEqual([
      [ch('s1'), 1],
      [ch('s2'), 0],
    ]);
    expect(await r.pubsubShardchannels(`pubsub:${protocol}:s*`)).toEqual([ch('s1')]);
    expect(await r.pubsubShardchannels()).toEqual(expect.arrayContaining([ch('s1')]));
    expect(await r.spublish(ch('s1'), 'sharded')).toBe(1);
    await until(async () => ssub.seen().includes('sharded'));
    const help = await r.pubsubHelp();
    expect(help.some((line) => line.includes('NUMSUB'))).toBe(true);
  });
});
