import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, startServer, waitUntil, type RedisServer, type TcpProxy } from '@aredis/testing';
import { ConnectionError, DataError, Retry, ConstantBackoff, StrictRedis, TimeoutError } from '../../src/index.js';

// Conformance: redis-py's retry_on_timeout / retry_on_error. A command failing with a named
// error goes again, paced and bounded by the `retry` policy; without them, a command that may
// have run is never sent twice (the connection alone re-sends what never reached the server).

let server: RedisServer;
let proxy: TcpProxy;
let admin: StrictRedis<true>;
beforeAll(async () => {
  server = await startServer();
  proxy = await startProxy({ target: { host: server.host, port: server.port } });
  admin = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true });
});
afterAll(async () => {
  await admin?.close();
  await proxy?.close();
  await server?.stop();
});

async function outcome(promise: Promise<unknown>): Promise<{ value?: unknown; error?: Error }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error: error as Error };
  }
}

describe('retryOnTimeout', () => {
  it('sends a timed-out command again by the retry policy (and a timed-out command may have run)', async () => {
    await using r = new StrictRedis<true>({
      host: server.host,
      port: server.port,
      decodeResponses: true,
      commandTimeout: 0.1,
      retryOnTimeout: true,
      retry: new Retry(new ConstantBackoff(0.05), 30),
    });
    await r.ping();
    await admin.executeCommand('CLIENT', 'PAUSE', '400', 'WRITE');
    const value = await r.incr('t:retried');
    // Every attempt written during the pause ran when it ended: at least once, not exactly once.
    const runs = Number(await admin.get('t:retried'));
    expect(runs).toBeGreaterThan(1);
    expect(value).toBe(runs);
  });

  it("is read from a URL too (redis-py's retry_on_timeout)", async () => {
    await using r = StrictRedis.fromUrl(`redis://${server.host}:${server.port}/0?retry_on_timeout=true&commandTimeout=0.1`, {
      retry: new Retry(new ConstantBackoff(0.05), 30),
    });
    await r.ping();
    await admin.executeCommand('CLIENT', 'PAUSE', '300', 'WRITE');
    expect(await r.incr('t:from-url')).toBeGreaterThan(1); // sent again after timing out: it ran more than once
  });

  it('without it, a timed-out command fails with TimeoutError and is not sent again', async () => {
    await using r = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true, commandTimeout: 0.1 });
    await r.ping();
    await admin.executeCommand('CLIENT', 'PAUSE', '300', 'WRITE');
    const { error } = await outcome(r.incr('t:once'));
    expect(error).toBeInstanceOf(TimeoutError);
    await waitUntil('the paused INCR ran', async () => (await admin.get('t:once')) === '1', 5000);
    await admin.executeCommand('CLIENT', 'PAUSE', '50', 'WRITE'); // another pause, to see nothing else comes
    expect(await admin.incr('t:once')).toBe(2);
  });

  it('does not retry a command its caller aborted', async () => {
    await using r = new StrictRedis<true>({
      host: server.host,
      port: server.port,
      decodeResponses: true,
      retryOnTimeout: true,
      retry: new Retry(new ConstantBackoff(0.01), 30),
    });
    await r.ping();
    await admin.executeCommand('CLIENT', 'PAUSE', '300', 'WRITE');
    const controller = new AbortController();
    const incr = r.withOptions({ signal: controller.signal }).incr('t:aborted');
    controller.abort(new TimeoutError('given up by its caller')); // an error retryOnTimeout names
    const { error } = await outcome(incr);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error?.message).toBe('given up by its caller');
    await waitUntil('the aborted INCR ran once', async () => (await admin.get('t:aborted')) === '1', 5000);
    expect(await admin.incr('t:aborted')).toBe(2);
  });
});

describe('retryOnError', () => {
  it('[ConnectionError] sends again a command whose reply was lost, even one that ran', async () => {
    await using r = new StrictRedis<true>({
      host: proxy.host,
      port: proxy.port,
      decodeResponses: true,
      retryOnError: [ConnectionError],
      retry: new Retry(new ConstantBackoff(0.01), 3),
    });
    await r.ping();
    proxy.cutAfter(1); // the INCR runs; its reply is cut after one byte
    expect(await r.incr('e:ran-twice')).toBe(2);
    expect(await admin.get('e:ran-twice')).toBe('2');
  });

  it('without it, that command fails with mayHaveRun: true and runs once', async () => {
    await using r = new StrictRedis<true>({ host: proxy.host, port: proxy.port, decodeResponses: true });
    await r.ping();
    proxy.cutAfter(1);
    const { error } = await outcome(r.incr('e:ran-once'));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).mayHaveRun).toBe(true);
    expect(await admin.get('e:ran-once')).toBe('1');
  });

  it('gives up when the retry budget is spent, with the last error', async () => {
    await using r = new StrictRedis<true>({
      host: proxy.host,
      port: proxy.port,
      decodeResponses: true,
      retryOnError: [ConnectionError],
      retry: new Retry(new ConstantBackoff(0.01), 2),
    });
    await r.ping();
    proxy.refuse(true);
    try {
      proxy.cutAll();
      const { error } = await outcome(r.ping());
      expect(error).toBeInstanceOf(ConnectionError);
    } finally {
      proxy.refuse(false);
    }
  });

  it('options are checked: a typo and a wrong value are DataErrors, and type errors', () => {
    // @ts-expect-error: a typo of retryOnTimeout
    expect(() => new StrictRedis({ retryOnTimeOut: true })).toThrow(/did you mean 'retryOnTimeout'/);
    // @ts-expect-error: not a boolean
    expect(() => new StrictRedis({ retryOnTimeout: 'yes' })).toThrow(DataError);
    // @ts-expect-error: not an array of classes
    expect(() => new StrictRedis({ retryOnError: 'ConnectionError' })).toThrow(/retryOnError/);
  });
});
