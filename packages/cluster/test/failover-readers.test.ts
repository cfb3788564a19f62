import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawCommand, startCluster, type ClusterNode, type RedisCluster } from '@aredis/testing';
import type { PubSubMessage } from '@aredis/pubsub';
import { StrictRedisCluster, keySlot, nodeKey } from '../src/index.js';
import { sleep, waitFor } from './helpers.js';

// Defects 2 and 5 of the cluster issue: readers that outlive a master. scanIter continues the
// dead master's walk on the promoted replica (every key seen); ClusterPubSub follows a lost
// node (no message published after the failover lost, listen() goes on); and keyspace
// notifications reach one pattern subscription from every master.

let cluster: RedisCluster;
let c: StrictRedisCluster<true>;

beforeAll(async () => {
  cluster = await startCluster({ masters: 3, replicasPerMaster: 1, nodeTimeout: 2000, config: { 'notify-keyspace-events': 'KEA' } });
  c = new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true });
  await c.initialize();
}, 60_000);
afterAll(async () => {
  await c?.close();
  await cluster?.stop();
});

const keyOf = (node: ClusterNode) => nodeKey(node.host, node.port);


describe('scanIter across a failover', () => {
  it('sees every key of 10,000 when a master dies in the middle of its walk', async () => {
    const total = 10_000;
    const keys = Array.from({ length: total }, (_, i) => `walk:${i}`);
    for (let i = 0; i < total; i += 500) await c.mset(Object.fromEntries(keys.slice(i, i + 500).map((k) => [k, '1'])));
    const map = await c.slotMap();
    const victim = cluster.masters()[1]!;
    const onVictim = (key: string) => map.master(keySlot(key)) === keyOf(victim);
    const seen = new Map<string, number>();
    let victimSeen = 0;
    let killedAt = 0;
    for await (const key of c.scanIter({ match: 'walk:*', count: 50 })) {
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (onVictim(key) && ++victimSeen === 300) {
        // Half-way through the victim's walk (about 3,300 of its keys): kill it.
        killedAt = Date.now();
        await cluster.killNode(victim.port);
      }
    }
    const elapsed = Date.now() - killedAt;
    const missing = keys.filter((k) => !seen.has(k));
    const repeated = [...seen.values()].filter((n) => n > 1).length;
    console.log(`[cluster scan failover] ${seen.size} of ${total} keys seen (${repeated} twice), the walk ended ${elapsed} ms after the kill`);
    expect(killedAt).toBeGreaterThan(0);
    expect(missing).toEqual([]);
    expect(repeated).toBeGreaterThan(0); // the dead master's walk started again from 0 elsewhere
    await cluster.waitForFailover(victim.port);
    // Back as the promoted node's replica, so that every master can fail over in the next test.
    await cluster.restartNode(victim.port);
    await waitFor('the old master to be a synced replica', async () => {
      const info = String(await rawCommand(victim, ['INFO', 'replication']));
      return info.includes('role:slave') && info.includes('master_link_status:up');
    });
    await cluster.refresh();
  }, 60_000);
});

describe('ClusterPubSub across a failover', () => {
  it('moves SUBSCRIBE, PSUBSCRIBE and SSUBSCRIBE off a dead master; no message published after the failover is lost', async () => {
    await using ps = c.pubsub({ ignoreSubscribeMessages: true });
    await ps.subscribe('news');
    await ps.psubscribe('pat:*');
    // The node holding the channel subscriptions (a master): the victim.
    let victim: ClusterNode | undefined;
    for (const master of cluster.masters()) {
      const [, count] = (await rawCommand(master, ['PUBSUB', 'NUMSUB', 'news'])) as [string, number];
      if (count > 0) victim = master;
    }
    expect(victim).toBeDefined();
    const map = await c.slotMap();
    let shard = '';
    for (let i = 0; shard === ''; i++) if (map.master(keySlot(`sh:${i}`)) === keyOf(victim!)) shard = `sh:${i}`;
    await ps.ssubscribe(shard);

    const received = new Map<string, number>();
    let reconnects = 0;
    let listenError: unknown;
    const reader = (async () => {
      try {
        for await (const m of ps.listen()) {
          if (m.type === 'reconnect') reconnects++;
          else if (m.type === 'message' || m.type === 'pmessage' || m.type === 'smessage') {
            const id = `${m.type}:${String((m as PubSubMessage<string>).data)}`;
            received.set(id, (received.get(id) ?? 0) + 1);
          }
        }
      } catch (error) {
        listenError = error;
      }
    })();

    const published: { id: string; at: number }[] = [];
    let stop = false;
    // One loop a kind: PUBLISH goes on during the outage (any node takes it), SPUBLISH waits for the failover.
    const publishing = (type: string, send: (data: string) => Promise<unknown>) =>
      (async () => {
        for (let i = 0; !stop; i++) {
          const at = Date.now();
          try {
            await send(`${type[0]}${i}`);
            published.push({ id: `${type}:${type[0]}${i}`, at });
          } catch {
            // not published: not expected either
          }
          await sleep(10);
        }
      })();
    const publishers = [
      publishing('message', (data) => c.publish('news', data)),
      publishing('pmessage', (data) => c.publish('pat:x', data)),
      publishing('smessage', (data) => c.spublish(shard, data)),
    ];
    await waitFor('messages before the kill', () => received.size >= 30);
    const killedAt = Date.now();
    await cluster.killNode(victim!.port);
    await cluster.waitForFailover(victim!.port);
    // A subscriber can only hear what is published once it has subscribed again: "after the
    // failover" starts when the servers show the moved subscriptions (the shard channel on the
    // slot's new master, the channel and the pattern on any live node: the subscriber moves them
    // without waiting for the failover, to a replica when that is what answers), not when the
    // test saw the promotion, which the publisher's client may act on first.
    const live = () => cluster.nodes.filter((n) => n.running);
    const subscribedOn = async (nodes: ClusterNode[], command: string[], count: (reply: unknown) => number): Promise<boolean> => {
      for (const master of nodes) {
        try {
          if (count(await rawCommand(master, command)) > 0) return true;
        } catch {
          // a node that is going down
        }
      }
      return false;
    };
    let moved = { shard: false, channel: false, pattern: false };
    await waitFor('the subscriptions moved', async () => {
      moved = {
        shard: await subscribedOn(cluster.masters(), ['PUBSUB', 'SHARDNUMSUB', shard], (r) => Number((r as [string, number])[1])),
        channel: await subscribedOn(live(), ['PUBSUB', 'NUMSUB', 'news'], (r) => Number((r as [string, number])[1])),
        pattern: await subscribedOn(live(), ['PUBSUB', 'NUMPAT'], (r) => Number(r)),
      };
      return moved.shard && moved.channel && moved.pattern;
    }).catch(async (error: Error) => {
      const where: string[] = [];
      for (const node of live()) {
        const role = String(await rawCommand(node, ['ROLE']).then((r) => (r as unknown[])[0], () => '?'));
        const shardSubs = await rawCommand(node, ['PUBSUB', 'SHARDNUMSUB', shard]).then((r) => String((r as unknown[])[1]), () => '?');
        where.push(`${node.port} ${role} shardsubs=${shardSubs}`);
      }
      const now = await c.slotMap();
      throw new Error(
        `${error.message}: ${JSON.stringify(moved)}; victim ${victim!.port}; shard ${shard} slot ${keySlot(shard)}: client map master ${now.master(keySlot(shard))} replicas ${now.replicas(keySlot(shard)).join(',')}; ` +
          `nodes ${where.join('; ')}; listen error ${String(listenError)}`,
      );
    });
    const failedOverAt = Date.now();
    await waitFor('60 messages published after the failover', () => published.filter((p) => p.at > failedOverAt).length >= 60);
    stop = true;
    await Promise.all(publishers);
    const after = published.filter((p) => p.at > failedOverAt);
    await waitFor('every message published after the failover', () => after.every((p) => received.has(p.id)), 10_000).catch(() => undefined);
    const lostAfter = after.filter((p) => !received.has(p.id));
    const during = published.filter((p) => p.at > killedAt && p.at <= failedOverAt);
    const lostDuring = during.filter((p) => !received.has(p.id));
    console.log(
      `[cluster pubsub failover] failover after ${failedOverAt - killedAt} ms; published after it: ${after.length}, lost ${lostAfter.length}; ` +
        `published during it: ${during.length}, lost ${lostDuring.length}; reconnect messages ${reconnects}`,
    );
    expect(lostAfter).toEqual([]);
    expect(reconnects).toBeGreaterThanOrEqual(1);
    expect([...received.values()].every((n) => n === 1)).toBe(true); // each message once
    expect(listenError).toBeUndefined();
    // listen() keeps working: one more message of each kind.
    await c.publish('news', 'last');
    await waitFor('the last message', () => received.has('message:last'));
    await ps.close();
    await reader;
  }, 60_000);
});

describe('keyspace notifications across the cluster', () => {
  it('a pattern subscription hears every master, each event once; PUBLISH still arrives once', async () => {
    await using ps = c.pubsub({ ignoreSubscribeMessages: true });
    await ps.psubscribe('__keyspace@0__:ks:*', 'chan*');
    const map = await c.slotMap();
    const keys = map.masters().map((master) => {
      let i = 0;
      while (map.master(keySlot(`ks:${i}`)) !== master) i++;
      return `ks:${i}`;
    });
    expect(keys.length).toBe(map.masters().length);
    // Every master subscribed (PUBSUB NUMPAT is per node).
    await waitFor('the pattern on every master', async () => {
      for (const master of map.masters()) {
        const [host, port] = [master.slice(0, master.lastIndexOf(':')), Number(master.slice(master.lastIndexOf(':') + 1))];
        if (Number(await rawCommand({ host, port }, ['PUBSUB', 'NUMPAT'])) < 2) return false;
      }
      return true;
    });
    for (const key of keys) await c.set(key, 'v');
    await c.publish('chan1', 'hello');
    const events: string[] = [];
    for (let m = await ps.getMessage({ timeout: 2 }); m !== null; m = await ps.getMessage({ timeout: 0.3 })) {
      events.push(`${String(m.channel)} ${String(m.data)}`);
    }
    expect(events.sort()).toEqual([...keys.map((k) => `__keyspace@0__:${k} set`), 'chan1 hello'].sort());
  }, 30_000);
});
