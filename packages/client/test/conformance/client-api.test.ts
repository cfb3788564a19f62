import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { freePort, startProxy, startServer, waitUntil, type RedisServer, type TcpProxy } from '@aredis/testing';
import {
  AbstractConnection,
  ConnectionError,
  DataError,
  MaxConnectionsError,
  StrictRedis,
  type ReconnectingEvent,
  type ResponseCallback,
} from '../../src/index.js';

// Conformance: the client-level API a redis-py user relies on: events from every connection,
// initialize(), quit() / aclose(), the response_callbacks table, from_url.

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

describe('the client is an event emitter', () => {
  it('connect and ready from every connection of its pool (shared and dedicated), end on close', async () => {
    const r = new StrictRedis({ host: server.host, port: server.port });
    const seen: [string, AbstractConnection][] = [];
    for (const name of ['connect', 'ready', 'end'] as const) r.on(name, (connection) => seen.push([name, connection]));
    await r.ping();
    await r.blpop(['ev:empty'], 0.05); // a blocking command: a connection of its own
    const ready = seen.filter(([name]) => name === 'ready').map(([, c]) => c);
    expect(new Set(ready).size).toBe(2);
    expect(ready.every((c) => c instanceof AbstractConnection)).toBe(true);
    expect(seen.filter(([name]) => name === 'connect')).toHaveLength(2);
    await r.close();
    expect(new Set(seen.filter(([name]) => name === 'end').map(([, c]) => c))).toEqual(new Set(ready));
  });

  it('error and reconnecting when a connection loses its server, then ready again', async () => {
    await using r = new StrictRedis({ host: proxy.host, port: proxy.port, retry: { retries: 50, base: 0.01, cap: 0.05 } });
    const errors: Error[] = [];
    const reconnects: ReconnectingEvent[] = [];
    let readyCount = 0;
    r.on('error', (error, connection) => {
      expect(connection).toBeInstanceOf(AbstractConnection);
      errors.push(error);
    });
    r.on('reconnecting', (event) => reconnects.push(event));
    r.on('ready', () => readyCount++);
    await r.ping();
    proxy.cutAll({ reset: true });
    await waitUntil('reconnected', async () => readyCount >= 2 || undefined, 5000, 10);
    expect(errors[0]).toBeInstanceOf(ConnectionError);
    expect(reconnects[0]?.attempt).toBe(1);
    expect(await r.ping()).toBe('PONG');
  });

  it('an error with no listener never crashes the process', async () => {
    const port = await freePort(); // nothing listens there
    await using r = new StrictRedis({ host: '127.0.0.1', port, retry: { retries: 3, base: 0.01, cap: 0.02 } });
    const reconnects: ReconnectingEvent[] = [];
    r.on('reconnecting', (event) => reconnects.push(event));
    expect(r.listenerCount('error')).toBe(0);
    await expect(r.ping()).rejects.toBeInstanceOf(ConnectionError);
    expect(reconnects.length).toBeGreaterThan(0); // connect attempts failed, each an unheard 'error'
  });

  it('a client given a pool stops hearing its connections once closed; the pool goes on', async () => {
    await using owner = new StrictRedis({ host: server.host, port: server.port });
    const borrower = new StrictRedis({ connectionPool: owner.connectionPool });
    let heard = 0;
    borrower.on('ready', () => heard++);
    await borrower.ping();
    expect(heard).toBe(1);
    await borrower.close();
    await owner.blpop(['ev:empty'], 0.05); // a new connection of the pool
    expect(heard).toBe(1);
    expect(await owner.ping()).toBe('PONG');
  });

  it('only a client with listeners follows the connections: many short-lived clients on one pool add none', async () => {
    await using owner = new StrictRedis({ host: server.host, port: server.port });
    await owner.ping();
    const shared = await owner.connectionPool.getConnection();
    const before = shared.listenerCount('ready') + shared.listenerCount('error');
    expect(before).toBe(0); // its owner listens to nothing either
    for (let i = 0; i < 50; i++) await new StrictRedis({ connectionPool: owner.connectionPool }).ping();
    expect(shared.listenerCount('ready') + shared.listenerCount('error')).toBe(before);
    const listening = new StrictRedis({ connectionPool: owner.connectionPool });
    const onError = (): void => undefined;
    listening.on('error', onError);
    expect(shared.listenerCount('error')).toBe(1);
    expect(shared.listenerCount('ready')).toBe(1);
    listening.off('error', onError); // the last listener gone: the connections are let go
    expect(shared.listenerCount('ready') + shared.listenerCount('error')).toBe(before);
  });
});

describe('the pool', () => {
  it('raises MaxConnectionsError (a ConnectionError) when a command needs a connection beyond maxConnections', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port, maxConnections: 1 });
    await r.ping(); // the shared connection takes the one place
    const error = await r.blpop(['pool:empty'], 0.05).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaxConnectionsError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(await r.ping()).toBe('PONG');
  });
});

describe('initialize(), quit(), aclose()', () => {
  it('initialize() connects and resolves with the client; a bad address rejects there', async () => {
    const r = new StrictRedis({ host: server.host, port: server.port });
    expect(await r.initialize()).toBe(r);
    const connection = await r.connectionPool.getConnection();
    expect(connection.isReady).toBe(true);
    expect(await r.quit()).toBe(true);
    expect(connection.state).toBe('closed');
    const nowhere = new StrictRedis({ host: '127.0.0.1', port: await freePort(), retry: false });
    await expect(nowhere.initialize()).rejects.toBeInstanceOf(ConnectionError);
    await nowhere.aclose();
  });
});

describe('responseCallbacks', () => {
  it('is the instance table: read in any case, listed, assigned and deleted like a dict', async () => {
    await using r = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true });
    expect(typeof r.responseCallbacks.ZRANGE).toBe('function');
    expect(r.responseCallbacks.zrange).toBe(r.responseCallbacks.ZRANGE);
    expect(Object.keys(r.responseCallbacks)).toContain('CONFIG GET');
    expect('zrange' in r.responseCallbacks).toBe(true);
    await r.set('cb:k', 'v');
    const shout: ResponseCallback = (reply) => String(reply).toUpperCase();
    r.responseCallbacks.get = shout;
    expect(r.responseCallbacks.GET).toBe(shout);
    expect(await r.get('cb:k')).toBe('V');
    delete r.responseCallbacks.GET;
    expect(await r.get('cb:k')).toBe('v');
    // Another client keeps its own table.
    await using other = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true });
    r.responseCallbacks.GET = shout;
    expect(other.responseCallbacks.GET).toBeUndefined();
    expect(() => {
      (r.responseCallbacks as Record<string, unknown>).GET = 'not a function';
    }).toThrow(TypeError);
  });
});

describe('fromUrl', () => {
  it('refuses decodeResponses in the URL (DataError saying to pass it in the options)', () => {
    expect(() => StrictRedis.fromUrl(`redis://${server.host}:${server.port}?decodeResponses=true`)).toThrow(DataError);
    expect(() => StrictRedis.fromUrl(`redis://:secret@${server.host}:${server.port}?decode_responses=True`)).toThrow(
      /pass it in the options, fromUrl\(url, \{ decodeResponses: true \}\)/,
    );
    try {
      StrictRedis.fromUrl(`redis://:secret@${server.host}:${server.port}?decode_responses=True`);
    } catch (error) {
      expect((error as Error).message).not.toContain('secret');
    }
  });

  it('types follow the options: StrictRedis<true> gives strings, the default Buffers', async () => {
    await using text = StrictRedis.fromUrl(`redis://${server.host}:${server.port}/0`, { decodeResponses: true });
    await using binary = StrictRedis.fromUrl(`redis://${server.host}:${server.port}/0`);
    expectTypeOf(text).toEqualTypeOf<StrictRedis<true>>();
    expectTypeOf(binary).toEqualTypeOf<StrictRedis<false>>();
    await text.set('url:k', 'v');
    const decoded = await text.get('url:k');
    const raw = await binary.get('url:k');
    expectTypeOf(decoded).toEqualTypeOf<string | null>();
    expectTypeOf(raw).toEqualTypeOf<Buffer | null>();
    expect(decoded).toBe('v');
    expect(Buffer.isBuffer(raw)).toBe(true);
  });
});
