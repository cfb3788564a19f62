import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInfo, rawCommand, startCluster, type ClusterNode, type RedisCluster } from '@aredis/testing';
import { DataError } from '@aredis/resp-parser';
import { StrictRedisCluster, TooManyRedirectionsError, keySlot, nodeKey, type ReadFrom } from '../src/index.js';
import { assignSlot, ownerOf, waitFor } from './helpers.js';

// Replica reads by policy (pipelines included), node events, the periodic slot refresh, and
// CLUSTER SLOTS where CLUSTER SHARDS is refused.

let cluster: RedisCluster;
let c: StrictRedisCluster<true>;
const keys = Array.from({ length: 60 }, (_, i) => `rf:${i}`);

beforeAll(async () => {
  cluster = await startCluster({ masters: 3, replicasPerMaster: 1, nodeTimeout: 2000 });
  c = new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true });
  await c.mset(Object.fromEntries(keys.map((k) => [k, k])));
  // Replication is asynchronous: wait until every replica holds its master's keys.
  await waitFor('the replicas to catch up', async () => {
    for (const replica of cluster.replicas()) {
      const [, master] = String(await rawCommand(replica, ['INFO', 'replication'])).match(/master_port:(\d+)/) ?? [];
      const size = await rawCommand({ host: replica.host, port: Number(master) }, ['DBSIZE']);
      if ((await rawCommand(replica, ['DBSIZE'])) !== size) return false;
    }
    return true;
  });
}, 60_000);
afterAll(async () => {
  await c?.close();
  await cluster?.stop();
});


async function calls(node: ClusterNode, command: string): Promise<number> {
  const info = parseInfo(String(await rawCommand(node, ['INFO', 'commandstats'])));
  return Number(/calls=(\d+)/.exec(String(info[`cmdstat_${command}`] ?? ''))?.[1] ?? 0);
}

/** GETs served by masters and by replicas while `run` runs. */
async function readsDuring(run: () => Promise<void>): Promise<{ masters: number; replicas: number }> {
  for (const node of cluster.nodes.filter((n) => n.running)) await rawCommand(node, ['CONFIG', 'RESETSTAT']);
  await run();
  let masters = 0;
  let replicas = 0;
  for (const node of cluster.masters()) masters += await calls(node, 'get');
  for (const node of cluster.replicas()) replicas += await calls(node, 'get');
  return { masters, replicas };
}

describe('readFrom', () => {
  const cases: [string, ReadFrom | undefined, boolean | undefined, (r: { masters: number; replicas: number }) => void][] = [
    ['master (default)', undefined, undefined, (r) => expect(r).toEqual({ masters: 120, replicas: 0 })],
    ['replica', 'replica', undefined, (r) => expect(r).toEqual({ masters: 0, replicas: 120 })],
    ['preferReplica', 'preferReplica', undefined, (r) => expect(r).toEqual({ masters: 0, replicas: 120 })],
    ['roundRobin', 'roundRobin', undefined, (r) => expect(r.masters > 30 && r.replicas > 30 && r.masters + r.replicas === 120).toBe(true)],
    ['readFromReplicas: true (as roundRobin)', undefined, true, (r) => expect(r.masters > 30 && r.replicas > 30).toBe(true)],
    ['a function', ({ master }) => master, undefined, (r) => expect(r).toEqual({ masters: 120, replicas: 0 })],
  ];
  it.each(cases)('%s: commands and pipelines read where the policy says', async (_, readFrom, readFromReplicas, check) => {
    await using reader = new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true, readFrom, readFromReplicas });
    await reader.initialize();
    const seen = await readsDuring(async () => {
      for (const key of keys) expect(await reader.get(key)).toBe(key);
      const pipe = reader.pipeline();
      for (const key of keys) pipe.get(key);
      expect(await pipe.execute()).toEqual(keys);
    });
    check(seen);
    // Writes and transactions go to the masters whatever the policy.
    expect(await reader.set('rf:write', 'w')).toBe(true);
    expect(await reader.pipeline({ transaction: true }).get('rf:0').execute()).toEqual(['rf:0']);
  });

  it('preferReplica reads from the master when a replica is gone; a bad policy is a DataError', async () => {
    // A short retry budget: only a read that goes to the master at once can succeed while the
    // dead replica is still listed (the cluster flags it failed after its 2 s node timeout).
    await using reader = new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true, readFrom: 'preferReplica', retryTimeout: 0.5 });
    await using strict = new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true, readFrom: 'replica', retryTimeout: 0.5 });
    await reader.initialize();
    await strict.initialize();
    const replica = cluster.replicas()[0]!;
    const map = await reader.slotMap();
    const key = keys.find((k) => map.replicas(keySlot(k)).includes(nodeKey(replica.host, replica.port)))!;
    await cluster.killNode(replica.port);
    try {
      // The map still lists the dead replica: the read falls back to the master at once.
      for (let i = 0; i < 4; i++) expect(await reader.get(key)).toBe(key);
      // 'replica' keeps to replicas: with the only one dead, the read runs out of its budget.
      await expect(strict.get(key)).rejects.toBeInstanceOf(TooManyRedirectionsError);
    } finally {
      await cluster.restartNode(replica.port);
    }
    expect(() => new StrictRedisCluster({ readFrom: 'replicas' as ReadFrom })).toThrow(DataError);
    await using wrong = new StrictRedisCluster({ startupNodes: cluster.startupNodes, readFrom: () => 'nowhere:1' });
    await expect(wrong.get('rf:0')).rejects.toThrow(/readFrom/);
  }, 30_000);
});

describe('RESP3', () => {
  it('routes, pipelines and subscribes over RESP3 (CLUSTER SHARDS read as maps)', async () => {
    await using resp3 = new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true, protocol: 3, readFrom: 'replica' });
    expect(await resp3.set('resp3:k', 'v')).toBe(true);
    expect((await resp3.slotMap()).masters()).toHaveLength(3);
    expect(await resp3.pipeline().get('rf:1').get('rf:2').execute()).toEqual(['rf:1', 'rf:2']);
    await using ps = resp3.pubsub({ ignoreSubscribeMessages: true });
    await ps.ssubscribe('{resp3}chan');
    await resp3.spublish('{resp3}chan', 'hi');
    expect((await ps.getMessage({ timeout: 2 }))?.data).toBe('hi');
  });
});

describe('the slot map over time', () => {
  it('announces nodes (+node, -node, refresh) and reloads the map every slotsRefreshInterval seconds', async () => {
    await using watcher = new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true, slotsRefreshInterval: 0.2 });
    const added: string[] = [];
    const removed: string[] = [];
    let refreshes = 0;
    const ready: string[] = [];
    watcher.on('+node', (node: { key: string }) => added.push(node.key));
    watcher.on('-node', (node: { key: string }) => removed.push(node.key));
    watcher.on('refresh', () => refreshes++);
    watcher.on('ready', (node: string) => ready.push(node));
    await watcher.set('events:k', '1');
    // Every node, once online (a replica restarted by the test before may still be syncing).
    await waitFor('+node for every node', () => added.length === cluster.nodes.length);
    expect(added.sort()).toEqual(cluster.nodes.map((n) => nodeKey(n.host, n.port)).sort());
    expect(ready.length).toBeGreaterThan(0);
    await waitFor('periodic refreshes', () => refreshes >= 3);

    // A slot moved by hand, with no command from this client: the periodic refresh learns it.
    const slot = keySlot('events:moved');
    const from = await ownerOf(cluster, slot);
    const to = cluster.masters().find((m) => m.port !== from.port)!;
    await assignSlot(cluster, slot, to);
    await waitFor('the moved slot in the map', async () => (await watcher.slotMap()).master(slot) === nodeKey(to.host, to.port));

    // A replica that fails leaves the map; back, it joins again.
    const replica = cluster.replicas()[1]!;
    const key = nodeKey(replica.host, replica.port);
    await cluster.killNode(replica.port);
    await waitFor('-node for the dead replica', () => removed.includes(key));
    await cluster.restartNode(replica.port);
    await waitFor('+node for the replica back', () => added.filter((k) => k === key).length === 2);
  }, 60_000);

  it('uses CLUSTER SLOTS where CLUSTER SHARDS is refused (an ACL here, an older server elsewhere)', async () => {
    const nodes = cluster.nodes.filter((n) => n.running);
    for (const node of nodes) await rawCommand(node, ['ACL', 'SETUSER', 'default', '-cluster|shards']);
    try {
      const before = await Promise.all(nodes.map((n) => calls(n, 'cluster|slots')));
      await using old = new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true });
      expect(await old.set('slots:k', 'v')).toBe(true);
      await old.refreshSlots();
      const after = await Promise.all(nodes.map((n) => calls(n, 'cluster|slots')));
      expect(after.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(before.reduce((a, b) => a + b, 0) + 2);
      expect((await old.slotMap()).masters()).toHaveLength(3);
    } finally {
      for (const node of nodes) await rawCommand(node, ['ACL', 'SETUSER', 'default', '+cluster|shards']);
    }
    const before = await Promise.all(nodes.map((n) => calls(n, 'cluster|shards')));
    await using current = new StrictRedisCluster({ startupNodes: cluster.startupNodes });
    await current.initialize();
    const after = await Promise.all(nodes.map((n) => calls(n, 'cluster|shards')));
    expect(after.reduce((a, b) => a + b, 0)).toBe(before.reduce((a, b) => a + b, 0) + 1);
  });
});
