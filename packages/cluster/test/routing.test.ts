import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { parseInfo, rawCommand, rawCommands, startCluster, waitUntil, type ClusterNode, type RedisCluster } from '@aredis/testing';
import { CrossSlotError, DataError, TimeoutError } from '@aredis/resp-parser';
import { StrictRedisCluster, keySlot } from '../src/index.js';

// Routing of every kind of command against a real cluster (3 masters, 1 replica each).

let cluster: RedisCluster;
let c: StrictRedisCluster<true>;

beforeAll(async () => {
  cluster = await startCluster({ masters: 3, replicasPerMaster: 1 });
  c = new StrictRedisCluster<true>({ startupNodes: [cluster.startupNodes[0]!], decodeResponses: true });
}, 60_000);
afterAll(async () => {
  await c?.close();
  await cluster?.stop();
});

/** The master serving `slot`, by what the servers say (CLUSTER SLOTS of a running node). */
async function ownerOf(slot: number): Promise<ClusterNode> {
  const reply = (await rawCommand(cluster.masters()[0]!, ['CLUSTER', 'SLOTS'])) as [number, number, [string, number]][];
  const range = reply.find(([start, end]) => start <= slot && slot <= end)!;
  return cluster.nodes.find((n) => n.port === range[2][1])!;
}

/** Keys that hash to `n` different slots on different masters. */
async function keysOnDistinctMasters(prefix: string): Promise<string[]> {
  const byPort = new Map<number, string>();
  for (let i = 0; byPort.size < 3; i++) {
    const key = `${prefix}${i}`;
    const node = await ownerOf(keySlot(key));
    if (!byPort.has(node.port)) byPort.set(node.port, key);
  }
  return [...byPort.values()];
}

describe('routing by slot', () => {
  it('sends each key to the master serving its slot', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `route:${i}`);
    for (const key of keys) expect(await c.set(key, `v-${key}`)).toBe(true);
    for (const key of keys) {
      const owner = await ownerOf(keySlot(key));
      expect(await rawCommand(owner, ['GET', key])).toBe(`v-${key}`);
      expect(await c.get(key)).toBe(`v-${key}`);
    }
  });

  it('computes slots as the server does, hash tags included', async () => {
    for (const key of ['a', 'user:1000', '{user1000}.following', 'foo{}{bar}', '{}x', 'x{y', 'a{b}c{d}', '{{a}}']) {
      expect(keySlot(key)).toBe(await rawCommand(cluster.masters()[0]!, ['CLUSTER', 'KEYSLOT', key]));
    }
    expect(keySlot('{tag}a')).toBe(keySlot('{tag}b'));
  });

  it('keeps keys with one hash tag together for multi-key commands', async () => {
    expect(await c.sadd('{t}s1', 'a', 'b')).toBe(2);
    expect(await c.sadd('{t}s2', 'b', 'c')).toBe(2);
    expect(await c.sunionstore('{t}dest', ['{t}s1', '{t}s2'])).toBe(3);
    expect(await c.msetnx({ '{t}n1': '1', '{t}n2': '2' })).toBe(true);
    expect(await c.rpush('{t}l', 'x')).toBe(1);
    expect(await c.lmove('{t}l', '{t}l2', 'LEFT', 'RIGHT')).toBe('x');
  });

  it('routes commands with keys in unusual places (EVAL numkeys, XREAD STREAMS, SORT STORE)', async () => {
    expect(await c.eval("return redis.call('SET', KEYS[1], ARGV[1])", 1, 'evalkey', 'v')).toBe('OK');
    expect(await c.get('evalkey')).toBe('v');
    await c.xadd('{x}stream', { f: '1' });
    const read = await c.xread({ '{x}stream': '0' });
    expect(JSON.stringify(read)).toContain('"f"');
    await c.rpush('{s}list', '3', '1', '2');
    expect(await c.sort('{s}list', { store: '{s}sorted' })).toBe(3);
    expect(await c.lrange('{s}sorted', 0, -1)).toEqual(['1', '2', '3']);
  });

  it('runs blocking commands on a connection of their own on the right node', async () => {
    const waiting = c.blpop(['blk:list'], 5);
    const owner = await ownerOf(keySlot('blk:list'));
    await waitUntil('BLPOP blocked on the key\'s master', async () => parseInfo(String(await rawCommand(owner, ['INFO', 'clients']))).blocked_clients === '1', 10_000);
    await c.rpush('blk:list', 'item');
    expect(await waiting).toEqual(['blk:list', 'item']);
  });

  it('withOptions gives a view whose calls carry a timeout', async () => {
    await expect(c.withOptions({ timeout: 0.1 }).blpop(['wo:list'], 0)).rejects.toBeInstanceOf(TimeoutError);
    expect(await c.withOptions({ timeout: 1 }).set('wo:key', 'v')).toBe(true);
  });

  it('reads from replicas with readFromReplicas', async () => {
    const reader = new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, readFromReplicas: true, decodeResponses: true });
    try {
      await c.set('replica:read', 'r');
      // Replication is asynchronous: wait until the key reached the replica of its master.
      await waitUntil('the key on a replica', async () => {
        for (const replica of cluster.replicas()) {
          const [, value] = await rawCommands(replica, [['READONLY'], ['GET', 'replica:read']]);
          if (value === 'r') return true;
        }
        return false;
      }, 10_000);
      for (const replica of cluster.replicas()) await rawCommand(replica, ['CONFIG', 'RESETSTAT']);
      for (let i = 0; i < 40; i++) expect(await reader.get('replica:read')).toBe('r');
      let replicaGets = 0;
      for (const replica of cluster.replicas()) {
        const info = parseInfo(String(await rawCommand(replica, ['INFO', 'commandstats'])));
        replicaGets += Number(/calls=(\d+)/.exec(String(info.cmdstat_get ?? ''))?.[1] ?? 0);
      }
      expect(replicaGets).toBeGreaterThan(0);
      // Writes still go to the master.
      expect(await reader.set('replica:write', 'w')).toBe(true);
      expect(await rawCommand(await ownerOf(keySlot('replica:write')), ['GET', 'replica:write'])).toBe('w');
    } finally {
      await reader.close();
    }
  });

  it('follows decodeResponses in values and types; fromUrl works', async () => {
    const raw = StrictRedisCluster.fromUrl(`redis://127.0.0.1:${cluster.startupNodes[1]!.port}`);
    try {
      await raw.set('bytes', 'b');
      const value = await raw.get('bytes');
      expect(Buffer.isBuffer(value)).toBe(true);
      expectTypeOf(value).toEqualTypeOf<Buffer | null>();
      expectTypeOf(await c.get('bytes')).toEqualTypeOf<string | null>();
    } finally {
      await raw.close();
    }
  });

  it('rejects bad arguments with DataError before sending', async () => {
    await expect(c.get(undefined as unknown as string)).rejects.toBeInstanceOf(DataError);
  });
});

describe('multi-key commands across slots', () => {
  it('splits MSET, MGET, EXISTS, TOUCH, UNLINK and DEL by slot and merges the replies', async () => {
    const keys = await keysOnDistinctMasters('multi:');
    const mapping = Object.fromEntries(keys.map((k, i) => [k, `m${i}`]));
    expect(await c.mset(mapping)).toBe(true);
    expect(await c.mget([...keys, 'multi:missing', keys[0]!])).toEqual(['m0', 'm1', 'm2', null, 'm0']);
    expect(await c.exists(...keys, keys[0]!)).toBe(4);
    expect(await c.touch(...keys)).toBe(3);
    expect(await c.unlink(keys[0]!, keys[1]!)).toBe(2);
    expect(await c.delete(...keys)).toBe(1);
    expect(await c.exists(...keys)).toBe(0);
  });

  it('raises CrossSlotError naming the slots for any other cross-slot use, before sending', async () => {
    const [a, b] = await keysOnDistinctMasters('cross:');
    await c.sadd(a!, 'x');
    const error = await c.sunionstore('cross:dest', [a!, b!]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrossSlotError);
    expect((error as Error).message).toContain(String(keySlot(a!)));
    expect((error as Error).message).toContain(String(keySlot(b!)));
    expect(await c.exists('cross:dest')).toBe(0);
    await expect(c.msetnx({ [a!]: '1', [b!]: '2' })).rejects.toBeInstanceOf(CrossSlotError);
    await expect(c.rename(a!, b!)).rejects.toBeInstanceOf(CrossSlotError);
  });
});

describe('keyless commands', () => {
  it('merges DBSIZE, KEYS, PING, SCRIPT LOAD/EXISTS/FLUSH across masters; INFO and CONFIG GET per node', async () => {
    await c.flushall();
    expect(await c.dbsize()).toBe(0);
    const keys = Array.from({ length: 20 }, (_, i) => `keyless:${i}`);
    for (const key of keys) await c.set(key, '1');
    expect(await c.dbsize()).toBe(20);
    let onMasters = 0;
    for (const master of cluster.masters()) onMasters += Number(await rawCommand(master, ['DBSIZE']));
    expect(onMasters).toBe(20);
    expect((await c.keys('keyless:*')).sort()).toEqual([...keys].sort());
    expect(await c.ping()).toBeTruthy();

    const sha = await c.scriptLoad('return 42');
    for (const master of cluster.masters()) {
      expect(await rawCommand(master, ['SCRIPT', 'EXISTS', sha])).toEqual([1]);
    }
    expect(await c.scriptExists(sha, '0'.repeat(40))).toEqual([true, false]);
    expect(await c.evalsha(sha, 0)).toBe(42);
    await c.scriptFlush();
    expect(await c.scriptExists(sha)).toEqual([false]);

    const info = await c.info('server');
    expectTypeOf(info).toMatchTypeOf<Record<string, unknown>>();
    expectTypeOf(c.dbsize()).resolves.toBeNumber();
    expect(Object.keys(info).sort()).toEqual(cluster.nodes.map((n) => `${n.host}:${n.port}`).sort());
    expect(await c.configSet({ 'slowlog-max-len': '200' })).toBeTruthy();
    const configs = await c.configGet('slowlog-max-len');
    expect(Object.values(configs).map((v) => JSON.stringify(v))).toEqual(
      Array(6).fill(JSON.stringify({ 'slowlog-max-len': '200' })),
    );
    expect(await c.clusterCountkeysinslot(keySlot('keyless:0'))).toBe(1);
    expect(await c.publish('news', 'hello')).toBe(0);
    expect(await c.spublish('{keyless:0}news', 'hello')).toBe(0);
    await c.flushdb();
    expect(await c.dbsize()).toBe(0);
  });

  it('runs FUNCTION LOAD on every master so FCALL works on any key', async () => {
    await c.functionFlush();
    const lib = "#!lua name=clib\nredis.register_function('cget', function(keys) return redis.call('GET', keys[1]) end)";
    expect(await c.functionLoad(lib)).toBe('clib');
    const keys = await keysOnDistinctMasters('fn:');
    for (const key of keys) {
      await c.set(key, key);
      expect(await c.fcall('cget', 1, key)).toBe(key);
    }
    await c.functionDelete('clib');
  });
});

describe('pubsub', () => {
  it('routes SSUBSCRIBE by slot and SUBSCRIBE to one node; every message comes out of one stream', async () => {
    const ps = c.pubsub({ ignoreSubscribeMessages: true });
    try {
      const channels = await keysOnDistinctMasters('shard:');
      const handled: string[] = [];
      await ps.ssubscribe(channels[0]!, channels[1]!, { [channels[2]!]: (m) => void handled.push(m.data) });
      await ps.subscribe('news');
      for (const channel of channels) expect(await c.spublish(channel, `to ${channel}`)).toBe(1);
      // PUBLISH counts the receivers on the node it reached only: the message reaches every node.
      expect(await c.publish('news', 'hello')).toBeGreaterThanOrEqual(0);
      const got: string[] = [];
      for (let i = 0; i < 3; i++) {
        const message = await ps.getMessage({ timeout: 2 });
        got.push(`${message?.type} ${String(message?.channel)} ${String(message?.data)}`);
      }
      expect(got.sort()).toEqual(
        [`smessage ${channels[0]} to ${channels[0]}`, `smessage ${channels[1]} to ${channels[1]}`, 'message news hello'].sort(),
      );
      await waitUntil('the handler called', async () => handled.length > 0, 5_000);
      expect(handled).toEqual([`to ${channels[2]}`]);
      await ps.sunsubscribe(channels[0]!);
      expect(await c.spublish(channels[0]!, 'gone')).toBe(0);
    } finally {
      await ps.close();
    }
  });
});

describe('withOptions', () => {
  it('decodeResponses gives a view in the other reply mode, typed to match; unknown keys are DataErrors', async () => {
    await c.set('view:{v}bin', Buffer.from([0xff, 0x00]));
    const raw = c.withOptions({ decodeResponses: false });
    const value = await raw.get('view:{v}bin');
    expectTypeOf(value).toEqualTypeOf<Buffer | null>();
    expect(value).toEqual(Buffer.from([0xff, 0x00]));
    expect(await raw.pipeline().get('view:{v}bin').execute()).toEqual([Buffer.from([0xff, 0x00])]);
    // @ts-expect-error not an option
    expect(() => c.withOptions({ timeot: 1 })).toThrow(/timeot.*timeout/);
    expect(() => raw.pubsub()).toThrow(DataError);
  });
});

describe('pubsub ignore flags', () => {
  it("the instance's ignoreSubscribeMessages and the call's are OR-ed, as in redis-py", async () => {
    const ps = c.pubsub({ ignoreSubscribeMessages: true });
    try {
      await ps.subscribe('or-ed');
      expect(await c.publish('or-ed', 'first')).toBeGreaterThanOrEqual(0);
      // The call's false does not bring the subscribe confirmation back: the first message is the publish.
      const message = await ps.getMessage({ ignoreSubscribeMessages: false, timeout: 2 });
      expect([message?.type, message?.data]).toEqual(['message', 'first']);
    } finally {
      await ps.close();
    }
  });
});

describe('scanIter, scripts and pipelines', () => {
  it('scanIter walks every master', async () => {
    const keys = Array.from({ length: 50 }, (_, i) => `scan:${i}`);
    await c.mset(Object.fromEntries(keys.map((k) => [k, '1'])));
    await c.set('other:1', '1');
    const seen = new Set<string>();
    for await (const key of c.scanIter({ match: 'scan:*', count: 10 })) seen.add(key);
    expect([...seen].sort()).toEqual([...keys].sort());
  });

  it('registerScript runs with its keys in one slot, and again after SCRIPT FLUSH', async () => {
    const incrBy = c.registerScript("return redis.call('INCRBY', KEYS[1], ARGV[1]) + redis.call('INCRBY', KEYS[2], ARGV[1])");
    expect(await incrBy({ keys: ['{sc}a', '{sc}b'], args: [2] })).toBe(4);
    await c.scriptFlush();
    expect(await incrBy({ keys: ['{sc}a', '{sc}b'], args: [1] })).toBe(6);
    await expect(incrBy({ keys: ['sc:a', 'sc:b'], args: [1] })).rejects.toBeInstanceOf(CrossSlotError);
    // Queued on a cluster pipeline: loaded on every master first, even after a flush.
    await c.scriptFlush();
    const echo = c.registerScript('return KEYS[1]');
    const keys = await keysOnDistinctMasters('scp:');
    const p = c.pipeline();
    for (const key of keys) echo({ keys: [key], client: p });
    incrBy({ keys: ['{sc}a', '{sc}b'], args: [1], client: p });
    expect(await p.execute()).toEqual([...keys, 8]);
  });

  it('lock() takes and releases a lock on its key\'s node', async () => {
    const lock = c.lock('lock:res', { timeout: 5 });
    expect(await lock.acquire()).toBe(true);
    expect(await c.lock('lock:res', { blocking: false }).acquire()).toBe(false);
    expect(await lock.owned()).toBe(true);
    await lock.release();
    expect(await c.exists('lock:res')).toBe(0);
  });

  it('pipelines group commands per node and keep call order', async () => {
    const keys = await keysOnDistinctMasters('pipe:');
    const p = c.pipeline();
    keys.forEach((k, i) => p.set(k, `p${i}`));
    p.get(keys[2]!).incr('pipe:counter').get(keys[0]!).ping();
    for (const k of keys) p.get(k);
    const replies = await p.execute();
    expect(replies).toEqual([true, true, true, 'p2', 1, 'p0', 'PONG', 'p0', 'p1', 'p2']);
    expect(p.length).toBe(0);
  });

  it('pipelines keep errors in place with raiseOnError: false', async () => {
    await c.set('pipe:str', 'x');
    const replies = await c.pipeline({ raiseOnError: false }).incr('pipe:str').get('pipe:str').execute();
    expect(replies[0]).toBeInstanceOf(Error);
    expect(replies[1]).toBe('x');
    await expect(c.pipeline().incr('pipe:str').execute()).rejects.toThrow(/command #0/);
  });

  it('runs a transaction when all keys share a slot, else raises CrossSlotError', async () => {
    const replies = await c.pipeline({ transaction: true }).set('{tx}a', '1').incr('{tx}a').get('{tx}a').execute();
    expect(replies).toEqual([true, 2, '2']);
    const [a, b] = await keysOnDistinctMasters('tx:');
    await expect(c.pipeline({ transaction: true }).set(a!, '1').set(b!, '1').execute()).rejects.toBeInstanceOf(CrossSlotError);
    expect(() => c.pipeline().sunion([a!, b!])).toThrow(CrossSlotError);
    await expect(c.pipeline({ transaction: true }).mget([a!, b!]).execute()).rejects.toBeInstanceOf(CrossSlotError);
  });

  it('splits multi-key commands across slots inside a pipeline and merges them in place', async () => {
    const keys = await keysOnDistinctMasters('pmulti:');
    const replies = await c
      .pipeline()
      .mset(Object.fromEntries(keys.map((k, i) => [k, `v${i}`])))
      .mget([keys[2]!, 'pmulti:none', keys[0]!, keys[1]!])
      .get(keys[1]!)
      .exists(...keys)
      .delete(...keys, 'pmulti:none')
      .execute();
    expect(replies).toEqual([true, ['v2', null, 'v0', 'v1'], 'v1', 3, 3]);
  });
});

describe('keyPrefix', () => {
  it('prefixes every key and routes by the prefixed key: commands, pipelines, transactions and WATCH', async () => {
    await using p = new StrictRedisCluster<true>({ startupNodes: [cluster.startupNodes[0]!], decodeResponses: true, keyPrefix: '{pfx}:' });
    await p.set('a', '1');
    await p.mset({ b: '2', c: '3' });
    await p.executeCommand('SET', 'd', '4');
    await p.pipeline().set('e', '5').incr('e').execute();
    await p.pipeline({ transaction: true }).set('f', '6').execute();
    expect(await p.transaction(async (pipe) => {
      const current = Number(await pipe.get('a'));
      pipe.multi();
      pipe.set('a', String(current + 1));
    }, 'a')).toEqual([true]);
    // Every key is on the master of the prefix's hash tag, under its prefixed name.
    const owner = await ownerOf(keySlot('{pfx}:'));
    expect(await rawCommand(owner, ['MGET', '{pfx}:a', '{pfx}:b', '{pfx}:c', '{pfx}:d', '{pfx}:e', '{pfx}:f'])).toEqual(['2', '2', '3', '4', '6', '6']);
    expect(await c.get('a')).toBeNull();
    expect(() => new StrictRedisCluster({ startupNodes: [cluster.startupNodes[0]!], keyPrefix: '' })).toThrow(DataError);
  });
});
