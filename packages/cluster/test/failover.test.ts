import { afterAll, describe, expect, it } from 'vitest';
import { startCluster, type RedisCluster } from '@aredis/testing';
import { StrictRedisCluster } from '../src/index.js';
import { OpLog, keysServedBy, loop, tagServedBy, waitFor } from './helpers.js';

// Defects 1 and 3 of the cluster issue: a master killed under a loop of plain writes, MULTI/EXEC
// transactions and blocking commands on its slots, and keyless commands sent to every node.
// Every operation must go through (retried on the promoted replica once the failover is done),
// at Redis node timeouts of 1 s and 5 s.

const started: RedisCluster[] = [];
afterAll(async () => {
  await Promise.all(started.map((cluster) => cluster.stop()));
});

describe.each([1000, 5000])('a master killed under transactions and blocking commands (cluster-node-timeout %i)', (nodeTimeout) => {
  it('loses no operation: 0 failures, writes resume on the promoted replica', async () => {
    const cluster = await startCluster({ masters: 3, replicasPerMaster: 1, nodeTimeout });
    started.push(cluster);
    await using c = new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true });
    await c.initialize();
    const victim = cluster.masters()[0]!;
    const keys = await keysServedBy(c, victim, 'plain:', 5);
    const tx = await tagServedBy(c, victim, 'tx:');
    const queue = `${await tagServedBy(c, victim, 'queue:')}list`;

    const logs = { plain: new OpLog(), transaction: new OpLog(), blocking: new OpLog(), fanout: new OpLog() };
    let stop = false;
    let transactions = 0;
    let popped = 0;
    const loops = [
      loop(logs.plain, () => stop, async (i) => {
        await c.set(keys[i % keys.length]!, String(i));
      }),
      loop(logs.transaction, () => stop, async (i) => {
        const replies = await c.pipeline({ transaction: true }).incr(`${tx}count`).set(`${tx}last`, String(i)).execute();
        expect(replies[1]).toBe(true);
        transactions++;
      }),
      // Keyless commands sent to every master (DBSIZE) and every node (PING).
      loop(logs.fanout, () => stop, async () => {
        expect(await c.dbsize()).toBeGreaterThan(0);
        expect(await c.ping()).toBe('PONG');
      }),
      loop(logs.blocking, () => stop, async (i) => {
        await c.rpush(queue, String(i));
        const got = await c.blpop([queue], 1);
        if (got !== null) popped++;
      }),
    ];
    // Let every loop run on the healthy cluster first.
    await waitFor('every loop running', () => Object.values(logs).every((log) => log.okAfter(0) >= 20));

    const killedAt = Date.now();
    await cluster.killNode(victim.port);
    const promoted = await cluster.waitForFailover(victim.port);
    const failedOverAt = Date.now();
    await waitFor('every loop going on after the failover', () => Object.values(logs).every((log) => log.okAfter(failedOverAt) >= 20), 30_000);
    stop = true;
    await Promise.all(loops);

    const figures = Object.entries(logs).map(([name, log]) => {
      return `${name}: longest gap ${log.longestGap()} ms, ${log.errors.length} failed, resumed ${log.resumedAt() - killedAt} ms after the kill`;
    });
    console.log(
      `[cluster failover, node timeout ${nodeTimeout} ms] failover seen by the test after ${failedOverAt - killedAt} ms (promoted ${promoted.port}); ` +
        `${figures.join('; ')}; transactions ${transactions}, blocking pops ${popped}`,
    );

    for (const log of Object.values(logs)) {
      expect(log.errors).toEqual([]);
      expect(log.failedAfter(failedOverAt)).toBe(0);
      // Writes resume on the promoted replica as soon as the cluster has failed over: the
      // client's own delay (a backoff step and a map reload) is what is bounded here, not the
      // servers' failover (about the node timeout plus the replica's election delay).
      expect(log.resumedAt() - failedOverAt).toBeLessThan(3000);
    }
    // The transactions ran on the promoted replica: its counter holds (at least) every acknowledged one
    // since the failover (a transaction whose reply was lost in the kill may have run twice).
    const count = Number(await c.get(`${tx}count`));
    expect(count).toBeGreaterThanOrEqual(logs.transaction.okAfter(failedOverAt));
    expect((await c.slotMap()).master(0) === undefined).toBe(false);
  }, 90_000);
});
