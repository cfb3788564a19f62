import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawCommand, startCluster, startProxy, type RedisCluster, type TcpProxy } from '@aredis/testing';
import { DataError } from '@aredis/resp-parser';
import { StrictRedisCluster, keySlot, nodeKey, type NodeAddress } from '../src/index.js';
import { moveSlot, ownerOf } from './helpers.js';

// Defect 6: natMap. Each node sits behind a TCP proxy standing in for the NAT: the nodes
// announce their own addresses, which the client cannot use; natMap maps them to the proxies.

let cluster: RedisCluster;
const proxies = new Map<string, TcpProxy>(); // announced host:port → its proxy

beforeAll(async () => {
  cluster = await startCluster({ masters: 3, replicasPerMaster: 1, nodeTimeout: 2000 });
  for (const node of cluster.nodes) proxies.set(nodeKey(node.host, node.port), await startProxy({ target: { host: node.host, port: node.port } }));
}, 60_000);
afterAll(async () => {
  await Promise.all([...proxies.values()].map((p) => p.close()));
  await cluster?.stop();
});

const proxyAddress = (p: TcpProxy): NodeAddress => ({ host: p.host, port: p.port });
const startupThroughNat = () => [proxyAddress([...proxies.values()][0]!)];

describe('natMap', () => {
  it.each(['map', 'function'] as const)('as a %s: every connection goes through the proxies, MOVED included', async (form) => {
    const table = Object.fromEntries([...proxies].map(([announced, p]) => [announced, proxyAddress(p)]));
    const natMap = form === 'map' ? table : (a: NodeAddress) => table[nodeKey(a.host, a.port)] ?? a;
    await using c = new StrictRedisCluster<true>({ startupNodes: startupThroughNat(), natMap, decodeResponses: true, readFrom: 'replica' });
    const connectedTo: string[] = [];
    c.on('connect', (node: string) => connectedTo.push(node));
    const before = new Map([...proxies].map(([k, p]) => [k, p.totalConnections]));
    const keys = Array.from({ length: 30 }, (_, i) => `nat:${form}:${i}`);
    for (const key of keys) expect(await c.set(key, key)).toBe(true);
    for (const key of keys) expect(await c.get(key)).toBe(key); // from replicas: through their proxies too
    const proxyKeys = new Set([...proxies.values()].map((p) => nodeKey(p.host, p.port)));
    const map = await c.slotMap();
    expect(map.nodes().every((node) => proxyKeys.has(node))).toBe(true);
    expect(map.nodes()).toHaveLength(6);
    expect(connectedTo.length).toBeGreaterThan(0);
    expect(connectedTo.every((node) => proxyKeys.has(node))).toBe(true);
    for (const [announced, p] of proxies) expect(p.totalConnections, announced).toBeGreaterThan(before.get(announced)!);

    // MOVED names the announced address: translated too.
    const key = keys[0]!;
    const slot = keySlot(key);
    const from = await ownerOf(cluster, slot);
    const to = cluster.masters().find((m) => m.port !== from.port)!;
    await moveSlot(cluster, slot, from, to, [key]);
    expect(await c.set(key, 'moved')).toBe(true);
    expect(await rawCommand(to, ['GET', key])).toBe('moved');
    expect((await c.slotMap()).master(slot)).toBe(nodeKey(proxies.get(nodeKey(to.host, to.port))!.host, proxies.get(nodeKey(to.host, to.port))!.port));
    expect(connectedTo.every((node) => proxyKeys.has(node))).toBe(true);
  });

  it('refuses a malformed natMap before connecting', () => {
    expect(() => new StrictRedisCluster({ natMap: { 'not-an-address': { host: 'h', port: 1 } } })).toThrow(DataError);
    expect(() => new StrictRedisCluster({ natMap: { 'h:1': { host: '', port: 1 } } })).toThrow(/natMap/);
    expect(() => new StrictRedisCluster({ natMap: 'h:1' as never })).toThrow(DataError);
  });
});
