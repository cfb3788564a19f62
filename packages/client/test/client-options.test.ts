import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { TimeoutError, type RespValue } from '@aredis/resp-parser';
import { ConnectionPool, StrictRedis, UnixDomainSocketConnection, type ResponseCallback } from '../src/index.js';

let server: RedisServer;

beforeAll(async () => {
  server = await startServer({ unixSocket: true });
});
afterAll(async () => {
  await server?.stop();
});

describe('response callbacks', () => {
  it('a subclass may extend RESPONSE_CALLBACKS; an instance may override one', async () => {
    class Shouting extends StrictRedis<true> {
      static override RESPONSE_CALLBACKS: Readonly<Record<string, ResponseCallback>> = {
        ...StrictRedis.RESPONSE_CALLBACKS,
        ECHO: (reply: RespValue) => String(reply).toUpperCase(),
      };
    }
    await using loud = new Shouting({ host: server.host, port: server.port, decodeResponses: true });
    await using plain = new StrictRedis({ host: server.host, port: server.port, decodeResponses: true });
    expect(await loud.echo('hi')).toBe('HI');
    expect(await plain.echo('hi')).toBe('hi');
    plain.setResponseCallback('echo', (reply, options) => `${String(reply)}:${JSON.stringify(options)}`);
    expect(await plain.echo('hi')).toBe('hi:{}');
    expect(await loud.echo('still')).toBe('STILL');
  });

  it('hands callbacks the call options (SET with get)', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port, decodeResponses: true });
    await r.set('cb:k', 'old');
    expect(await r.set('cb:k', 'new', { get: true })).toBe('old');
    expect(await r.set('cb:k', 'newer')).toBe(true);
    expect(await r.set('cb:k', 'x', { nx: true })).toBeNull();
  });
});

describe('construction', () => {
  it('fromUrl reads the db and the query', async () => {
    await using r = StrictRedis.fromUrl(`redis://${server.host}:${server.port}/5?clientName=from-url`, {
      decodeResponses: true,
    });
    expect(await r.executeCommand('CLIENT GETNAME')).toBe('from-url');
    expect(String((await r.clientInfo()).db)).toBe('5');
  });

  it('connects over a unix socket with unixSocketPath', async () => {
    await using r = new StrictRedis({ unixSocketPath: server.socketPath, decodeResponses: true });
    expect(await r.ping()).toBeTruthy();
    expect(r.connectionPool.connectionClass).toBe(UnixDomainSocketConnection);
  });

  it('takes a ready pool and leaves it open on close()', async () => {
    const pool = new ConnectionPool({ host: server.host, port: server.port });
    const r = new StrictRedis({ connectionPool: pool });
    expect(await r.echo('x')).toEqual(Buffer.from('x'));
    await r.close();
    expect(pool.size).toBe(1);
    await pool.disconnect();
    expect(pool.size).toBe(0);
  });
});

describe('per-call options', () => {
  it('withOptions gives a timeout that works after the command was written', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port, decodeResponses: true });
    await r.set('opt:k', 'v');
    const slow = r.withOptions({ timeout: 0.03 }).executeCommand('EVAL', 'local t = redis.call("TIME") while true do local n = redis.call("TIME") if (n[1]-t[1])*1000000 + (n[2]-t[2]) > 150000 then return 1 end end', 0);
    await expect(slow).rejects.toBeInstanceOf(TimeoutError);
    expect(await r.get('opt:k')).toBe('v');
  });

  it('withOptions takes an AbortSignal; the view shares the pool', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port });
    const controller = new AbortController();
    const view = r.withOptions({ signal: controller.signal });
    expect(view.connectionPool).toBe(r.connectionPool);
    const pending = view.blpop('opt:empty', 1);
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(await r.ping()).toBeTruthy();
  });

  it('runs a blocking command on a connection of its own', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port, decodeResponses: true });
    const popped = r.blpop('opt:list', 5);
    // The shared connection is not blocked by BLPOP.
    expect(await r.echo('free')).toBe('free');
    await r.rpush('opt:list', 'item');
    expect(await popped).toEqual(['opt:list', 'item']);
    expect(r.connectionPool.size).toBe(2);
  });
});
