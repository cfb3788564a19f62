import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawCommand, startCluster, type RedisCluster } from '@aredis/testing';
import { CrossSlotError } from '@aredis/resp-parser';
import { StrictRedisCluster, keySlot } from '../src/index.js';
import { OpLog, loop, moveSlot, ownerOf, tagServedBy, waitFor } from './helpers.js';

// WATCH and transaction(fn, ...watches) on a cluster: keys of one slot, the redis-py idiom,
// CrossSlotError before anything is sent, and transactions that survive a moved slot and a
// killed master.

let cluster: RedisCluster;
let c: StrictRedisCluster<true>;

beforeAll(async () => {
  cluster = await startCluster({ masters: 3, replicasPerMaster: 1, nodeTimeout: 1000 });
  c = new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true });
  await c.initialize();
}, 60_000);
afterAll(async () => {
  await c?.close();
  await cluster?.stop();
});

const increment = (key: string) => async (pipe: Parameters<Parameters<typeof c.transaction>[0]>[0]) => {
  const current = Number(await pipe.get(key));
  pipe.multi();
  void pipe.set(key, String(current + 1));
};

describe('transaction(fn, ...watches) on a cluster', () => {
  it('runs the redis-py idiom on the keys’ master, and retries on WatchError until every increment went through', async () => {
    expect(await c.transaction(increment('{seq}n'), '{seq}n')).toEqual([true]);
    expect(await c.get('{seq}n')).toBe('1');
    await Promise.all(Array.from({ length: 20 }, () => c.transaction(increment('{seq}n'), '{seq}n')));
    expect(await c.get('{seq}n')).toBe('21');
    // Several keys of one slot, varargs or an array; valueFromCallable.
    const value = await c.transaction(
      async (pipe) => {
        const [a, b] = [await pipe.get('{seq}a'), await pipe.get('{seq}b')];
        pipe.multi();
        void pipe.mset({ '{seq}a': 'A', '{seq}b': 'B' });
        return `${a}/${b}`;
      },
      '{seq}a',
      ['{seq}b'],
      { valueFromCallable: true },
    );
    expect(value).toBe('null/null');
    expect(await c.mget(['{seq}a', '{seq}b'])).toEqual(['A', 'B']);
    // Without watched keys the commands queue; the first key binds the slot.
    expect(await c.transaction((pipe) => void pipe.incr('{seq}free'))).toEqual([1]);
  });

  it('refuses keys of another slot with CrossSlotError before anything is sent', async () => {
    await expect(c.transaction(increment('{x}a'), '{x}a', '{y}b')).rejects.toBeInstanceOf(CrossSlotError);
    await expect(
      c.transaction(async (pipe) => {
        await pipe.get('{other}k'); // a read of another slot, at once
      }, '{x}a'),
    ).rejects.toBeInstanceOf(CrossSlotError);
    await expect(
      c.transaction((pipe) => {
        pipe.multi();
        void pipe.set('{x}a', '1');
        void pipe.set('{other}k', '1'); // queued: execute() raises it, nothing is sent
      }, '{x}a'),
    ).rejects.toBeInstanceOf(CrossSlotError);
    // Without watched keys, the first key binds the slot.
    await expect(
      c.transaction((pipe) => {
        void pipe.set('{x}a', '1');
        void pipe.set('{other}k', '2');
      }),
    ).rejects.toBeInstanceOf(CrossSlotError);
    expect(await c.exists('{x}a')).toBe(0);
    expect(await c.exists('{other}k')).toBe(0);
  });

  it('watch() on a cluster pipeline gives the WatchedPipeline of the keys’ slot', async () => {
    const w = await c.pipeline().watch('{w}k');
    expect(await w.get('{w}k')).toBeNull();
    w.multi();
    void w.set('{w}k', 'set');
    expect(await w.execute()).toEqual([true]);
    expect(await c.get('{w}k')).toBe('set');
    await expect(c.pipeline().watch('{w}k', '{v}k')).rejects.toBeInstanceOf(CrossSlotError);
  });

  it('follows a slot moved under a stale map (MOVED on WATCH): the transaction runs on the new master', async () => {
    const key = '{moving}n';
    const slot = keySlot(key);
    await c.set(key, '5');
    await using stale = new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true, slotsRefreshInterval: 0 });
    await stale.initialize();
    const from = await ownerOf(cluster, slot);
    const to = cluster.masters().find((m) => m.port !== from.port)!;
    await moveSlot(cluster, slot, from, to, [key]);
    expect(await stale.transaction(increment(key), key)).toEqual([true]);
    expect(await rawCommand(to, ['GET', key])).toBe('6');
  });

  it('goes on across a failover of the keys’ master: 0 failed transactions', async () => {
    const victim = cluster.masters()[0]!;
    const key = `${await tagServedBy(c, victim, 'watched:')}n`;
    const log = new OpLog();
    let stop = false;
    const loops = [0, 1].map(() => loop(log, () => stop, async () => void (await c.transaction(increment(key), key))));
    await waitFor('transactions running', () => log.okAfter(0) >= 20);
    const killedAt = Date.now();
    await cluster.killNode(victim.port);
    await cluster.waitForFailover(victim.port);
    const failedOverAt = Date.now();
    await waitFor('transactions after the failover', () => log.okAfter(failedOverAt) >= 20, 30_000);
    stop = true;
    await Promise.all(loops);
    console.log(
      `[cluster WATCH failover] ${log.entries.length} transactions, ${log.errors.length} failed, longest gap ${log.longestGap()} ms, ` +
        `resumed ${log.resumedAt() - killedAt} ms after the kill (failover seen after ${failedOverAt - killedAt} ms)`,
    );
    expect(log.errors).toEqual([]);
    // Each acknowledged increment is in the counter (one whose EXEC reply was lost in the kill may count twice).
    expect(Number(await c.get(key))).toBeGreaterThanOrEqual(log.okAfter(failedOverAt));
  }, 60_000);
});
