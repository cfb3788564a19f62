import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSentinel, waitUntil, type RedisSentinelSet } from '@aredis/testing';
import { DataError, type StrictRedis } from '@aredis/client';
import { Sentinel } from '../src/index.js';
import { portOf } from './traffic.js';

const NAME = 'cached';
let set: RedisSentinelSet;
let sentinel: Sentinel;

beforeAll(async () => {
  set = await startSentinel({ replicas: 1, sentinels: 3, masterName: NAME });
  sentinel = new Sentinel(set.sentinelAddresses);
}, 60_000);

afterAll(async () => {
  await sentinel?.close();
  await set?.stop();
});

it('a sentinel-managed client caches reads, and a failover flushes the cache before the new master serves it', async () => {
  await using cached = sentinel.masterFor(NAME, { decodeResponses: true, clientSideCache: { maxEntries: 10 } });
  await using other = sentinel.masterFor(NAME, { decodeResponses: true });
  await other.set('csc:s', 'one');
  expect(await cached.get('csc:s')).toBe('one');
  expect(await cached.get('csc:s')).toBe('one');
  expect(cached.clientSideCache?.stats()).toMatchObject({ hits: 1, misses: 1, size: 1 });
  await other.set('csc:s', 'two');
  await waitUntil('the invalidation', async () => (await cached.get('csc:s')) === 'two', 5000, 1);

  const flushes = cached.clientSideCache?.stats().flushes ?? 0;
  const after = await set.failover();
  await waitUntil('the cached client on the new master', async () => {
    await cached.get('csc:s').catch(() => undefined);
    return portOf(cached as StrictRedis<boolean>) === after.port;
  }, 20_000);
  expect(cached.clientSideCache?.stats().flushes ?? 0).toBeGreaterThan(flushes);
  await waitUntil('the writer on the new master', async () => {
    await other.set('csc:s', 'three').catch(() => undefined);
    return portOf(other as StrictRedis<boolean>) === after.port;
  }, 20_000);
  await waitUntil('the write on the new master is seen', async () => (await cached.get('csc:s').catch(() => undefined)) === 'three', 5000, 1);
  expect(cached.clientSideCache?.stats().size).toBe(1);
}, 60_000);

it('refuses protocol 2 and a misspelt cache option', () => {
  expect(() => sentinel.masterFor(NAME, { protocol: 2, clientSideCache: {} })).toThrow(/RESP3/);
  expect(() => sentinel.masterFor(NAME, { clientSideCache: { maxEntrys: 1 } as never })).toThrow(DataError);
});
