import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawCommand, startCluster, waitUntil, type ClusterNode, type RedisCluster } from '@aredis/testing';
import { StrictRedisCluster, keySlot, nodeKey } from '../src/index.js';

// A shard lane whose connection is lost while its node lives on, with no replica to go to: the
// lane on a promoted replica whose pool a refresh closed (its node left out of one node's
// CLUSTER SHARDS), by then the slot's master. It was never subscribed again (the lost node was
// ruled out for good, and there was nowhere else): the failover test's SSUBSCRIBE lost for good.

let cluster: RedisCluster;
let c: StrictRedisCluster<true>;

beforeAll(async () => {
  cluster = await startCluster({ masters: 3, replicasPerMaster: 0 });
  c = new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true });
  await c.initialize();
}, 60_000);
afterAll(async () => {
  await c?.close();
  await cluster?.stop();
});

const shardSubscribers = async (node: ClusterNode, channel: string): Promise<number> =>
  Number(((await rawCommand(node, ['PUBSUB', 'SHARDNUMSUB', channel])) as [string, number])[1]);

describe('ShardLanes', () => {
  it('subscribes a shard channel again at its master when the lane there is lost and the slot has no replica', async () => {
    await using ps = c.pubsub({ ignoreSubscribeMessages: true });
    const channel = 'lanes:chan';
    await ps.ssubscribe(channel);
    const map = await c.slotMap();
    expect(map.replicas(keySlot(channel))).toEqual([]);
    const master = cluster.nodes.find((n) => nodeKey(n.host, n.port) === map.master(keySlot(channel)))!;
    expect(await shardSubscribers(master, channel)).toBe(1);

    // The server closes the lane's connection (the node stays up, and stays the slot's master).
    expect(await rawCommand(master, ['CLIENT', 'KILL', 'TYPE', 'pubsub'])).toBe(1);
    await waitUntil('the shard channel subscribed again at its master', async () => (await shardSubscribers(master, channel)) === 1, 10_000);

    const reconnect = await ps.getMessage({ timeout: 5 });
    expect(reconnect?.type).toBe('reconnect');
    expect(await c.spublish(channel, 'after')).toBe(1);
    const message = await ps.getMessage({ timeout: 5 });
    expect([message?.type, message?.data]).toEqual(['smessage', 'after']);
  });
});
