import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { ConnectionError, TimeoutError } from '@aredis/resp-parser';
import { Connection, ConstantBackoff, Retry, type ReconnectingEvent } from '../src/index.js';

let server: RedisServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

function once<T>(emitter: Connection, event: string): Promise<T> {
  return new Promise((resolve) => emitter.once(event, resolve));
}

describe('given up after it was written', () => {
  it('a timed-out command keeps its FIFO slot: its late reply is dropped, not handed on', async () => {
    await using c = new Connection({ host: server.host, port: server.port, decodeResponses: true });
    await c.send(['SET', 'fault:k', 'value']);
    // BLPOP answers (null) only after 300 ms; the client gives up after 50 ms.
    const slow = c.send(['BLPOP', 'fault:empty', '0.3'], { timeout: 0.05 });
    await expect(slow).rejects.toBeInstanceOf(TimeoutError);
    expect(c.inFlight).toBe(1);
    // Sent after the give-up, answered after BLPOP's late null: must get its own reply.
    expect(await c.send(['GET', 'fault:k'])).toBe('value');
    expect(c.inFlight).toBe(0);
  });

  it('an aborted command after write behaves the same, and a pre-aborted one is not sent', async () => {
    await using c = new Connection({ host: server.host, port: server.port, decodeResponses: true });
    await c.connect();
    const controller = new AbortController();
    const slow = c.send(['BLPOP', 'fault:empty', '0.2'], { signal: controller.signal });
    const next = c.send(['ECHO', 'mine']);
    setTimeout(() => controller.abort(), 20);
    await expect(slow).rejects.toMatchObject({ name: 'AbortError' });
    expect(await next).toBe('mine');
    const aborted = AbortSignal.abort(new Error('never mind'));
    await expect(c.send(['ECHO', 'x'], { signal: aborted })).rejects.toThrow('never mind');
    expect(c.inFlight).toBe(0);
  });

  it('uses the commandTimeout default and one sweep for many commands', async () => {
    await using c = new Connection({ host: server.host, port: server.port, commandTimeout: 0.04, decodeResponses: true });
    await c.connect();
    const blockers = Array.from({ length: 5 }, () => c.send(['BLPOP', 'fault:empty', '0.1']));
    const results = await Promise.allSettled(blockers);
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof TimeoutError)).toBe(true);
    expect(await c.send(['ECHO', 'still fine'], { timeout: 5 })).toBe('still fine');
  });
});

describe('reconnecting', () => {
  it('reconnects after the server restarts and runs the handshake again', async () => {
    const own = await startServer();
    try {
      await using c = new Connection({
        host: own.host,
        port: own.port,
        db: 2,
        clientName: 'survivor',
        decodeResponses: true,
        retry: new Retry(new ConstantBackoff(0.05), 100),
      });
      expect(await c.send(['CLIENT', 'GETNAME'])).toBe('survivor');
      const reconnecting: ReconnectingEvent[] = [];
      c.on('reconnecting', (event: ReconnectingEvent) => reconnecting.push(event));
      const readyAgain = once(c, 'ready');
      await own.restart();
      await readyAgain;
      expect(reconnecting.length).toBeGreaterThan(0);
      expect(await c.send(['CLIENT', 'GETNAME'])).toBe('survivor');
      expect(String(await c.send(['CLIENT', 'INFO']))).toMatch(/ db=2 /);
    } finally {
      await own.stop();
    }
  });

  it('queues commands issued while the server is away, and sends them once it is back', async () => {
    const own = await startServer();
    try {
      await using c = new Connection({
        host: own.host,
        port: own.port,
        decodeResponses: true,
        retry: new Retry(new ConstantBackoff(0.05), 200),
      });
      await c.connect();
      await own.kill();
      await once(c, 'reconnecting');
      const queued = c.send(['ECHO', 'queued']);
      expect(c.queued).toBe(1);
      await own.restart();
      expect(await queued).toBe('queued');
    } finally {
      await own.stop();
    }
  });

  it('fails fast while the server is away when the offline queue is off', async () => {
    const own = await startServer();
    try {
      await using c = new Connection({
        host: own.host,
        port: own.port,
        offlineQueue: false,
        retry: new Retry(new ConstantBackoff(0.05), 200),
      });
      await c.connect();
      await own.kill();
      await once(c, 'reconnecting');
      await expect(c.send(['PING'])).rejects.toMatchObject({ code: 'AREDIS_ERR_CONNECTION' });
    } finally {
      await own.stop();
    }
  });

  it('gives up after the retry budget and fails waiting commands; emits end', async () => {
    const own = await startServer();
    const port = own.port;
    await own.stop();
    await using c = new Connection({ host: '127.0.0.1', port, retry: new Retry(new ConstantBackoff(0.01), 3) });
    const attempts: number[] = [];
    c.on('reconnecting', (e: ReconnectingEvent) => attempts.push(e.attempt));
    const ended = once(c, 'end');
    await expect(c.send(['PING'])).rejects.toMatchObject({ code: 'AREDIS_ERR_CONNECTION' });
    await ended;
    expect(attempts).toEqual([1, 2, 3]);
    expect(c.state).toBe('idle');
  });

  it('bounds the offline queue, and reports each failed attempt as an error event', async () => {
    const own = await startServer();
    const port = own.port;
    await own.stop();
    await using c = new Connection({ host: '127.0.0.1', port, maxOfflineQueue: 2, retry: new Retry(new ConstantBackoff(0.01), 2) });
    const errors: Error[] = [];
    c.on('error', (error: Error) => errors.push(error));
    const first = expect(c.send(['PING'])).rejects.toMatchObject({ code: 'AREDIS_ERR_CONNECTION' });
    const second = expect(c.send(['PING'])).rejects.toMatchObject({ code: 'AREDIS_ERR_CONNECTION' });
    await expect(c.send(['PING'])).rejects.toThrow(/full offline queue/);
    await first;
    await second;
    expect(errors.length).toBe(3); // the first attempt and two retries
  });

  it('times out connecting to a server that never answers', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      await using c = new Connection({ host: '127.0.0.1', port, socketConnectTimeout: 0.1, retry: false });
      await expect(c.connect()).rejects.toBeInstanceOf(TimeoutError);
    } finally {
      silent.close();
    }
  });
});

describe('errors that leave a connection are the library classes', () => {
  async function refusedPort(): Promise<number> {
    const closed: Server = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    return port;
  }

  function expectRefused(error: unknown): void {
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('AREDIS_ERR_CONNECTION');
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  }

  it('connect() with its retries spent rejects with a ConnectionError whose cause is the socket error', async () => {
    const port = await refusedPort();
    await using c = new Connection({ host: '127.0.0.1', port, retry: false });
    expectRefused(await c.connect().catch((error: unknown) => error));
    await using retried = new Connection({ host: '127.0.0.1', port, retry: new Retry(new ConstantBackoff(0.001), 2) });
    expectRefused(await retried.connect().catch((error: unknown) => error));
  });

  it('BLPOP and a MULTI/EXEC with retry: false against a refused port give ConnectionError', async () => {
    const port = await refusedPort();
    await using blocking = new Connection({ host: '127.0.0.1', port, retry: false });
    // The path a dedicated connection takes: connect() first, then the command.
    expectRefused(await blocking.connect().catch((error: unknown) => error));
    expectRefused(await blocking.send(['BLPOP', 'fault:list', '1']).catch((error: unknown) => error));
    await using tx = new Connection({ host: '127.0.0.1', port, retry: false });
    const replies = await Promise.allSettled([tx.send(['MULTI']), tx.send(['SET', 'fault:k', 'v']), tx.send(['EXEC'])]);
    for (const reply of replies) {
      expect(reply.status).toBe('rejected');
      expectRefused((reply as PromiseRejectedResult).reason);
    }
  });
});
