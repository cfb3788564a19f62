import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, startServer, type RedisServer } from '@aredis/testing';
import { DataError, TimeoutError } from '@aredis/resp-parser';
import { Connection, ConstantBackoff, Retry, type ReconnectingEvent } from '../src/index.js';

// Every duration of a connection is seconds (fractions allowed), as in redis-py. These tests
// tell seconds from milliseconds by outcome and by a generous lower bound, never by timing
// anything to the millisecond.

let server: RedisServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('durations are seconds', () => {
  it('socketConnectTimeout 1.5 against a server that never answers fails after about 1.5 s, not 1.5 ms', async () => {
    const silent: Server = createServer(() => undefined); // accepts, never says a word
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      await using c = new Connection({ host: '127.0.0.1', port, socketConnectTimeout: 1.5, retry: false });
      expect(c.options.socketConnectTimeout).toBe(1.5); // the user's value, kept as given
      const started = performance.now();
      const error = await c.connect().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as Error).message).toMatch(/after 1\.5 s/);
      expect(performance.now() - started).toBeGreaterThan(1000);
    } finally {
      silent.close();
    }
  });

  it('send(args, { timeout: 0.2 }) gives up a delayed reply after hundreds of ms', async () => {
    const proxy = await startProxy({ target: { host: server.host, port: server.port } });
    try {
      await using c = new Connection({ host: proxy.host, port: proxy.port, decodeResponses: true });
      await c.connect();
      proxy.setDelay(3000); // the reply comes 3 s later
      const started = performance.now();
      // Rejected (not answered) proves it is not 200 s; the lower bound proves it is not 0.2 ms.
      await expect(c.send(['ECHO', 'late'], { timeout: 0.2 })).rejects.toBeInstanceOf(TimeoutError);
      expect(performance.now() - started).toBeGreaterThan(150);
    } finally {
      await proxy.close();
    }
  });

  it('commandTimeout 0.2 is the default deadline; a per-call timeout overrides it', async () => {
    await using c = new Connection({ host: server.host, port: server.port, commandTimeout: 0.2, decodeResponses: true });
    await c.connect();
    const started = performance.now();
    // The server answers (null) after 0.6 s; the client gives up at 0.2 s.
    await expect(c.send(['BLPOP', 'durations:empty', '0.6'])).rejects.toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeGreaterThan(150);
    // Queued behind that late null, then blocking 0.3 s itself: the 5 s per-call deadline waits.
    expect(await c.send(['BLPOP', 'durations:empty', '0.3'], { timeout: 5 })).toBeNull();
  });

  it('socketTimeout 0.3 drops a silent connection after hundreds of ms', async () => {
    const proxy = await startProxy({ target: { host: server.host, port: server.port } });
    try {
      await using c = new Connection({ host: proxy.host, port: proxy.port, socketTimeout: 0.3, retry: false });
      await c.connect();
      proxy.pause();
      const started = performance.now();
      const error = await c.send(['PING']).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as Error).message).toMatch(/for 0\.3 s/);
      expect(performance.now() - started).toBeGreaterThan(200);
      proxy.resume();
    } finally {
      await proxy.close();
    }
  });

  it("the reconnecting event's delay is the backoff's seconds", async () => {
    const own = await startServer();
    const port = own.port;
    await own.stop();
    await using c = new Connection({ host: '127.0.0.1', port, retry: new Retry(new ConstantBackoff(0.05), 2) });
    const delays: number[] = [];
    c.on('reconnecting', (event: ReconnectingEvent) => delays.push(event.delay));
    await expect(c.connect()).rejects.toMatchObject({ code: 'AREDIS_ERR_CONNECTION' });
    expect(delays).toEqual([0.05, 0.05]);
  });

  it('refuses a negative or non-numeric duration with DataError naming it', () => {
    expect(() => new Connection({ socketTimeout: -1 })).toThrow(/Connection: option 'socketTimeout' must be a number of seconds/);
    // @ts-expect-error: a duration is a number
    expect(() => new Connection({ commandTimeout: '5' })).toThrow(DataError);
    expect(() => new Connection({ healthCheckInterval: Number.NaN })).toThrow(/healthCheckInterval/);
  });

  it('points the old connectTimeout option to socketConnectTimeout', () => {
    // @ts-expect-error: the option is socketConnectTimeout (seconds) now
    expect(() => new Connection({ connectTimeout: 100 })).toThrow(/'connectTimeout'.*'socketConnectTimeout'/);
  });
});
