import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInfo, rawCommand, startCluster, waitUntil, type ClusterNode, type RedisCluster } from '@aredis/testing';
import { StrictRedisCluster, keySlot } from '../src/index.js';
import { assignSlot, migrateKey, ownerOf, startMigration } from './helpers.js';

// Defect 4: MULTI/EXEC on a slot being migrated follows ASK (ASKING, then MULTI on the
// importing node); TRYAGAIN while the transaction's keys sit on both nodes is waited out.

let cluster: RedisCluster;
let c: StrictRedisCluster<true>;

beforeAll(async () => {
  cluster = await startCluster({ masters: 3, replicasPerMaster: 1, nodeTimeout: 2000 });
  c = new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true, slotsRefreshInterval: 0 });
  await c.initialize();
}, 60_000);
afterAll(async () => {
  await c?.close();
  await cluster?.stop();
});

function otherMaster(node: ClusterNode): ClusterNode {
  return cluster.masters().find((m) => m.port !== node.port)!;
}

async function askingCalls(node: ClusterNode): Promise<number> {
  const stats = parseInfo(String(await rawCommand(node, ['INFO', 'commandstats'])));
  return Number(/calls=(\d+)/.exec(String(stats.cmdstat_asking ?? ''))?.[1] ?? 0);
}

describe('MULTI/EXEC on a migrating slot', () => {
  it('runs on the importing node after ASK, with ASKING before MULTI', async () => {
    const key = '{askmulti}counter';
    const slot = keySlot(key);
    await c.set(key, '10');
    await c.set('{askmulti}other', 'x');
    const from = await ownerOf(cluster, slot);
    const to = otherMaster(from);
    const askingBefore = await askingCalls(to);
    await startMigration(slot, from, to);
    await migrateKey(from, to, key);
    // The client's map still says `from`: its queued INCR is answered ASK, EXEC EXECABORT.
    const replies = await c.pipeline({ transaction: true }).incr(key).get(key).execute();
    expect(replies).toEqual([11, '11']);
    expect(await askingCalls(to)).toBeGreaterThan(askingBefore);
    // Keys still on `from` are served there, in the same migration.
    expect(await c.pipeline({ transaction: true }).append('{askmulti}other', 'y').execute()).toEqual([2]);
    expect(await rawCommand(from, ['GET', '{askmulti}other'])).toBe('xy');
    await migrateKey(from, to, '{askmulti}other');
    await assignSlot(cluster, slot, to);
    expect(await c.get(key)).toBe('11');
  });

  it('waits out TRYAGAIN while the keys are split between the nodes, and commits once the migration ends', async () => {
    const keys = ['{splitmulti}a', '{splitmulti}b'];
    const slot = keySlot(keys[0]!);
    await c.mset({ [keys[0]!]: '1', [keys[1]!]: '1' });
    const from = await ownerOf(cluster, slot);
    const to = otherMaster(from);
    await startMigration(slot, from, to);
    await migrateKey(from, to, keys[0]!);
    const tryagain = async () => Number(/count=(\d+)/.exec(parseInfo(String(await rawCommand(to, ['INFO', 'errorstats']))).errorstat_TRYAGAIN ?? '')?.[1] ?? 0);
    const before = await tryagain();
    const transaction = c.pipeline({ transaction: true }).incr(keys[0]!).incr(keys[1]!).execute();
    // While it is refused (ASK from `from`, then TRYAGAIN at `to`, counted by `to`), the rest of the slot moves.
    await waitUntil('the transaction refused with TRYAGAIN', async () => (await tryagain()) > before, 10_000, 5);
    await migrateKey(from, to, keys[1]!);
    await assignSlot(cluster, slot, to);
    expect(await transaction).toEqual([2, 2]);
    expect(await rawCommand(to, ['MGET', ...keys])).toEqual(['2', '2']);
  });
});
