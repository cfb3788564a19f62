import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { StrictRedis } from '@aredis/client';
import { DataError } from '@aredis/resp-parser';
import { Cache, CacheError, defaultIdentity, type CacheClient, type Compressor } from '../src/index.js';

// Cache against a real server, with a client giving Buffers and one decoding to strings.

let server: RedisServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** A zlib-like compressor that counts its calls (to see when compression applies). */
class CountingCompressor implements Compressor {
  compressed = 0;
  decompressed = 0;
  compress(data: Buffer): Buffer {
    this.compressed++;
    return Buffer.from(data.toString('latin1').replace(/(.)\1+/g, (run, ch: string) => `${ch}~${run.length}~`), 'latin1');
  }
  decompress(data: Buffer): Buffer {
    this.decompressed++;
    return Buffer.from(data.toString('latin1').replace(/(.)~(\d+)~/g, (_m, ch: string, n: string) => ch.repeat(Number(n))), 'latin1');
  }
}

describe('StrictRedis satisfies CacheClient', () => {
  it('type checks both decoding modes', () => {
    const clients: CacheClient[] = [new StrictRedis({ port: server.port }), new StrictRedis({ port: server.port, decodeResponses: true })];
    expect(clients).toHaveLength(2);
  });
});

for (const decodeResponses of [false, true]) {
  describe(`Cache (decodeResponses: ${decodeResponses})`, () => {
    let r: StrictRedis<boolean>;
    beforeAll(() => {
      r = new StrictRedis({ port: server.port, decodeResponses, db: decodeResponses ? 1 : 0 });
    });
    afterAll(async () => {
      await r.close();
    });

    it('sets and gets JSON values by key and param; missing is null', async () => {
      const cache = r.cache<{ n: number; tags: string[] }>('app');
      await cache.set('user', { n: 1, tags: ['a'] }, { param: { id: 7, lang: 'en' } });
      expect(await cache.get('user', { param: { lang: 'en', id: 7 } })).toEqual({ n: 1, tags: ['a'] });
      expect(await cache.get('user', { param: { id: 8, lang: 'en' } })).toBeNull();
      expect(await cache.get('user')).toBeNull();
      expect(await cache.exists('user', { param: { id: 7, lang: 'en' } })).toBe(true);
      const identity = cache.identityOf('user', { param: { id: 7, lang: 'en' } });
      expect(identity).toMatch(/^app:user:[0-9a-f]{32}$/);
      expect(identity).toBe(defaultIdentity.generate('app', 'user', { lang: 'en', id: 7 }));
      expect(await r.exists(identity)).toBe(1);
      expect(await cache.delete('user', { param: { id: 7, lang: 'en' } })).toBe(1);
      expect(await cache.exists('user', { param: { id: 7, lang: 'en' } })).toBe(false);
    });

    it('expire and ttl are seconds (fractions allowed); -1 without expiry, -2 when absent', async () => {
      const cache = r.cache('ttl');
      await cache.set('short', 'v', { expire: 60 });
      const ttl = await cache.ttl('short');
      expect(ttl).toBeGreaterThan(50); // seconds, not ms: 60 s, not 60 ms
      expect(ttl).toBeLessThanOrEqual(60);
      expect(await r.pttl('ttl:short')).toBeGreaterThan(50_000);
      await cache.set('half', 'v', { expire: 1.5 });
      expect(await r.pttl('ttl:half')).toBeGreaterThan(1000);
      expect(await cache.ttl('half')).toBeLessThanOrEqual(1.5);
      await cache.set('forever', 'v');
      expect(await cache.ttl('forever')).toBe(-1);
      expect(await cache.ttl('nothing')).toBe(-2);
      await expect(cache.set('bad', 'v', { expire: 0 })).rejects.toThrow(DataError);
      await expect(cache.set('bad', 'v', { expire: -1 })).rejects.toThrow(/'expire'/);
      await expect(cache.set('bad', 'v', { expire: 0.0001 })).rejects.toThrow(/at least 0\.001/);
    });

    it('compresses payloads above the threshold only, reversibly (zlib by default)', async () => {
      const cache = r.cache<string>('zip', { compressThreshold: 100 });
      const big = 'x'.repeat(10_000);
      await cache.set('big', big);
      await cache.set('small', 'tiny');
      const storedBig = await r.get(cache.identityOf('big'));
      const storedSmall = await r.get(cache.identityOf('small'));
      expect(storedBig!.length).toBeLessThan(1000);
      expect(String(storedSmall)).toBe('="tiny"');
      expect(await cache.get('big')).toBe(big);
      expect(await cache.get('small')).toBe('tiny');
      // A cache with compression off still reads what was compressed? No: it says so.
      const plain = r.cache<string>('zip', { compressor: null });
      await expect(plain.get('big')).rejects.toThrow(CacheError);
      expect(await plain.get('small')).toBe('tiny');
    });

    it('takes a pluggable compressor and serializer', async () => {
      const compressor = new CountingCompressor();
      const cache = r.cache<Map<string, number>>('plug', {
        compressor,
        compressThreshold: 10,
        serializer: {
          serialize: (map) => JSON.stringify([...map]) + ' '.repeat(50),
          deserialize: (data) => new Map(JSON.parse(data.toString()) as [string, number][]),
        },
      });
      await cache.set('m', new Map([['a', 1]]));
      expect(compressor.compressed).toBe(1);
      expect(await cache.get('m')).toEqual(new Map([['a', 1]]));
      expect(compressor.decompressed).toBe(1);
      const raw = r.cache<Buffer | string>('raw', { serializer: null, compressor: null });
      await raw.set('b', 'text');
      expect(String(await raw.get('b'))).toBe('text');
      await expect(raw.set('x', 5 as unknown as string)).rejects.toThrow(CacheError);
    });

    it('setMany stores every entry with one expiry', async () => {
      const cache = r.cache<number>('many');
      await cache.setMany({ a: 1, b: 2 }, { expire: 30 });
      await cache.setMany([['c', 3]]);
      expect([await cache.get('a'), await cache.get('b'), await cache.get('c')]).toEqual([1, 2, 3]);
      expect(await cache.ttl('a')).toBeGreaterThan(0);
    });

    it("deletePattern deletes the matching entries of this cache only, even with glob characters in its name", async () => {
      const cache = r.cache<number>('dp[1]');
      const other = r.cache<number>('dp-other');
      await cache.setMany(Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`user:${i}`, i])));
      await cache.set('session:1', 1);
      await other.set('user:1', 1);
      expect(await cache.deletePattern('user:*', { count: 50 })).toBe(120);
      expect(await cache.get('user:5')).toBeNull();
      expect(await cache.get('session:1')).toBe(1);
      expect(await other.get('user:1')).toBe(1);
    });

    it('rejects values it did not write', async () => {
      const cache = r.cache('foreign');
      await r.set(cache.identityOf('k'), 'not a cache value');
      await expect(cache.get('k')).rejects.toThrow(CacheError);
    });
  });
}

describe('Cache with a binary serializer on a decoding client', () => {
  it('stores binary payloads base64 so that they survive', async () => {
    const r = new StrictRedis({ port: server.port, decodeResponses: true, db: 3 });
    const cache = r.cache<Buffer>('bin', {
      serializer: { serialize: (b) => b, deserialize: (d) => d },
    });
    const bytes = Buffer.from([0, 200, 255, 10, 13]);
    await cache.set('b', bytes);
    expect(String(await r.get(cache.identityOf('b')))).toMatch(/^b/);
    expect(await cache.get('b')).toEqual(bytes);
    const direct = new Cache<Buffer>(r, 'bin', { binarySafe: true, serializer: { serialize: (b) => b, deserialize: (d) => d } });
    expect(direct.name).toBe('bin');
    await r.close();
  });
});

describe('cache options are checked', () => {
  it('an unknown key is a DataError naming the nearest known one, on the cache and on every entry call', async () => {
    const r = new StrictRedis({ port: server.port });
    try {
      // @ts-expect-error: a typo of compressThreshold
      expect(() => r.cache('o', { compressTreshold: 10 })).toThrow(/Cache: unknown option 'compressTreshold' \(did you mean 'compressThreshold'\?\)/);
      // @ts-expect-error: herdTimeout is HerdCache's
      expect(() => new Cache(r, 'o', { herdTimeout: 1 })).toThrow(/Cache: unknown option 'herdTimeout'/);
      const cache = r.cache('o');
      // @ts-expect-error: a typo of expire
      await expect(cache.set('k', 1, { expires: 5 })).rejects.toThrow(/cache\.set: unknown option 'expires' \(did you mean 'expire'\?\)/);
      // @ts-expect-error: a typo of param
      await expect(cache.get('k', { params: 1 })).rejects.toThrow(/cache\.get: unknown option 'params'/);
      // @ts-expect-error: get takes no expire
      await expect(cache.get('k', { expire: 1 })).rejects.toThrow(/cache\.get: unknown option 'expire'/);
      // @ts-expect-error: a typo of count
      await expect(cache.deletePattern('*', { cout: 5 })).rejects.toThrow(/did you mean 'count'/);
      expect(await r.exists('o:k')).toBe(0); // nothing was written
      const herd = r.herdCache('h');
      // @ts-expect-error: a typo of herdTimeout
      await expect(herd.getOrSet('k', () => 1, { herdTimout: 1 })).rejects.toThrow(/did you mean 'herdTimeout'/);
      // @ts-expect-error: a typo of pollInterval
      expect(() => r.herdCache('h', { pollIntervall: 1 })).toThrow(/HerdCache: unknown option 'pollIntervall'/);
    } finally {
      await r.close();
    }
  });
});
