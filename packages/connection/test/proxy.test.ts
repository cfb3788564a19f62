import { describe, expect, it } from 'vitest';
import { ConnectionError, TimeoutError } from '@aredis/resp-parser';
import { proxiedServer, until } from './helpers.js';

const fixture = proxiedServer();
const viaProxy = fixture.viaProxy;

describe('through the fault-injecting proxy', () => {
  it('timeouts after write never mis-pair replies, with slow replies in flight', async () => {
    await using c = viaProxy();
    const n = 60;
    await Promise.all(Array.from({ length: n }, (_, i) => c.send(['SET', `proxy:k${i}`, `v${i}`])));
    fixture.proxy.setDelay(80);
    // Every third command gives up long before its (delayed) reply comes.
    const calls = Array.from({ length: n }, (_, i) =>
      c.send(['GET', `proxy:k${i}`], i % 3 === 0 ? { timeout: 0.02 } : undefined),
    );
    const results = await Promise.allSettled(calls);
    for (let i = 0; i < n; i++) {
      const result = results[i]!;
      if (i % 3 === 0) {
        expect(result.status).toBe('rejected');
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(TimeoutError);
      } else {
        expect(result).toEqual({ status: 'fulfilled', value: `v${i}` });
      }
    }
    // Commands sent after the give-ups still get their own replies.
    fixture.proxy.setDelay(0);
    expect(await c.send(['GET', 'proxy:k1'])).toBe('v1');
    expect(c.inFlight).toBe(0);
  });

  it('an abort after write while the link is paused drops only that reply', async () => {
    await using c = viaProxy();
    await c.send(['SET', 'proxy:a', 'A']);
    await c.send(['SET', 'proxy:b', 'B']);
    fixture.proxy.pause();
    const controller = new AbortController();
    const first = c.send(['GET', 'proxy:a'], { signal: controller.signal });
    const second = c.send(['GET', 'proxy:b']);
    await until(() => c.inFlight === 2 && c.unsent === 0); // both are written (the socket took them)
    controller.abort();
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    fixture.proxy.resume();
    expect(await second).toBe('B');
  });

  it('a cut connection fails its in-flight commands, reconnects and serves again', async () => {
    await using c = viaProxy({ db: 6, clientName: 'cut-me' });
    await c.connect();
    fixture.proxy.pause();
    const inFlight = c.send(['ECHO', 'lost']);
    await until(() => c.inFlight === 1 && c.unsent === 0); // written: it may have run, so it is not re-sent
    const ready = new Promise((resolve) => c.once('ready', resolve));
    fixture.proxy.cutAll();
    fixture.proxy.resume();
    await expect(inFlight).rejects.toBeInstanceOf(ConnectionError);
    await ready;
    expect(await c.send(['CLIENT', 'GETNAME'])).toBe('cut-me');
    expect(String(await c.send(['CLIENT', 'INFO']))).toMatch(/ db=6 /);
    expect(fixture.proxy.totalConnections).toBe(2);
  });

  it('keeps retrying while connections are refused, and recovers when they are accepted', async () => {
    await using c = viaProxy();
    await c.connect();
    fixture.proxy.refuse(true);
    let attempts = 0;
    c.on('reconnecting', () => {
      attempts++;
      if (attempts === 3) fixture.proxy.refuse(false);
    });
    const reconnecting = new Promise((resolve) => c.once('reconnecting', resolve));
    fixture.proxy.cutAll();
    await reconnecting;
    // Issued while the server is unreachable: waits in the offline queue.
    expect(await c.send(['ECHO', 'back'])).toBe('back');
    expect(attempts).toBeGreaterThanOrEqual(3);
  });

  it('socketTimeout drops a connection whose server went silent, then reconnects', async () => {
    await using c = viaProxy({ socketTimeout: 0.1 });
    await c.connect();
    fixture.proxy.pause();
    const silent = c.send(['ECHO', 'silence']);
    await expect(silent).rejects.toBeInstanceOf(TimeoutError);
    fixture.proxy.resume();
    expect(await c.send(['ECHO', 'again'])).toBe('again');
  });
});
