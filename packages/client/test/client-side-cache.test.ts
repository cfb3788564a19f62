import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandCalls, startServer, waitUntil, type RedisServer } from '@aredis/testing';
import { StrictRedis, DataError } from '../src/index.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const at = () => ({ host: server.host, port: server.port });

/** How many times the server ran `command` since the last CONFIG RESETSTAT. */
const calls = (command: string): Promise<number> => commandCalls(server, command);

describe('clientSideCache (RESP3 tracking)', () => {
  it('100 GETs of a cached key reach the server once; a write by another client is seen by the next read', async () => {
    await using r = new StrictRedis({ ...at(), protocol: 3, decodeResponses: true, clientSideCache: { maxEntries: 100 } });
    await using other = new StrictRedis({ ...at(), decodeResponses: true });
    await other.set('csc:a', 'one');
    await other.configResetstat();
    for (let i = 0; i < 100; i++) expect(await r.get('csc:a')).toBe('one');
    expect(await calls('get')).toBe(1);
    expect(r.clientSideCache?.stats()).toMatchObject({ hits: 99, misses: 1, size: 1 });
    await other.set('csc:a', 'two');
    await waitUntil('the invalidation', async () => (await r.get('csc:a')) === 'two', 5000, 1);
    expect(await calls('get')).toBe(2);
    // this client's own write invalidates before its reply arrives: the next read is fresh
    await r.set('csc:a', 'three');
    expect(await r.get('csc:a')).toBe('three');
    await other.flushdb();
  });

  it('MGET, HGETALL and SMEMBERS are cached per call and dropped when any of their keys changes', async () => {
    await using r = new StrictRedis({ ...at(), protocol: 3, decodeResponses: true, clientSideCache: {} });
    await using other = new StrictRedis({ ...at(), decodeResponses: true });
    await other.mset({ 'csc:m1': 'a', 'csc:m2': 'b' });
    await other.hset('csc:h', { f: 'v' });
    await other.sadd('csc:s', 'x');
    for (let i = 0; i < 3; i++) {
      expect(await r.mget('csc:m1', 'csc:m2')).toEqual(['a', 'b']);
      expect(await r.hgetall('csc:h')).toEqual({ f: 'v' });
      expect(await r.smembers('csc:s')).toEqual(['x']);
    }
    expect(r.clientSideCache?.stats()).toMatchObject({ hits: 6, misses: 3, size: 3 });
    const held = await r.hgetall('csc:h');
    (held as Record<string, string>).f = 'changed by the caller';
    expect(await r.hgetall('csc:h')).toEqual({ f: 'v' }); // a copy each time
    await other.set('csc:m2', 'B');
    await waitUntil('the MGET invalidated', async () => (await r.mget('csc:m1', 'csc:m2'))[1] === 'B', 5000, 1);
    expect(r.clientSideCache?.stats().invalidations).toBeGreaterThanOrEqual(1);
    // a view with cache: false goes to the server; a binary view keeps its own entry
    const aborted = AbortSignal.abort();
    await expect(r.withOptions({ signal: aborted }).mget('csc:m1', 'csc:m2')).rejects.toThrow(); // not answered from the cache
    const binary = await r.withOptions({ decodeResponses: false }).get('csc:m1');
    expect(Buffer.isBuffer(binary)).toBe(true);
    await other.flushdb();
    await waitUntil('FLUSHDB flushes the cache', async () => r.clientSideCache?.stats().size === 0, 5000, 1);
  });

  it('evicts the least recently used entry past maxEntries, and forgets entries after ttl', async () => {
    await using r = new StrictRedis({ ...at(), protocol: 3, decodeResponses: true, clientSideCache: { maxEntries: 2, ttl: 0.05 } });
    await using other = new StrictRedis({ ...at(), decodeResponses: true });
    await other.mset({ 'csc:e1': '1', 'csc:e2': '2', 'csc:e3': '3' });
    await r.get('csc:e1');
    await r.get('csc:e2');
    await r.get('csc:e1'); // e2 is now the least recently used
    await r.get('csc:e3');
    const stats = r.clientSideCache?.stats();
    expect(stats).toMatchObject({ evictions: 1, size: 2, hits: 1 });
    await waitUntil('the ttl passes', async () => {
      const before = r.clientSideCache?.stats().misses ?? 0;
      await r.get('csc:e1');
      return (r.clientSideCache?.stats().misses ?? 0) > before;
    }, 5000, 10);
    await other.flushdb();
  });

  it('CLIENT KILL of its connection flushes the cache and tracking resumes after the reconnect', async () => {
    await using r = new StrictRedis({ ...at(), protocol: 3, decodeResponses: true, clientSideCache: {}, clientName: 'csc-kill' });
    await using other = new StrictRedis({ ...at(), decodeResponses: true });
    await other.set('csc:k', 'before');
    await r.get('csc:k');
    expect(await r.get('csc:k')).toBe('before');
    expect(r.clientSideCache?.stats().size).toBe(1);
    const flushes = r.clientSideCache?.stats().flushes ?? 0;
    await other.executeCommand('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
    await waitUntil('the loss flushes', async () => (r.clientSideCache?.stats().flushes ?? 0) > flushes, 5000, 1);
    expect(r.clientSideCache?.stats().size).toBe(0);
    await other.set('csc:k', 'after'); // written while no invalidation could reach the old connection
    expect(await r.get('csc:k')).toBe('after');
    expect(await r.get('csc:k')).toBe('after');
    const cachingClient = (await other.clientList()).find((c) => c.name === 'csc-kill');
    expect(cachingClient?.flags).toContain('t'); // CLIENT TRACKING is on again on the new connection
    await other.set('csc:k', 'again');
    await waitUntil('tracked again after the reconnect', async () => (await r.get('csc:k')) === 'again', 5000, 1);
    await other.flushdb();
  });

  it('a server restart flushes the cache', async () => {
    const own = await startServer();
    try {
      await using r = new StrictRedis({ host: own.host, port: own.port, protocol: 3, decodeResponses: true, clientSideCache: {} });
      await r.set('csc:r', 'old');
      await r.get('csc:r');
      expect(await r.get('csc:r')).toBe('old');
      await own.restart(); // the data set starts empty
      await waitUntil('the loss flushes', async () => r.clientSideCache?.stats().size === 0, 5000, 1);
      expect(await r.get('csc:r')).toBeNull();
    } finally {
      await own.stop();
    }
  });

  it("OPTIN tracks and keeps only the reads of a withOptions({ cache: true }) view", async () => {
    await using r = new StrictRedis({ ...at(), protocol: 3, decodeResponses: true, clientSideCache: { mode: 'optin' } });
    await using other = new StrictRedis({ ...at(), decodeResponses: true });
    await other.mset({ 'csc:o1': '1', 'csc:o2': '2' });
    const cached = r.withOptions({ cache: true });
    await cached.get('csc:o1');
    await r.get('csc:o2');
    expect(r.clientSideCache?.stats()).toMatchObject({ size: 1, misses: 1 });
    expect(await cached.get('csc:o1')).toBe('1');
    expect(r.clientSideCache?.stats().hits).toBe(1);
    expect((await other.clientList()).some((c) => String(c.flags).includes('t'))).toBe(true);
    await other.set('csc:o1', 'new');
    await waitUntil('the opted-in key invalidated', async () => (await cached.get('csc:o1')) === 'new', 5000, 1);
    await other.flushdb();
  });

  it('BCAST with prefixes caches reads under them and hears every write there', async () => {
    await using r = new StrictRedis({ ...at(), protocol: 3, decodeResponses: true, clientSideCache: { mode: 'bcast', prefixes: ['csc:b:'] } });
    await using other = new StrictRedis({ ...at(), decodeResponses: true });
    await other.mset({ 'csc:b:1': 'x', 'csc:other': 'y' });
    await r.get('csc:b:1');
    await r.get('csc:other'); // outside the prefixes: not cached, not counted
    expect(r.clientSideCache?.stats()).toMatchObject({ size: 1, misses: 1 });
    expect(await r.get('csc:b:1')).toBe('x');
    const invalidations = r.clientSideCache?.stats().invalidations ?? 0;
    await other.set('csc:b:1', 'z');
    await waitUntil('broadcast invalidation', async () => (r.clientSideCache?.stats().invalidations ?? 0) > invalidations, 5000, 1);
    expect(await r.get('csc:b:1')).toBe('z');
    await other.flushdb();
  });

  it('blocking commands and pipelines bypass the cache', async () => {
    await using r = new StrictRedis({ ...at(), protocol: 3, decodeResponses: true, clientSideCache: {} });
    await r.set('csc:p', 'v');
    await r.pipeline().get('csc:p').get('csc:p').execute();
    expect(r.clientSideCache?.stats()).toMatchObject({ hits: 0, misses: 0, size: 0 });
    await r.rpush('csc:l', 'a');
    expect(await r.blpop(['csc:l'], 1)).toEqual(['csc:l', 'a']);
    expect(r.clientSideCache?.stats().size).toBe(0);
    await r.flushdb();
  });

  it('says why nothing is cached when the server refuses CLIENT TRACKING (an ACL), and still answers every read', async () => {
    await using admin = new StrictRedis({ ...at(), decodeResponses: true });
    await admin.aclSetuser('csc-no-tracking', { enabled: true, passwords: ['+csc-pw'], keys: ['*'], channels: ['*'], categories: ['+all'], commands: ['-client|tracking'] });
    await using r = new StrictRedis({ ...at(), protocol: 3, decodeResponses: true, username: 'csc-no-tracking', password: 'csc-pw', clientSideCache: {} });
    await admin.set('csc:acl', 'v');
    expect(await r.get('csc:acl')).toBe('v');
    await waitUntil('the refusal noted', async () => r.clientSideCache?.notTracking !== undefined, 5000, 1);
    expect(r.clientSideCache?.notTracking).toMatch(/^CLIENT TRACKING ON failed: .*(NOPERM|permission)/i);
    expect(r.clientSideCache?.notTracking).not.toContain('csc-pw');
    await admin.configResetstat();
    expect(await r.get('csc:acl')).toBe('v');
    expect(await r.get('csc:acl')).toBe('v');
    expect(await calls('get')).toBe(2); // nothing served from a cache the server does not keep exact
    expect(r.clientSideCache?.stats()).toMatchObject({ hits: 0, size: 0 });
    // A client the server tracks has nothing to report.
    await using tracked = new StrictRedis({ ...at(), protocol: 3, decodeResponses: true, clientSideCache: {} });
    expect(await tracked.get('csc:acl')).toBe('v');
    expect(tracked.clientSideCache?.notTracking).toBeUndefined();
    await admin.aclDeluser('csc-no-tracking');
    await admin.flushdb();
  });

  it('refuses protocol 2, more than one shared connection and unknown keys, naming the nearest', () => {
    expect(() => new StrictRedis({ ...at(), protocol: 2, clientSideCache: {} })).toThrow(/needs RESP3/);
    expect(() => new StrictRedis({ ...at(), sharedConnections: 2, clientSideCache: {} })).toThrow(DataError);
    expect(() => new StrictRedis({ ...at(), clientSideCache: { maxEntry: 5 } as never })).toThrow(/maxEntry.*maxEntries/);
    expect(() => new StrictRedis({ ...at(), clientSideCache: { mode: 'sometimes' } as never })).toThrow(DataError);
    expect(() => new StrictRedis({ ...at(), clientSideCache: { prefixes: ['a'] } })).toThrow(/bcast/);
    expect(() => new StrictRedis({ ...at(), clientSideCache: { ttl: -1 } })).toThrow(/ttl/);
    const r = new StrictRedis({ ...at() });
    expect(() => r.withOptions({ cache: 'yes' as never })).toThrow(DataError);
  });
});
