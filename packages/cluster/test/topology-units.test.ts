import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataError } from '@aredis/resp-parser';
import { SlotMap, StrictRedisCluster, type StrictRedisClusterOptions } from '../src/index.js';
import { natTranslator } from '../src/nat.js';
import { resolveOptions, retryBudget } from '../src/options.js';
import { ReadRouter } from '../src/read-from.js';
import { SlotLoader, nodeTimeoutFrom, type NodeSend } from '../src/slot-loader.js';

// The pure parts of following a cluster: reading CLUSTER SHARDS/SLOTS, natMap, readFrom, the
// retry budget. No server.

const node = (fields: Record<string, unknown>) => new Map(Object.entries(fields));
const shardsResp3 = [
  new Map<unknown, unknown>([
    ['slots', [0, 99, 200, 299]],
    ['nodes', [node({ id: 'a', port: 7000, ip: '10.0.0.1', endpoint: '10.0.0.1', role: 'master', health: 'online' }), node({ id: 'b', port: 7001, ip: '10.0.0.2', endpoint: '?', role: 'replica', health: 'online' }), node({ id: 'c', port: 7002, ip: '10.0.0.3', endpoint: '10.0.0.3', role: 'replica', health: 'loading' })]],
  ]),
  new Map<unknown, unknown>([
    ['slots', [100, 199]],
    ['nodes', [node({ id: 'd', port: 7003, ip: '', endpoint: '?', role: 'master', health: 'fail' })]],
  ]),
  // A failed old master with no slots left: not in the map.
  new Map<unknown, unknown>([['slots', []], ['nodes', [node({ id: 'e', port: 7004, ip: '10.0.0.5', endpoint: '10.0.0.5', role: 'master', health: 'fail' })]]]),
];

function answering(replies: Record<string, unknown>): { send: NodeSend; asked: string[] } {
  const asked: string[] = [];
  const send: NodeSend = async (args, callback) => {
    const name = args.join(' ');
    asked.push(name);
    const reply = replies[name];
    if (reply instanceof Error) throw reply;
    return callback === undefined ? reply : callback(reply as never, {});
  };
  return { send, asked };
}

describe('reading the slot map', () => {
  it('reads CLUSTER SHARDS (RESP3 maps): masters whatever their health, online replicas only, unknown endpoints as the ip or the node asked', async () => {
    const { send } = answering({ 'CLUSTER SHARDS': shardsResp3 });
    const map = await new SlotLoader((a) => a, false).load(send, { host: '10.9.9.9', port: 7003 });
    expect(map.master(0)).toBe('10.0.0.1:7000');
    expect(map.master(250)).toBe('10.0.0.1:7000');
    expect(map.replicas(250)).toEqual(['10.0.0.2:7001']);
    expect(map.master(150)).toBe('10.9.9.9:7003');
    expect(map.master(300)).toBeUndefined();
    expect(map.nodes().sort()).toEqual(['10.0.0.1:7000', '10.0.0.2:7001', '10.9.9.9:7003']);
    expect(map.slotsOf('10.9.9.9:7003')).toHaveLength(100);
  });

  it('falls back to CLUSTER SLOTS for good when a server refuses SHARDS, and translates every address', async () => {
    const { ResponseError } = await import('@aredis/resp-parser');
    const { send, asked } = answering({
      'CLUSTER SHARDS': new ResponseError("ERR unknown subcommand 'SHARDS'"),
      'CLUSTER SLOTS': [[0, 16383, ['10.0.0.1', 7000, 'a'], ['10.0.0.2', 7001, 'b']]],
    });
    const loader = new SlotLoader(natTranslator({ '10.0.0.1:7000': { host: 'localhost', port: 17000 } }), false);
    const map = await loader.load(send, { host: 'localhost', port: 17000 });
    expect(map.master(5)).toBe('localhost:17000');
    expect(map.replicas(5)).toEqual(['10.0.0.2:7001']);
    await loader.load(send, { host: 'localhost', port: 17000 });
    expect(asked).toEqual(['CLUSTER SHARDS', 'CLUSTER SLOTS', 'CLUSTER SLOTS']);
    expect(loader.usesShards).toBe(false);
  });

  it('reads cluster-node-timeout from CONFIG GET in either protocol', () => {
    expect(nodeTimeoutFrom(['cluster-node-timeout', '5000'])).toBe(5000);
    expect(nodeTimeoutFrom([Buffer.from('cluster-node-timeout'), Buffer.from('1000')])).toBe(1000);
    expect(nodeTimeoutFrom(new Map([['cluster-node-timeout', '2000']]))).toBe(2000);
    expect(nodeTimeoutFrom([])).toBeUndefined();
    expect(retryBudget(undefined, 5000)).toBe(13_000);
    expect(retryBudget(undefined, undefined)).toBe(33_000);
    expect(retryBudget(1500, 5000)).toBe(1500);
  });
});

describe('natMap, readFrom and the options', () => {
  it('translates with a map or a function, and leaves other addresses alone', () => {
    expect(natTranslator({ 'a:1': { host: 'b', port: 2 } })({ host: 'a', port: 1 })).toEqual({ host: 'b', port: 2 });
    expect(natTranslator({ 'a:1': { host: 'b', port: 2 } })({ host: 'c', port: 3 })).toEqual({ host: 'c', port: 3 });
    expect(natTranslator(({ port }) => ({ host: 'proxy', port: port + 1 }))({ host: 'x', port: 1 })).toEqual({ host: 'proxy', port: 2 });
    expect(() => natTranslator(() => ({ host: 'x', port: 0 }))({ host: 'x', port: 1 })).toThrow(DataError);
  });

  it('picks nodes by policy: replicas in turn, the master when none, the master for writes', () => {
    const map = SlotMap.fromAssignments([{ ranges: [[0, 16383]], master: 'm:1', replicas: ['r:1', 'r:2'] }]);
    const bare = SlotMap.fromAssignments([{ ranges: [[0, 16383]], master: 'm:1', replicas: [] }]);
    const replica = new ReadRouter('replica');
    const picks = new Set(Array.from({ length: 4 }, () => replica.pick(map, 7, true)));
    expect([...picks].sort()).toEqual(['r:1', 'r:2']);
    expect(replica.pick(map, 7, false)).toBe('m:1');
    expect(replica.pick(bare, 7, true)).toBe('m:1');
    expect(new ReadRouter('preferReplica').pick(map, 7, true, true)).toBe('m:1');
    const robin = new ReadRouter('roundRobin');
    expect(new Set(Array.from({ length: 3 }, () => robin.pick(map, 7, true)))).toEqual(new Set(['m:1', 'r:1', 'r:2']));
    expect(new ReadRouter(({ replicas }) => replicas[1] ?? 'm:1').pick(map, 7, true)).toBe('r:2');
    expect(new ReadRouter('master').pick(map, 7, true)).toBe('m:1');
  });

  it('checks the cluster options, durations in seconds', () => {
    const resolved = resolveOptions({ refreshTimeout: 0.5, slotsRefreshInterval: 0, retryTimeout: 2, readFromReplicas: true });
    expect(resolved.refreshTimeout).toBe(500);
    expect(resolved.refreshInterval).toBe(0);
    expect(resolved.retryTimeout).toBe(2000);
    expect(resolved.readFrom).toBe('roundRobin');
    expect(resolved.backoff(1)).toBe(50);
    expect(resolved.backoff(10)).toBe(250);
    expect(() => resolveOptions({ retryTimeout: -1 })).toThrow(/retryTimeout/);
    expect(() => resolveOptions({ maxRedirections: 0 })).toThrow(/maxRedirections/);
    expect(() => resolveOptions({ startupNodes: [] })).toThrow(/startupNodes/);
    expect(() => resolveOptions({ retryBackoff: 5 as never })).toThrow(/retryBackoff/);
  });

  it('refuses an unknown option key, naming the nearest one, in the types too', () => {
    // @ts-expect-error: a typo is a type error
    expect(() => new StrictRedisCluster({ readFromReplica: true })).toThrow("StrictRedisCluster: unknown option 'readFromReplica' (did you mean 'readFromReplicas'?)");
    // @ts-expect-error: an old name
    expect(() => new StrictRedisCluster({ connectTimeout: 1 })).toThrow(/socketConnectTimeout/);
    // @ts-expect-error: a unix socket is no cluster option
    expect(() => new StrictRedisCluster({ path: '/tmp/redis.sock' })).toThrow(DataError);
    // Connection, pool and TLS options are the nodes'.
    const ok = new StrictRedisCluster({ password: 'p', socketTimeout: 1, maxIdleTime: 5, ssl: true, ca: 'x', rejectUnauthorized: false, protocol: 3 });
    void ok.close();
    expect(() => new StrictRedisCluster({ ca: 'x' } as never)).toThrow(/unknown option 'ca'/); // TLS options need ssl
    expectTypeOf<StrictRedisClusterOptions>().not.toHaveProperty('path');
  });
});
