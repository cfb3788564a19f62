import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startServer, waitUntil, type RedisServer } from '@aredis/testing';
import { DataError, ResponseError } from '@aredis/resp-parser';
import { StrictRedis } from '@aredis/client';

// The cluster commands against real cluster-enabled servers: A gets every slot, B joins it
// (MEET), replicates it and takes over (FAILOVER TAKEOVER), C is met and forgotten and reset.
// Replies are checked under RESP3 (the default) and RESP2. The tests run in order: each
// builds on the topology the one before left. CLUSTER MYSHARDID (Redis 7.2) has argument
// tests only (packages/commands/test/cluster.test.ts): the test server is 7.0.

const CONFIG = ['cluster-enabled yes', 'cluster-node-timeout 5000'];
let servers: RedisServer[] = [];
const clients: StrictRedis<boolean>[] = [];
let a: StrictRedis<true>;
let a2: StrictRedis<true>;
let aRaw: StrictRedis<false>;
let b: StrictRedis<true>;
let c: StrictRedis<true>;
let aId = '';
let bId = '';

function client<D extends boolean>(server: RedisServer, options: { protocol?: 2 | 3; decodeResponses: D }): StrictRedis<D> {
  const made = new StrictRedis({ port: server.port, ...options });
  clients.push(made as StrictRedis<boolean>);
  return made;
}

/** Polls until `check` holds (cluster state changes land on the nodes' timers). */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  await waitUntil(what, check, 15_000);
}

beforeAll(async () => {
  servers = await Promise.all([0, 1, 2].map(() => startServer({ config: CONFIG })));
  const [sa, sb, sc] = servers as [RedisServer, RedisServer, RedisServer];
  a = client(sa, { decodeResponses: true });
  a2 = client(sa, { protocol: 2, decodeResponses: true });
  aRaw = client(sa, { decodeResponses: false });
  b = client(sb, { decodeResponses: true });
  c = client(sc, { decodeResponses: true });
  aId = await a.clusterMyid();
  bId = await b.clusterMyid();
});
afterAll(async () => {
  await Promise.all(clients.map((cl) => cl.close()));
  await Promise.all(servers.map((s) => s.stop()));
});

describe('cluster commands on real cluster-enabled servers', () => {
  it('myid; set-config-epoch; addslots, delslots, their range forms, flushslots; saveconfig; bumpepoch', async () => {
    expect(aId).toMatch(/^[0-9a-f]{40}$/);
    expect(Buffer.isBuffer(await aRaw.clusterMyid())).toBe(true);
    expect(await a.clusterSetConfigEpoch(1)).toBe(true);
    await expect(a.clusterSetConfigEpoch(2)).rejects.toThrow(ResponseError);
    expect(await a.clusterAddslots(0, 1, 2)).toBe(true);
    expect(await a.clusterDelslots(0, 1, 2)).toBe(true);
    expect(await a2.clusterAddslotsrange(0, 100, 200, 300)).toBe(true);
    expect(await a2.clusterDelslotsrange(0, 100)).toBe(true);
    expect((await a.clusterInfo()).cluster_slots_assigned).toBe('101');
    expect(await a.clusterFlushslots()).toBe(true);
    expect((await a.clusterInfo()).cluster_slots_assigned).toBe('0');
    expect(await a.clusterSaveconfig()).toBe(true);
    expect(await a.clusterBumpepoch()).toMatch(/^(BUMPED|STILL) \d+$/);
    await expect(a.clusterAddslots()).rejects.toThrow(DataError);
    expect(await a.clusterAddslotsrange(0, 16383)).toBe(true);
    await until('cluster_state ok', async () => (await a.clusterInfo()).cluster_state === 'ok');
  });

  it.each([3, 2] as const)('over RESP%i: info, keyslot, countkeysinslot, getkeysinslot, slots, shards, nodes, links', async (protocol) => {
    const r = protocol === 3 ? a : a2;
    const info = await r.clusterInfo();
    expect(info).toMatchObject({ cluster_state: 'ok', cluster_slots_assigned: '16384', cluster_known_nodes: '1' });
    expect(await r.clusterKeyslot('foo')).toBe(12182);
    await r.set('foo', 'bar');
    expect(await r.clusterCountkeysinslot(12182)).toBe(1);
    expect(await r.clusterGetkeysinslot(12182, 10)).toEqual(['foo']);
    const slots = await r.clusterSlots();
    expect(slots).toEqual([{ start: 0, end: 16383, primary: [expect.any(String), servers[0]?.port, aId], replicas: [] }]);
    const shards = await r.clusterShards();
    expect(shards).toHaveLength(1);
    expect(shards[0]?.slots).toEqual([0, 16383]);
    expect(shards[0]?.nodes[0]).toMatchObject({ id: aId, port: servers[0]?.port, role: 'master', health: 'online' });
    const nodes = await r.clusterNodes();
    const mine = Object.values(nodes);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ node_id: aId, master_id: '-', slots: [['0', '16383']], migrations: [], connected: true });
    expect(mine[0]?.flags).toContain('myself');
    expect(await r.clusterLinks()).toEqual([]);
    expect(await r.clusterCountFailureReports(aId)).toBe(0);
  });

  it('meet, links, setslot (migrating, stable, node), count-failure-reports', async () => {
    expect(await a.clusterMeet('127.0.0.1', servers[1]?.port ?? 0)).toBe(true);
    await until('B known and connected', async () => {
      const nodes = Object.values(await a.clusterNodes());
      return nodes.some((n) => n.node_id === bId && n.connected && !n.flags.includes('handshake'));
    });
    await until('links up', async () => (await a.clusterLinks()).length >= 2);
    for (const r of [a, a2]) {
      const links = await r.clusterLinks();
      expect(links.map((l) => l.node)).toContain(bId);
      expect(['to', 'from']).toContain(links[0]?.direction);
      expect(typeof links[0]?.['create-time']).toBe('number');
    }
    expect(await a.clusterSetslot(100, 'MIGRATING', bId)).toBe(true);
    const migrating = Object.values(await a2.clusterNodes()).find((n) => n.node_id === aId);
    expect(migrating?.migrations).toEqual([{ slot: '100', node_id: bId, state: 'migrating' }]);
    expect(await a.clusterSetslot(100, 'STABLE')).toBe(true);
    expect(await a.clusterSetslot(100, 'NODE', aId)).toBe(true);
    expect(await a.clusterCountFailureReports(bId)).toBe(0);
    await expect(a.clusterSetslot(100, 'IMPORTING')).rejects.toThrow(DataError);
  });

  it('replicate, replicas / slaves (parsed like nodes), failover takeover', async () => {
    expect(await b.clusterReplicate(aId)).toBe(true);
    await until('B listed as A’s replica', async () => Object.keys(await a.clusterReplicas(aId)).length === 1);
    for (const r of [a, a2]) {
      const replicas = Object.values(await r.clusterReplicas(aId));
      expect(replicas[0]).toMatchObject({ node_id: bId, master_id: aId });
      expect(replicas[0]?.flags).toContain('slave');
      expect(Object.values(await r.clusterSlaves(aId))[0]?.node_id).toBe(bId);
    }
    expect(await b.clusterFailover('TAKEOVER')).toBe(true);
    await until('B became master', async () => {
      const me = Object.values(await b.clusterNodes()).find((n) => n.node_id === bId);
      return me?.flags.includes('master') ?? false;
    });
  });

  it('forget and reset (soft, hard)', async () => {
    const cId = await c.clusterMyid();
    expect(await a.clusterMeet('127.0.0.1', servers[2]?.port ?? 0)).toBe(true);
    await until('C known', async () => Object.values(await a.clusterNodes()).some((n) => n.node_id === cId && !n.flags.includes('handshake')));
    expect(await a.clusterForget(cId)).toBe(true);
    expect(Object.values(await a.clusterNodes()).some((n) => n.node_id === cId)).toBe(false);
    expect(await c.clusterReset()).toBe(true);
    expect(await c.clusterReset({ soft: false })).toBe(true);
    expect(await c.clusterMyid()).not.toBe(cId); // a hard reset picks a new id
  });

  it.each([3, 2] as const)('over RESP%i: readonly, readwrite, asking, help', async (protocol) => {
    const r = protocol === 3 ? a : a2;
    expect(await r.readonly()).toBe(true);
    expect(await r.readwrite()).toBe(true);
    expect(await r.asking()).toBe(true);
    const help = await r.clusterHelp();
    expect(help.some((line) => line.includes('SETSLOT'))).toBe(true);
    expectTypeOf(help).toEqualTypeOf<string[]>();
  });
});
