import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInfo, rawCommand, startCluster, waitUntil, type ClusterNode, type RedisCluster } from '@aredis/testing';
import { MovedError } from '@aredis/resp-parser';
import { StrictRedisCluster, SlotsUnavailableError, TooManyRedirectionsError, keySlot, nodeKey } from '../src/index.js';

// The cluster changing under the client: slots moved by hand (MOVED), a slot migrating while
// traffic runs (ASK), a master killed while a client writes, the startup nodes gone.

let cluster: RedisCluster;
let c: StrictRedisCluster<true>;

beforeAll(async () => {
  cluster = await startCluster({ masters: 3, replicasPerMaster: 1, nodeTimeout: 2000 });
  c = new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true });
  await c.initialize();
}, 60_000);
afterAll(async () => {
  await c?.close();
  await cluster?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ownerOf(slot: number): Promise<ClusterNode> {
  const reply = (await rawCommand(cluster.masters()[0]!, ['CLUSTER', 'SLOTS'])) as [number, number, [string, number]][];
  const range = reply.find(([start, end]) => start <= slot && slot <= end)!;
  return cluster.nodes.find((n) => n.port === range[2][1])!;
}

/** Another master than `node`. */
function otherMaster(node: ClusterNode): ClusterNode {
  return cluster.masters().find((m) => m.port !== node.port)!;
}

/** SETSLOT NODE on every master: the slot is `target`'s. */
async function assignSlot(slot: number, target: ClusterNode): Promise<void> {
  for (const master of cluster.masters()) await rawCommand(master, ['CLUSTER', 'SETSLOT', String(slot), 'NODE', target.id]);
}

/** A few keys served by other masters than the one serving `slot`. */
async function keysElsewhere(slot: number): Promise<string[]> {
  const owner = await ownerOf(slot);
  const out: string[] = [];
  for (let i = 0; out.length < 3; i++) if ((await ownerOf(keySlot(`else:${i}`))).port !== owner.port) out.push(`else:${i}`);
  return out;
}

async function migrateKey(from: ClusterNode, to: ClusterNode, key: string): Promise<void> {
  await rawCommand(from, ['MIGRATE', to.host, String(to.port), key, '0', '5000']);
}

describe('slots moving', () => {
  it('follows MOVED after a slot was moved by hand, and updates its map', async () => {
    const key = 'moved:key';
    const slot = keySlot(key);
    await c.set(key, 'before');
    await c.set('{moved:key}tx', '10');
    // Clients whose map will be stale: for a pipeline and a transaction.
    const forPipeline = await new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true }).initialize();
    const forTransaction = await new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true }).initialize();
    const from = await ownerOf(slot);
    const to = otherMaster(from);
    expect((await c.slotMap()).master(slot)).toBe(nodeKey(from.host, from.port));
    // A shard channel in the slot: the server drops it when the slot moves; it follows.
    const ps = c.pubsub({ ignoreSubscribeMessages: true });
    await ps.ssubscribe('{moved:key}chan');
    expect(await c.spublish('{moved:key}chan', 'one')).toBe(1);
    await rawCommand(to, ['CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', from.id]);
    await rawCommand(from, ['CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', to.id]);
    await migrateKey(from, to, key);
    await migrateKey(from, to, '{moved:key}tx');
    await assignSlot(slot, to);
    // The clients still think `from` serves the slot: MOVED sends them to `to`.
    const other = (await keysElsewhere(slot))[0]!;
    await c.set(other, 'o');
    const replies = await forPipeline.pipeline().get(key).get(other).incr('{moved:key}tx').get(key).execute();
    expect(replies).toEqual(['before', 'o', 11, 'before']);
    expect(await forTransaction.pipeline({ transaction: true }).incr('{moved:key}tx').get(key).execute()).toEqual([12, 'before']);
    await forPipeline.close();
    await forTransaction.close();
    expect(await c.get(key)).toBe('before');
    expect(await c.set(key, 'after')).toBe(true);
    expect(await rawCommand(to, ['GET', key])).toBe('after');
    expect((await c.slotMap()).master(slot)).toBe(nodeKey(to.host, to.port));

    let receivers = 0;
    for (let i = 0; i < 100 && receivers === 0; i++) {
      receivers = Number(await c.spublish('{moved:key}chan', `try ${i}`));
      if (receivers === 0) await sleep(20);
    }
    expect(receivers).toBe(1);
    const seen: unknown[] = [];
    for (let m = await ps.getMessage({ timeout: 1 }); m !== null; m = await ps.getMessage({ timeout: 0.2 })) seen.push(m.data);
    expect(seen[0]).toBe('one');
    expect(String(seen.at(-1))).toMatch(/^try \d+$/);
    await ps.close();
  });

  it('follows ASK while a slot migrates under traffic: no error reaches the user', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `{mig}k${i}`);
    const slot = keySlot(keys[0]!);
    const from = await ownerOf(slot);
    const to = otherMaster(from);
    await c.mset(Object.fromEntries(keys.map((k) => [k, '0'])));
    await rawCommand(to, ['CONFIG', 'RESETSTAT']);

    const counts = new Map<string, number>(keys.map((k) => [k, 0]));
    const errors: unknown[] = [];
    let stop = false;
    const worker = async (offset: number): Promise<void> => {
      for (let i = offset; !stop; i++) {
        const key = keys[i % keys.length]!;
        try {
          await c.incr(key);
          counts.set(key, counts.get(key)! + 1);
          expect(Number(await c.get(key))).toBeGreaterThanOrEqual(counts.get(key)!);
        } catch (error) {
          errors.push(error);
        }
      }
    };
    // Two keys of the slot at once: while they sit on different nodes the servers answer
    // TRYAGAIN, which is waited out.
    let pairsRead = 0;
    const pairReader = async (): Promise<void> => {
      for (let i = 0; !stop; i++) {
        try {
          const values = await c.mget([keys[i % keys.length]!, keys[(i + 1) % keys.length]!]);
          if (!values.every((v) => v !== null && /^\d+$/.test(v))) errors.push(new Error(`MGET gave ${JSON.stringify(values)}`));
          pairsRead++;
        } catch (error) {
          errors.push(error);
        }
      }
    };
    const workers = [worker(0), worker(7), worker(13), pairReader()];
    const increments = () => [...counts.values()].reduce((a, b) => a + b, 0);
    // Traffic under way on both paths before, during and after the migration (conditions, not time).
    const moreTraffic = async (what: string) => {
      const [incrs, pairs] = [increments(), pairsRead];
      await waitUntil(what, async () => increments() >= incrs + 20 && pairsRead >= pairs + 5, 10_000, 2);
    };
    await moreTraffic('traffic before the migration');
    await rawCommand(to, ['CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', from.id]);
    await rawCommand(from, ['CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', to.id]);
    const pipelineErrors: unknown[] = [];
    for (const [i, key] of keys.entries()) {
      await migrateKey(from, to, key);
      await sleep(5);
      if (i === keys.length / 2) {
        // Half the keys moved: a pipeline over all of them meets ASK for those.
        const p = c.pipeline({ raiseOnError: false });
        for (const k of keys) p.get(k);
        for (const reply of await p.execute()) if (!/^\d+$/.test(String(reply))) pipelineErrors.push(reply);
      }
    }
    await moreTraffic('traffic with every key moved');
    await assignSlot(slot, to);
    await moreTraffic('traffic after the slot is assigned');
    stop = true;
    await Promise.all(workers);

    expect(errors).toEqual([]);
    expect(pipelineErrors).toEqual([]);
    expect(pairsRead).toBeGreaterThan(0);
    for (const key of keys) expect(await c.get(key)).toBe(String(counts.get(key)));
    expect(await rawCommand(from, ['CLUSTER', 'COUNTKEYSINSLOT', String(slot)])).toBe(0);
    expect(await rawCommand(to, ['CLUSTER', 'COUNTKEYSINSLOT', String(slot)])).toBe(keys.length);
    const stats = parseInfo(String(await rawCommand(to, ['INFO', 'commandstats'])));
    expect(Number(/calls=(\d+)/.exec(String(stats.cmdstat_asking ?? ''))?.[1] ?? 0)).toBeGreaterThan(0);
  }, 30_000);
});

describe('a bound on redirections', () => {
  it('raises TooManyRedirectionsError naming the command when nodes keep sending it back and forth', async () => {
    const key = 'loop:key';
    const slot = keySlot(key);
    const from = await ownerOf(slot);
    const to = otherMaster(from);
    // `from` says ASK `to` (the key is not here, the slot is migrating); `to`, not importing,
    // says MOVED `from`: a loop only the bound ends.
    await rawCommand(from, ['CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', to.id]);
    try {
      const looping = new StrictRedisCluster({ startupNodes: cluster.startupNodes, maxRedirections: 5 });
      const error = await looping.get(key).catch((e: unknown) => e);
      await looping.close();
      expect(error).toBeInstanceOf(TooManyRedirectionsError);
      expect((error as Error).message).toMatch(/^GET: gave up after 5 redirections/);
      expect((error as Error).cause).toBeInstanceOf(MovedError);
    } finally {
      await rawCommand(from, ['CLUSTER', 'SETSLOT', String(slot), 'STABLE']);
    }
    expect(await c.get(key)).toBeNull();
  });
});

describe('a master killed while a client writes', () => {
  it('resumes writes on the promoted replica; clients whose startup nodes are gone recover', async () => {
    const victim = cluster.masters()[0]!;
    // Keys the victim serves: the writes that have to wait for the failover.
    const keys: string[] = [];
    for (let i = 0; keys.length < 10; i++) if ((await ownerOf(keySlot(`kill:${i}`))).port === victim.port) keys.push(`kill:${i}`);
    // A client that only knows the node about to die.
    const lonely = new StrictRedisCluster<true>({ startupNodes: [{ host: victim.host, port: victim.port }], decodeResponses: true });
    await lonely.set('lonely:before', '1');

    const acked = new Map<string, number>();
    const log: { at: number; ok: boolean }[] = [];
    const errors: unknown[] = [];
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        const key = keys[i % keys.length]!;
        try {
          await c.set(key, String(i));
          acked.set(key, i);
          log.push({ at: Date.now(), ok: true });
        } catch (error) {
          errors.push(error);
          log.push({ at: Date.now(), ok: false });
        }
        await sleep(5);
      }
    })();
    await waitUntil('writes acknowledged before the kill', async () => acked.size === keys.length && log.length >= keys.length * 2, 10_000, 5);
    const killedAt = Date.now();
    await cluster.killNode(victim.port);
    const promoted = await cluster.waitForFailover(victim.port);
    const failedOverAt = Date.now();
    // Let the writer go round every key at least twice on the new master.
    const okAfter = () => log.filter((e) => e.ok && e.at > failedOverAt).length;
    while (okAfter() < keys.length * 2) await sleep(20);
    stop = true;
    await writer;

    // The outage as the writer saw it: the longest time between two acknowledged writes.
    let longestGap = 0;
    for (let i = 1; i < log.length; i++) if (log[i]!.ok && log[i - 1]!.ok) longestGap = Math.max(longestGap, log[i]!.at - log[i - 1]!.at);
    console.log(
      `[cluster failover] kill -> promoted replica ${promoted.port} seen by waitForFailover after ${failedOverAt - killedAt} ms; ` +
        `writes stalled for ${longestGap} ms (longest time between two acknowledged writes); ${errors.length} write(s) failed`,
    );

    // Every write after the failover succeeded, and every key holds its last acknowledged value.
    let lastError = -1;
    log.forEach((e, i) => {
      if (!e.ok) lastError = i;
    });
    expect(log.slice(lastError + 1).filter((e) => e.at > failedOverAt).length).toBeGreaterThanOrEqual(keys.length * 2);
    expect(errors).toEqual([]);
    for (const key of keys) expect(await c.get(key)).toBe(String(acked.get(key)));
    expect(await rawCommand(promoted, ['GET', keys[0]!])).toBe(String(acked.get(keys[0]!)));

    // The lonely client's startup node is dead: it learns the cluster from the nodes it heard of.
    expect(await lonely.set('lonely:after', '2')).toBe(true);
    expect(await lonely.get('lonely:before')).toBe('1');
    await lonely.refreshSlots();
    await lonely.close();
    // A client that never reached any node says so clearly.
    const stranger = new StrictRedisCluster({ startupNodes: [{ host: victim.host, port: victim.port }] });
    await expect(stranger.get('x')).rejects.toBeInstanceOf(SlotsUnavailableError);
    await stranger.close();
  }, 60_000);
});
