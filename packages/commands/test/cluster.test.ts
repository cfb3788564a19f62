import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataError, VerbatimString, type RespValue } from '@aredis/resp-parser';
import { COMMANDS, type CommandMethods } from '@aredis/commands';
import { reply } from './helpers.js';

describe('cluster commands: arguments', () => {
  it('introspection subcommands without arguments', () => {
    const bare = {
      clusterInfo: 'INFO',
      clusterNodes: 'NODES',
      clusterSlots: 'SLOTS',
      clusterShards: 'SHARDS',
      clusterLinks: 'LINKS',
      clusterMyid: 'MYID',
      clusterMyshardid: 'MYSHARDID', // Redis 7.2: argument test only (the test server is 7.0)
      clusterHelp: 'HELP',
      clusterFlushslots: 'FLUSHSLOTS',
      clusterSaveconfig: 'SAVECONFIG',
      clusterBumpepoch: 'BUMPEPOCH',
    } as const;
    for (const [method, sub] of Object.entries(bare)) {
      expect((COMMANDS[method as keyof typeof bare].build as () => unknown[])()).toEqual(['CLUSTER', sub]);
    }
  });

  it('slots and keys', () => {
    expect(COMMANDS.clusterKeyslot.build('user:{1}')).toEqual(['CLUSTER', 'KEYSLOT', 'user:{1}']);
    expect(COMMANDS.clusterCountkeysinslot.build(7)).toEqual(['CLUSTER', 'COUNTKEYSINSLOT', 7]);
    expect(COMMANDS.clusterGetkeysinslot.build(7, 10)).toEqual(['CLUSTER', 'GETKEYSINSLOT', 7, 10]);
    expect(COMMANDS.clusterAddslots.build(1, 2, 3)).toEqual(['CLUSTER', 'ADDSLOTS', 1, 2, 3]);
    expect(COMMANDS.clusterDelslots.build(1)).toEqual(['CLUSTER', 'DELSLOTS', 1]);
    expect(COMMANDS.clusterAddslotsrange.build(0, 100, 200, 300)).toEqual(['CLUSTER', 'ADDSLOTSRANGE', 0, 100, 200, 300]);
    expect(COMMANDS.clusterDelslotsrange.build(0, 100)).toEqual(['CLUSTER', 'DELSLOTSRANGE', 0, 100]);
    expect(() => COMMANDS.clusterAddslots.build()).toThrow(/CLUSTER ADDSLOTS: argument 'slots'/);
    expect(() => COMMANDS.clusterAddslotsrange.build(0)).toThrow(/start, end pairs/);
    expect(() => COMMANDS.clusterGetkeysinslot.build(1, '2' as never)).toThrow(/'count'/);
    expect(() => COMMANDS.clusterCountkeysinslot.build(1.5)).toThrow(DataError);
  });

  it('node management', () => {
    expect(COMMANDS.clusterCountFailureReports.build('id1')).toEqual(['CLUSTER', 'COUNT-FAILURE-REPORTS', 'id1']);
    expect(COMMANDS.clusterReplicas.build('id1')).toEqual(['CLUSTER', 'REPLICAS', 'id1']);
    expect(COMMANDS.clusterSlaves.build('id1')).toEqual(['CLUSTER', 'SLAVES', 'id1']);
    expect(COMMANDS.clusterForget.build('id1')).toEqual(['CLUSTER', 'FORGET', 'id1']);
    expect(COMMANDS.clusterReplicate.build('id1')).toEqual(['CLUSTER', 'REPLICATE', 'id1']);
    expect(COMMANDS.clusterSetConfigEpoch.build(3)).toEqual(['CLUSTER', 'SET-CONFIG-EPOCH', 3]);
    expect(COMMANDS.clusterFailover.build()).toEqual(['CLUSTER', 'FAILOVER']);
    expect(COMMANDS.clusterFailover.build('takeover')).toEqual(['CLUSTER', 'FAILOVER', 'TAKEOVER']);
    expect(() => COMMANDS.clusterFailover.build('now' as never)).toThrow(/'option'/);
    expect(COMMANDS.clusterMeet.build('127.0.0.1', 7000)).toEqual(['CLUSTER', 'MEET', '127.0.0.1', 7000]);
    expect(COMMANDS.clusterMeet.build('127.0.0.1', 7000, { clusterBusPort: 17000 })).toEqual(['CLUSTER', 'MEET', '127.0.0.1', 7000, 17000]);
    expect(() => COMMANDS.clusterMeet.build('h', '7000' as never)).toThrow(/CLUSTER MEET: argument 'port'/);
    expect(COMMANDS.clusterReset.build()).toEqual(['CLUSTER', 'RESET', 'SOFT']);
    expect(COMMANDS.clusterReset.build({ soft: false })).toEqual(['CLUSTER', 'RESET', 'HARD']);
    expect(COMMANDS.clusterSetslot.build(5, 'NODE', 'id1')).toEqual(['CLUSTER', 'SETSLOT', 5, 'NODE', 'id1']);
    expect(COMMANDS.clusterSetslot.build(5, 'STABLE')).toEqual(['CLUSTER', 'SETSLOT', 5, 'STABLE']);
    expect(() => COMMANDS.clusterSetslot.build(5, 'MIGRATING')).toThrow(/needs a 'nodeId'/);
    expect(() => COMMANDS.clusterSetslot.build(5, 'STABLE', 'x')).toThrow(/STABLE takes no 'nodeId'/);
    expect(() => COMMANDS.clusterSetslot.build(5, 'MOVED' as never, 'x')).toThrow(/'state'/);
    expect(() => COMMANDS.clusterForget.build(undefined as never)).toThrow(/CLUSTER FORGET: argument 'nodeId'/);
  });

  it('READONLY, READWRITE, ASKING', () => {
    expect(COMMANDS.readonly.build()).toEqual(['READONLY']);
    expect(COMMANDS.readwrite.build()).toEqual(['READWRITE']);
    expect(COMMANDS.asking.build()).toEqual(['ASKING']);
  });
});

describe('cluster commands: replies', () => {
  it('CLUSTER INFO as an object of strings, from a bulk or a verbatim string', () => {
    const body = 'cluster_state:ok\r\ncluster_slots_assigned:16384\r\n';
    const shaped = { cluster_state: 'ok', cluster_slots_assigned: '16384' };
    expect(reply('clusterInfo', body)).toEqual(shaped);
    expect(reply('clusterInfo', Buffer.from(body))).toEqual(shaped);
    expect(reply('clusterInfo', new VerbatimString('txt', body))).toEqual(shaped);
  });

  it('CLUSTER NODES / REPLICAS as redis-py parse_cluster_nodes', () => {
    const text =
      'e7d1 127.0.0.1:30001@31001,host-a myself,master - 0 1426238316232 1 connected 0-5460 5461 [5462->-f3a9] [5463-<-c1d2]\n' +
      'f3a9 127.0.0.1:30002@31002 slave e7d1 0 1426238317239 2 disconnected\n';
    const nodes = reply('clusterNodes', text);
    expect(nodes).toEqual({
      '127.0.0.1:30001': {
        node_id: 'e7d1',
        hostname: 'host-a',
        flags: 'myself,master',
        master_id: '-',
        last_ping_sent: '0',
        last_pong_rcvd: '1426238316232',
        epoch: '1',
        slots: [['0', '5460'], ['5461']],
        migrations: [
          { slot: '5462', node_id: 'f3a9', state: 'migrating' },
          { slot: '5463', node_id: 'c1d2', state: 'importing' },
        ],
        connected: true,
      },
      '127.0.0.1:30002': {
        node_id: 'f3a9',
        hostname: '',
        flags: 'slave',
        master_id: 'e7d1',
        last_ping_sent: '0',
        last_pong_rcvd: '1426238317239',
        epoch: '2',
        slots: [],
        migrations: [],
        connected: false,
      },
    });
    expect(reply('clusterReplicas', ['f3a9 127.0.0.1:30002@31002 slave e7d1 0 1 2 connected'])).toHaveProperty(['127.0.0.1:30002', 'master_id'], 'e7d1');
    expect(reply('clusterSlaves', [])).toEqual({});
  });

  it('CLUSTER SLOTS, SHARDS, LINKS as objects (RESP2 arrays and RESP3 maps alike)', () => {
    expect(reply('clusterSlots', [[0, 5460, ['127.0.0.1', 30001, 'e7d1', []], [Buffer.from('127.0.0.1'), 30004, 'a1b2']]])).toEqual([
      { start: 0, end: 5460, primary: ['127.0.0.1', 30001, 'e7d1'], replicas: [['127.0.0.1', 30004, 'a1b2']] },
    ]);
    const shaped = [{ slots: [0, 5460], nodes: [{ id: 'e7d1', port: 30001, role: 'master' }] }];
    expect(reply('clusterShards', [['slots', [0, 5460], 'nodes', [['id', 'e7d1', 'port', 30001, 'role', 'master']]]])).toEqual(shaped);
    const resp3 = [
      new Map<RespValue, RespValue>([
        ['slots', [0, 5460]],
        ['nodes', [new Map<RespValue, RespValue>([['id', 'e7d1'], ['port', 30001], ['role', 'master']])]],
      ]),
    ];
    expect(reply('clusterShards', resp3)).toEqual(shaped);
    expect(reply('clusterLinks', [['direction', 'to', 'node', 'e7d1']])).toEqual([{ direction: 'to', node: 'e7d1' }]);
  });

  it('OK as true; BUMPEPOCH and HELP as strings', () => {
    for (const name of ['clusterAddslots', 'clusterMeet', 'clusterReset', 'clusterSetslot', 'readonly', 'readwrite', 'asking'] as const) {
      expect(reply(name, 'OK')).toBe(true);
    }
    expect(reply('clusterBumpepoch', 'BUMPED 2')).toBe('BUMPED 2');
    expect(reply('clusterHelp', ['a'])).toEqual(['a']);
  });
});

describe('cluster commands: types', () => {
  it('parsed objects, and Bulk where the server sends strings', () => {
    expectTypeOf<ReturnType<CommandMethods<true>['clusterInfo']>>().toEqualTypeOf<Promise<Record<string, string>>>();
    expectTypeOf<ReturnType<CommandMethods<false>['clusterMyid']>>().toEqualTypeOf<Promise<Buffer>>();
    expectTypeOf<ReturnType<CommandMethods<true>['clusterGetkeysinslot']>>().toEqualTypeOf<Promise<string[]>>();
    expectTypeOf<Awaited<ReturnType<CommandMethods<false>['clusterNodes']>>[string]['slots']>().toEqualTypeOf<string[][]>();
    expectTypeOf<ReturnType<CommandMethods<false>['readonly']>>().toEqualTypeOf<Promise<boolean>>();
  });
});
