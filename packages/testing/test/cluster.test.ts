import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OptionsError, parseInfo, rawCommand, startCluster, type RedisCluster } from '../src/index.js';
import { processExists, redisCli } from './helpers.js';

describe('startCluster', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startCluster({ masters: 3, replicasPerMaster: 1, nodeTimeout: 1000 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('forms a cluster: 3 masters with 1 replica each, cluster_state:ok everywhere', async () => {
    expect(cluster.nodes).toHaveLength(6);
    expect(cluster.masters()).toHaveLength(3);
    expect(cluster.replicas()).toHaveLength(3);
    expect(new Set(cluster.nodes.map((n) => n.port)).size).toBe(6);
    expect(cluster.startupNodes).toEqual(cluster.nodes.map(({ host, port }) => ({ host, port })));
    for (const node of cluster.nodes) {
      expect(node.id).toMatch(/^[0-9a-f]{40}$/);
      expect(node.port).not.toBe(6379);
      const info = parseInfo(String(await rawCommand(node, ['CLUSTER', 'INFO'])));
      expect(info.cluster_state).toBe('ok');
      expect(info.cluster_known_nodes).toBe('6');
      expect(info.cluster_slots_assigned).toBe('16384');
      expect(await rawCommand(node, ['CONFIG', 'GET', 'cluster-node-timeout'])).toEqual(['cluster-node-timeout', '1000']);
    }
    for (const replica of cluster.replicas()) {
      const info = parseInfo(String(await rawCommand(replica, ['INFO', 'replication'])));
      expect(info.role).toBe('slave');
      expect(info.master_link_status).toBe('up');
    }
  });

  it('serves keys in every slot through redis-cli -c', async () => {
    const [first] = cluster.nodes;
    if (first === undefined) throw new Error('no nodes');
    for (const key of ['a', 'b', 'c']) {
      expect(await redisCli(['-c', '-p', String(first.port), 'SET', key, `v-${key}`])).toBe('OK');
      expect(await redisCli(['-c', '-p', String(first.port), 'GET', key])).toBe(`v-${key}`);
    }
  });

  it('a killed master is replaced by its replica; restartNode brings it back as a replica', async () => {
    const victim = cluster.masters()[0];
    if (victim === undefined) throw new Error('no master');
    const pid = victim.pid as number;
    await cluster.killNode(victim.port);
    expect(processExists(pid)).toBe(false);
    expect(victim.running).toBe(false);
    const promoted = await cluster.waitForFailover(victim.port);
    expect(promoted.port).not.toBe(victim.port);
    expect(promoted.role).toBe('master');
    expect(cluster.masters()).toHaveLength(3);
    await cluster.restartNode(victim.port);
    expect(victim.running).toBe(true);
    expect(victim.pid).not.toBe(pid);
    await cluster.waitForOk();
    await cluster.refresh();
    expect(victim.role).toBe('replica');
  });

  it('stop() kills every node and removes the directory; it is idempotent', async () => {
    const pids = cluster.nodes.map((n) => n.pid as number);
    const dir = cluster.dir;
    const [, nodeDir] = (await rawCommand(cluster.masters()[0] as { port: number }, ['CONFIG', 'GET', 'dir'])) as string[];
    expect(dirname(nodeDir as string)).toBe(dir);
    await cluster.stop();
    for (const pid of pids) expect(processExists(pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    await cluster.stop();
  });

  it('rejects impossible shapes before starting anything', async () => {
    await expect(startCluster({ masters: 2 })).rejects.toBeInstanceOf(OptionsError);
    await expect(startCluster({ replicasPerMaster: -1 })).rejects.toThrow(/replicasPerMaster/);
  });
});
