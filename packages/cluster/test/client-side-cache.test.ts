import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, waitUntil, type RedisCluster } from '@aredis/testing';
import { DataError, StrictRedis } from '@aredis/client';
import { StrictRedisCluster, keySlot, nodeKey } from '../src/index.js';
import { keysServedBy } from './helpers.js';

let cluster: RedisCluster;
beforeAll(async () => {
  cluster = await startCluster({ masters: 3 });
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

describe('clientSideCache on the cluster client (one cache a node)', () => {
  it('reads of keys on different nodes are cached by their node, invalidated by writes, flushed per node on a kill', async () => {
    await using c = new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true, clientSideCache: { maxEntries: 100 } });
    await using other = new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true });
    const [first, second] = cluster.masters();
    const [a] = await keysServedBy(c, first!, 'csc:a', 1);
    const [b] = await keysServedBy(c, second!, 'csc:b', 1);
    await other.set(a!, 'A');
    await other.set(b!, 'B');
    await using nodeA = new StrictRedis({ host: first!.host, port: first!.port, decodeResponses: true });
    await nodeA.configResetstat();
    for (let i = 0; i < 50; i++) {
      expect(await c.get(a!)).toBe('A');
      expect(await c.get(b!)).toBe('B');
    }
    const stats = (await nodeA.info('commandstats')) as Record<string, { calls?: number } | undefined>;
    expect(stats.cmdstat_get?.calls).toBe(1);
    const keyA = nodeKey(first!.host, first!.port);
    const keyB = nodeKey(second!.host, second!.port);
    expect(c.clientSideCache?.stats(keyA)).toMatchObject({ hits: 49, misses: 1, size: 1 });
    expect(c.clientSideCache?.stats()).toMatchObject({ hits: 98, misses: 2, size: 2 });
    await other.set(a!, 'A2');
    await waitUntil('the node invalidates', async () => (await c.get(a!)) === 'A2', 5000, 1);
    // CLIENT KILL on the first node: only that node's cache is flushed
    await nodeA.executeCommand('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
    await waitUntil('the lost node flushes', async () => c.clientSideCache?.stats(keyA).size === 0, 5000, 1);
    expect(c.clientSideCache?.stats(keyB).size).toBe(1);
    await other.set(a!, 'A3');
    expect(await c.get(a!)).toBe('A3');
    expect(keySlot(a!)).not.toBe(keySlot(b!));
    await other.flushall();
  });

  it("mode 'optin' keeps only the reads of a withOptions({ cache: true }) view", async () => {
    await using c = new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true, clientSideCache: { mode: 'optin' } });
    await c.set('csc:o1', '1');
    await c.set('csc:o2', '2');
    const opted = c.withOptions({ cache: true });
    expect(await opted.get('csc:o1')).toBe('1');
    expect(await opted.get('csc:o1')).toBe('1');
    expect(await c.get('csc:o2')).toBe('2');
    expect(c.clientSideCache?.stats()).toMatchObject({ hits: 1, misses: 1, size: 1 });
    await c.set('csc:o1', 'new');
    await waitUntil('the opted-in read invalidated', async () => (await opted.get('csc:o1')) === 'new', 5000, 1);
    await c.flushall();
  });

  it('refuses protocol 2 and unknown cache options before anything is sent', () => {
    expect(() => new StrictRedisCluster({ startupNodes: cluster.startupNodes, protocol: 2, clientSideCache: {} })).toThrow(/RESP3/);
    expect(() => new StrictRedisCluster({ startupNodes: cluster.startupNodes, clientSideCache: { tll: 1 } as never })).toThrow(DataError);
  });
});
