import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandCalls, startServer, waitUntil, type RedisServer } from '@aredis/testing';
import { StrictRedis } from '@aredis/client';
import { DataError } from '@aredis/resp-parser';
import { HerdCache } from '../src/index.js';

// HerdCache against a real server: one caller computes, the others wait or get the stale value.

let server: RedisServer;
let r: StrictRedis;
beforeAll(async () => {
  server = await startServer();
  r = new StrictRedis({ port: server.port });
});
afterAll(async () => {
  await r?.close();
  await server?.stop();
});

/** A promise and the function that resolves it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Waits (without timing) until the entry went stale: its staleAt is at most `expire` seconds away. */
async function untilStale(expire: number): Promise<void> {
  const end = Date.now() + expire * 1000 + 1;
  while (Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe('HerdCache', () => {
  it('computes once for 100 concurrent callers on a cold cache (separate caches and clients: the Redis lock decides)', async () => {
    const clients = Array.from({ length: 4 }, () => new StrictRedis({ port: server.port }));
    const caches = Array.from({ length: 100 }, (_, i) => new HerdCache<number>(clients[i % 4]!, 'cold', { pollInterval: 0.005 }));
    let computed = 0;
    const computing = gate();
    const setCalls = () => commandCalls(server, 'set');
    const before = await setCalls();
    const results = caches.map((cache) =>
      cache.getOrSet('answer', async () => {
        computed++;
        await computing.promise;
        return 42;
      }, { expire: 60, param: { q: 'life' } }),
    );
    // Every caller reached Redis: the server counted their 100 lock attempts (SET NX).
    await waitUntil('every caller tried the lock', async () => (await setCalls()) >= before + 100, 10_000, 2);
    computing.open();
    expect(await Promise.all(results)).toEqual(Array(100).fill(42));
    expect(computed).toBe(1);
    await Promise.all(clients.map((c) => c.close()));
  });

  it('computes once for 100 concurrent callers of one cache, and not again while fresh', async () => {
    const cache = r.herdCache<string>('one');
    let computed = 0;
    const compute = async (): Promise<string> => {
      computed++;
      await Promise.resolve();
      return 'v';
    };
    const results = await Promise.all(Array.from({ length: 100 }, () => cache.getOrSet('k', compute, { expire: 60 })));
    expect(new Set(results)).toEqual(new Set(['v']));
    expect(await cache.getOrSet('k', compute)).toBe('v');
    expect(computed).toBe(1);
  });

  it('serves the stale value to every caller but one while that one recomputes', async () => {
    const caches = Array.from({ length: 100 }, () => new HerdCache<string>(r, 'stale', { herdTimeout: 60 }));
    await caches[0]!.set('page', 'old', { expire: 0.005 });
    await untilStale(0.005);
    const ttl = await caches[0]!.ttl('page');
    expect(ttl).toBeGreaterThan(1); // seconds: kept herdTimeout (60 s) longer than its freshness (5 ms)
    let computed = 0;
    const computing = gate();
    const started = gate();
    const results = caches.map((cache) =>
      cache.getOrSet('page', async () => {
        computed++;
        started.open();
        await computing.promise;
        return 'new';
      }, { expire: 60 }),
    );
    // The 99 others answer with the stale value while the computation is held (were they to
    // wait for it, this would never resolve and the test would time out).
    const values: string[] = [];
    const ninetyNine = gate();
    for (const result of results) {
      void result.then((value) => {
        values.push(value);
        if (values.length === 99) ninetyNine.open();
      });
    }
    await ninetyNine.promise;
    await started.promise;
    expect(values).toEqual(Array(99).fill('old'));
    expect(computed).toBe(1);
    computing.open();
    await Promise.all(results);
    expect(values[99]).toBe('new');
    expect(await caches[5]!.get('page')).toBe('new');
  });

  it("get(): null for the one caller that should recompute, the stale value for the rest, fresh after set()", async () => {
    const cache = new HerdCache<number>(r, 'manual', { herdTimeout: 60 });
    expect(await cache.get('n')).toBeNull();
    await cache.set('n', 1, { expire: 0.005 }); // fresh for 5 ms: too short to look at on a busy machine
    await untilStale(0.005);
    const answers = await Promise.all(Array.from({ length: 10 }, () => cache.get('n')));
    expect(answers.filter((a) => a === null)).toHaveLength(1);
    expect(answers.filter((a) => a === 1)).toHaveLength(9);
    await cache.set('n', 2, { expire: 60 });
    expect(await cache.get('n')).toBe(2);
    expect(await r.exists('manual:n:herd')).toBe(0); // set() freed the lock
  });

  it('a failed computation frees the lock so that the next caller computes', async () => {
    const cache = r.herdCache<number>('fails');
    await expect(cache.getOrSet('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.getOrSet('k', () => 7)).toBe(7);
    await expect(cache.getOrSet('k', 'nope' as unknown as () => number)).rejects.toThrow(DataError);
  });

  it('works on a client that decodes responses (text stored form), compressed values too', async () => {
    const text = new StrictRedis({ port: server.port, decodeResponses: true });
    const cache = text.herdCache<string[]>('text', { compressThreshold: 10, herdTimeout: 60 });
    const long = Array.from({ length: 50 }, () => 'same words again');
    expect(await cache.getOrSet('list', () => long, { expire: 0.005 })).toEqual(long);
    expect(String(await text.get(cache.identityOf('list')))).toMatch(/^\d+\|Z/);
    await untilStale(0.005);
    expect(await cache.get('list')).toBeNull(); // elected to recompute
    expect(await cache.get('list')).toEqual(long); // the rest get the stale value
    await text.close();
  });
});
