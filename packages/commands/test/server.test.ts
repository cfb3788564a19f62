import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataError, VerbatimString } from '@aredis/resp-parser';
import { COMMANDS, RESPONSE_CALLBACKS, type CommandMethods } from '@aredis/commands';

const INFO_TEXT = [
  '# Server',
  'redis_version:7.0.15',
  'redis_git_dirty:0',
  'uptime_in_seconds:12',
  'mem_fragmentation_ratio:3.25',
  'run_id:4b2c0bd3e1f4a2c6',
  'executable:/usr/bin/redis-server',
  '',
  '# Keyspace',
  'db0:keys=2,expires=0,avg_ttl=0',
  'cmdstat_get:calls=3,usec=10,usec_per_call=3.33,rejected_calls=0,failed_calls=0',
  'errorstat_ERR:count=1',
  'module:name=search,ver=20600,api=1,filters=0,usedby=[],using=[],options=[]',
  'io_threads_list:a,b,',
  'raw line without colon',
  '',
].join('\r\n');

describe('INFO', () => {
  it('builds with any number of sections', () => {
    expect(COMMANDS.info.build()).toEqual(['INFO']);
    expect(COMMANDS.info.build('server')).toEqual(['INFO', 'server']);
    expect(COMMANDS.info.build('server', 'keyspace')).toEqual(['INFO', 'server', 'keyspace']);
    expect(() => COMMANDS.info.build(3 as unknown as string)).toThrow(/INFO: argument 'section'/);
  });

  it('parses like redis-py parse_info from a bulk string, a Buffer and a verbatim string', () => {
    const expected = {
      redis_version: '7.0.15',
      redis_git_dirty: 0,
      uptime_in_seconds: 12,
      mem_fragmentation_ratio: 3.25,
      run_id: '4b2c0bd3e1f4a2c6',
      executable: '/usr/bin/redis-server',
      db0: { keys: 2, expires: 0, avg_ttl: 0 },
      cmdstat_get: { calls: 3, usec: 10, usec_per_call: 3.33, rejected_calls: 0, failed_calls: 0 },
      errorstat_ERR: { count: 1 },
      modules: [{ name: 'search', ver: 20600, api: 1, filters: 0, usedby: '[]', using: '[]', options: '[]' }],
      io_threads_list: ['a', 'b'],
      __raw__: ['raw line without colon'],
    };
    const parse = RESPONSE_CALLBACKS.INFO!;
    expect(parse(INFO_TEXT, {})).toEqual(expected);
    expect(parse(Buffer.from(INFO_TEXT), {})).toEqual(expected);
    expect(parse(new VerbatimString('txt', INFO_TEXT), {})).toEqual(expected);
    expect(parse(new VerbatimString('txt', Buffer.from(INFO_TEXT)), {})).toEqual(expected);
  });

  it('keeps texts that only look numeric as strings', () => {
    const parsed = RESPONSE_CALLBACKS.INFO!('a:0x10\nb:1e5\nc:inf\nd:-3\ne:.5\nf:flag=,x', {}) as Record<string, unknown>;
    expect(parsed).toEqual({ a: '0x10', b: '1e5', c: 'inf', d: -3, e: 0.5, f: { flag: '', x: true } });
  });
});

describe('CONFIG', () => {
  it('builds CONFIG GET with one or several patterns, * by default', () => {
    expect(COMMANDS.configGet.build()).toEqual(['CONFIG', 'GET', '*']);
    expect(COMMANDS.configGet.build('maxmemory*', 'port')).toEqual(['CONFIG', 'GET', 'maxmemory*', 'port']);
    expect(() => COMMANDS.configGet.build(1 as unknown as string)).toThrow(/'pattern'/);
  });

  it('shapes CONFIG GET as an object from RESP2 pairs and a RESP3 map', () => {
    const cb = RESPONSE_CALLBACKS['CONFIG GET']!;
    expect(cb(['maxmemory', '0', 'port', '6380'], {})).toEqual({ maxmemory: '0', port: '6380' });
    expect(cb(new Map([['maxmemory', '0']]), {})).toEqual({ maxmemory: '0' });
    expect(cb([], {})).toEqual({});
  });

  it('builds CONFIG SET from one pair or an object of several', () => {
    expect(COMMANDS.configSet.build('maxmemory', '10mb')).toEqual(['CONFIG', 'SET', 'maxmemory', '10mb']);
    expect(COMMANDS.configSet.build('hz', 20)).toEqual(['CONFIG', 'SET', 'hz', 20]);
    expect(COMMANDS.configSet.build({ hz: 20, 'maxmemory-policy': 'allkeys-lru' })).toEqual([
      'CONFIG', 'SET', 'hz', 20, 'maxmemory-policy', 'allkeys-lru',
    ]);
    expect(() => COMMANDS.configSet.build('hz')).toThrow(DataError);
    expect(() => COMMANDS.configSet.build({})).toThrow(/at least one/);
    expect(() => COMMANDS.configSet.build({ hz: null as unknown as number })).toThrow(/argument 'hz'/);
    expect(() => COMMANDS.configSet.build({ hz: 1 }, 2)).toThrow(/'value'/);
    expect(RESPONSE_CALLBACKS['CONFIG SET']!('OK', {})).toBe(true);
  });

  it('builds CONFIG RESETSTAT, REWRITE and HELP', () => {
    expect(COMMANDS.configResetstat.build()).toEqual(['CONFIG', 'RESETSTAT']);
    expect(COMMANDS.configRewrite.build()).toEqual(['CONFIG', 'REWRITE']);
    expect(COMMANDS.configHelp.build()).toEqual(['CONFIG', 'HELP']);
    expect(RESPONSE_CALLBACKS['CONFIG HELP']!(['a', Buffer.from('b')], {})).toEqual(['a', 'b']);
  });
});

describe('keyspace administration', () => {
  it('builds DBSIZE, FLUSHDB and FLUSHALL with ASYNC or SYNC', () => {
    expect(COMMANDS.dbsize.build()).toEqual(['DBSIZE']);
    expect(COMMANDS.flushdb.build()).toEqual(['FLUSHDB']);
    expect(COMMANDS.flushdb.build({ asynchronous: true })).toEqual(['FLUSHDB', 'ASYNC']);
    expect(COMMANDS.flushdb.build({ synchronous: true })).toEqual(['FLUSHDB', 'SYNC']);
    expect(COMMANDS.flushall.build({ asynchronous: true })).toEqual(['FLUSHALL', 'ASYNC']);
    expect(() => COMMANDS.flushall.build({ asynchronous: true, synchronous: true })).toThrow(/'asynchronous' and 'synchronous'/);
    expect(RESPONSE_CALLBACKS.FLUSHDB!('OK', {})).toBe(true);
  });

  it('builds SWAPDB with integer indexes', () => {
    expect(COMMANDS.swapdb.build(0, 1)).toEqual(['SWAPDB', 0, 1]);
    expect(() => COMMANDS.swapdb.build(0, 1.5)).toThrow(/SWAPDB: argument 'second'/);
  });

  it('shapes TIME as two numbers and LASTSAVE as a Date', () => {
    expect(COMMANDS.time.build()).toEqual(['TIME']);
    expect(RESPONSE_CALLBACKS.TIME!(['1700000000', '123456'], {})).toEqual([1700000000, 123456]);
    expect(RESPONSE_CALLBACKS.TIME!([Buffer.from('1'), Buffer.from('2')], {})).toEqual([1, 2]);
    expect(COMMANDS.lastsave.build()).toEqual(['LASTSAVE']);
    expect(RESPONSE_CALLBACKS.LASTSAVE!(1700000000, {})).toEqual(new Date(1700000000000));
  });

  it('builds the persistence commands', () => {
    expect(COMMANDS.save.build()).toEqual(['SAVE']);
    expect(COMMANDS.bgsave.build()).toEqual(['BGSAVE']);
    expect(COMMANDS.bgsave.build({ schedule: true })).toEqual(['BGSAVE', 'SCHEDULE']);
    expect(COMMANDS.bgrewriteaof.build()).toEqual(['BGREWRITEAOF']);
    expect(RESPONSE_CALLBACKS.BGSAVE!('Background saving started', {})).toBe(true);
  });

  it('types the server basics', () => {
    expectTypeOf<ReturnType<CommandMethods<true>['configGet']>>().toEqualTypeOf<Promise<Record<string, string>>>();
    expectTypeOf<ReturnType<CommandMethods<false>['configGet']>>().toEqualTypeOf<Promise<Record<string, string>>>(); // strings, as redis-py's callback
    expectTypeOf<ReturnType<CommandMethods<false>['time']>>().toEqualTypeOf<Promise<[number, number]>>();
    expectTypeOf<ReturnType<CommandMethods<false>['lastsave']>>().toEqualTypeOf<Promise<Date>>();
    expectTypeOf<ReturnType<CommandMethods<false>['dbsize']>>().toEqualTypeOf<Promise<number>>();
  });
});

describe('ACL', () => {
  it('builds the simple ACL subcommands', () => {
    expect(COMMANDS.aclCat.build()).toEqual(['ACL', 'CAT']);
    expect(COMMANDS.aclCat.build('read')).toEqual(['ACL', 'CAT', 'read']);
    expect(COMMANDS.aclDeluser.build('a', 'b')).toEqual(['ACL', 'DELUSER', 'a', 'b']);
    expect(() => COMMANDS.aclDeluser.build(undefined as unknown as string)).toThrow(/'username'/);
    expect(COMMANDS.aclDryrun.build('u', 'GET', 'k')).toEqual(['ACL', 'DRYRUN', 'u', 'GET', 'k']);
    expect(COMMANDS.aclGenpass.build()).toEqual(['ACL', 'GENPASS']);
    expect(COMMANDS.aclGenpass.build(128)).toEqual(['ACL', 'GENPASS', 128]);
    expect(() => COMMANDS.aclGenpass.build(1.5)).toThrow(/'bits'/);
    expect(COMMANDS.aclGetuser.build('u')).toEqual(['ACL', 'GETUSER', 'u']);
    expect(COMMANDS.aclList.build()).toEqual(['ACL', 'LIST']);
    expect(COMMANDS.aclUsers.build()).toEqual(['ACL', 'USERS']);
    expect(COMMANDS.aclWhoami.build()).toEqual(['ACL', 'WHOAMI']);
    expect(COMMANDS.aclLoad.build()).toEqual(['ACL', 'LOAD']);
    expect(COMMANDS.aclSave.build()).toEqual(['ACL', 'SAVE']);
    expect(COMMANDS.aclHelp.build()).toEqual(['ACL', 'HELP']);
    expect(RESPONSE_CALLBACKS['ACL DRYRUN']!('OK', {})).toBe('OK');
  });

  it('builds ACL SETUSER rules like redis-py acl_setuser', () => {
    expect(
      COMMANDS.aclSetuser.build('u', {
        reset: true,
        enabled: true,
        passwords: ['+secret', '-old'],
        hashedPasswords: ['+' + 'a'.repeat(64)],
        categories: ['+@read', '-dangerous'],
        commands: ['+get', '-flushall'],
        keys: ['cache:*', '%R~log:*'],
        channels: ['news'],
        selectors: [['+set', '~w*']],
        rules: ['allkeys'],
      }),
    ).toEqual([
      'ACL', 'SETUSER', 'u', 'reset', 'on', '>secret', '<old', '#' + 'a'.repeat(64), '+@read', '-@dangerous', '+get',
      '-flushall', '~cache:*', '%R~log:*', '&news', '(+set ~w*)', 'allkeys',
    ]);
    expect(COMMANDS.aclSetuser.build('u')).toEqual(['ACL', 'SETUSER', 'u']);
    expect(COMMANDS.aclSetuser.build('u', { enabled: false, nopass: true, resetKeys: true, resetChannels: true, resetPasswords: true })).toEqual([
      'ACL', 'SETUSER', 'u', 'resetkeys', 'resetchannels', 'resetpass', 'off', 'nopass',
    ]);
    expect(() => COMMANDS.aclSetuser.build('u', { passwords: ['nosign'] })).toThrow(/'passwords' must start with/);
    expect(() => COMMANDS.aclSetuser.build('u', { selectors: [[]] })).toThrow(/'selectors'/);
  });

  it('shapes ACL GETUSER from RESP2 pairs and a RESP3 map', () => {
    const resp2 = [
      'flags', ['on', 'sanitize-payload'], 'passwords', ['abc'], 'commands', '+@all -debug', 'keys', '~* %R~x', 'channels', '&*',
      'selectors', [['commands', '+get', 'keys', '~s*', 'channels', '']],
    ];
    const expected = {
      flags: ['on', 'sanitize-payload'], passwords: ['abc'], commands: ['-debug'], categories: ['+@all'], keys: ['~*', '%R~x'],
      channels: ['&*'], selectors: [{ commands: '+get', keys: '~s*', channels: '' }], enabled: true,
    };
    const cb = RESPONSE_CALLBACKS['ACL GETUSER']!;
    expect(cb(resp2, {})).toEqual(expected);
    const resp3 = new Map<unknown, unknown>([
      ['flags', new Set(['on', 'sanitize-payload'])], ['passwords', ['abc']], ['commands', '+@all -debug'], ['keys', '~* %R~x'],
      ['channels', '&*'], ['selectors', [new Map([['commands', '+get'], ['keys', '~s*'], ['channels', '']])]],
    ]);
    expect(cb(resp3 as never, {})).toEqual(expected);
    expect(cb(null, {})).toBeNull();
  });

  it('builds ACL LOG with count or reset and shapes entries', () => {
    expect(COMMANDS.aclLog.build()).toEqual(['ACL', 'LOG']);
    expect(COMMANDS.aclLog.build({ count: 5 })).toEqual(['ACL', 'LOG', 5]);
    expect(COMMANDS.aclLog.build({ reset: true })).toEqual(['ACL', 'LOG', 'RESET']);
    expect(() => COMMANDS.aclLog.build({ reset: true, count: 1 })).toThrow(/'count' and 'reset'/);
    const cb = RESPONSE_CALLBACKS['ACL LOG']!;
    expect(cb('OK', { reset: true })).toBe(true);
    const entry = ['count', 1, 'reason', 'command', 'context', 'toplevel', 'object', 'get', 'username', 'u', 'age-seconds', '0.5',
      'client-info', 'id=5 addr=a:1 age=0 idle=0 db=0 cmd=get', 'entry-id', 0, 'timestamp-created', 1, 'timestamp-last-updated', 1];
    expect(cb([entry], {})).toEqual([
      expect.objectContaining({ count: 1, reason: 'command', object: 'get', 'age-seconds': 0.5, 'client-info': expect.objectContaining({ id: 5, cmd: 'get' }) }),
    ]);
  });
});

describe('COMMAND', () => {
  const getInfo = ['get', 2, ['readonly', 'fast'], 1, 1, 1, ['@read', '@string', '@fast'], [],
    [['flags', ['RO', 'ACCESS'], 'begin_search', ['type', 'index', 'spec', ['index', 1]], 'find_keys', ['type', 'range', 'spec', ['lastkey', 0, 'keystep', 1, 'limit', 0]]]], []];

  it('builds every COMMAND subcommand', () => {
    expect(COMMANDS.command.build()).toEqual(['COMMAND']);
    expect(COMMANDS.commandCount.build()).toEqual(['COMMAND', 'COUNT']);
    expect(COMMANDS.commandInfo.build('get', 'set')).toEqual(['COMMAND', 'INFO', 'get', 'set']);
    expect(COMMANDS.commandDocs.build('get')).toEqual(['COMMAND', 'DOCS', 'get']);
    expect(COMMANDS.commandGetkeys.build('MSET', 'a', 1)).toEqual(['COMMAND', 'GETKEYS', 'MSET', 'a', 1]);
    expect(() => COMMANDS.commandGetkeys.build()).toThrow(/'args'/);
    expect(COMMANDS.commandGetkeysandflags.build('GET', 'a')).toEqual(['COMMAND', 'GETKEYSANDFLAGS', 'GET', 'a']);
    expect(COMMANDS.commandList.build()).toEqual(['COMMAND', 'LIST']);
    expect(COMMANDS.commandList.build({ module: 'm' })).toEqual(['COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'm']);
    expect(COMMANDS.commandList.build({ category: 'read' })).toEqual(['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'read']);
    expect(COMMANDS.commandList.build({ pattern: 'x*' })).toEqual(['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'x*']);
    expect(() => COMMANDS.commandList.build({ module: 'm', pattern: 'p' })).toThrow(/'module' and 'pattern'/);
    expect(COMMANDS.commandHelp.build()).toEqual(['COMMAND', 'HELP']);
  });

  it('shapes COMMAND INFO by name, skipping unknown names, from RESP2 and RESP3', () => {
    const expected = {
      get: {
        name: 'get', arity: 2, flags: ['readonly', 'fast'], first_key_pos: 1, last_key_pos: 1, step_count: 1,
        acl_categories: ['@read', '@string', '@fast'], tips: [],
        key_specifications: [{ flags: ['RO', 'ACCESS'], begin_search: { type: 'index', spec: { index: 1 } }, find_keys: { type: 'range', spec: { lastkey: 0, keystep: 1, limit: 0 } } }],
        subcommands: [],
      },
    };
    expect(RESPONSE_CALLBACKS['COMMAND INFO']!([getInfo, null], {})).toEqual(expected);
    const resp3 = ['get', 2, new Set(['readonly', 'fast']), 1, 1, 1, new Set(['@read', '@string', '@fast']), [],
      new Set([new Map<unknown, unknown>([['flags', new Set(['RO', 'ACCESS'])], ['begin_search', new Map<unknown, unknown>([['type', 'index'], ['spec', new Map([['index', 1]])]])],
        ['find_keys', new Map<unknown, unknown>([['type', 'range'], ['spec', new Map([['lastkey', 0], ['keystep', 1], ['limit', 0]])]])]])]), new Set()];
    expect(RESPONSE_CALLBACKS.COMMAND!([resp3] as never, {})).toEqual(expected);
  });

  it('shapes COMMAND DOCS and GETKEYSANDFLAGS', () => {
    const doc = ['summary', 'Get', 'since', '1.0.0', 'group', 'string', 'complexity', 'O(1)', 'history', [['2.0', 'x']],
      'doc_flags', ['deprecated'], 'arguments', [['name', 'key', 'type', 'key', 'key_spec_index', 0, 'flags', ['optional']]],
      'subcommands', ['a|b', ['summary', 'sub']]];
    expect(RESPONSE_CALLBACKS['COMMAND DOCS']!(['get', doc], {})).toEqual({
      get: {
        summary: 'Get', since: '1.0.0', group: 'string', complexity: 'O(1)', history: [['2.0', 'x']], doc_flags: ['deprecated'],
        arguments: [{ name: 'key', type: 'key', key_spec_index: 0, flags: ['optional'] }], subcommands: { 'a|b': { summary: 'sub' } },
      },
    });
    expect(RESPONSE_CALLBACKS['COMMAND GETKEYSANDFLAGS']!([['a', ['RW', 'UPDATE']]], {})).toEqual([['a', ['RW', 'UPDATE']]]);
    expect(RESPONSE_CALLBACKS['COMMAND GETKEYSANDFLAGS']!([['a', new Set(['RO'])]] as never, {})).toEqual([['a', ['RO']]]);
  });
});

describe('MEMORY, SLOWLOG, LATENCY, MODULE', () => {
  it('builds MEMORY subcommands and shapes MEMORY STATS with numbers under both protocols', () => {
    expect(COMMANDS.memoryDoctor.build()).toEqual(['MEMORY', 'DOCTOR']);
    expect(COMMANDS.memoryMallocStats.build()).toEqual(['MEMORY', 'MALLOC-STATS']);
    expect(COMMANDS.memoryPurge.build()).toEqual(['MEMORY', 'PURGE']);
    expect(COMMANDS.memoryStats.build()).toEqual(['MEMORY', 'STATS']);
    expect(COMMANDS.memoryUsage.build('k')).toEqual(['MEMORY', 'USAGE', 'k']);
    expect(COMMANDS.memoryUsage.build('k', { samples: 0 })).toEqual(['MEMORY', 'USAGE', 'k', 'SAMPLES', 0]);
    expect(() => COMMANDS.memoryUsage.build(1 as unknown as string)).toThrow(/MEMORY USAGE: argument 'key'/);
    expect(COMMANDS.memoryHelp.build()).toEqual(['MEMORY', 'HELP']);
    const cb = RESPONSE_CALLBACKS['MEMORY STATS']!;
    const want = { 'peak.allocated': 100, 'dataset.percentage': 12.5, 'db.0': { 'overhead.hashtable.main': 72 }, 'allocator.name': 'jemalloc' };
    expect(cb(['peak.allocated', 100, 'dataset.percentage', '12.5', 'db.0', ['overhead.hashtable.main', 72], 'allocator.name', 'jemalloc'], {})).toEqual(want);
    expect(cb(new Map<unknown, unknown>([['peak.allocated', 100], ['dataset.percentage', 12.5], ['db.0', new Map([['overhead.hashtable.main', 72]])], ['allocator.name', 'jemalloc']]) as never, {})).toEqual(want);
    expect(RESPONSE_CALLBACKS['MEMORY DOCTOR']!(new VerbatimString('txt', 'Hi Sam'), {})).toBe('Hi Sam');
    expect(RESPONSE_CALLBACKS['MEMORY DOCTOR']!(Buffer.from('Hi'), {})).toEqual(Buffer.from('Hi'));
  });

  it('builds SLOWLOG subcommands and shapes entries like redis-py', () => {
    expect(COMMANDS.slowlogGet.build()).toEqual(['SLOWLOG', 'GET']);
    expect(COMMANDS.slowlogGet.build(10)).toEqual(['SLOWLOG', 'GET', 10]);
    expect(() => COMMANDS.slowlogGet.build('x' as unknown as number)).toThrow(/'num'/);
    expect(COMMANDS.slowlogLen.build()).toEqual(['SLOWLOG', 'LEN']);
    expect(COMMANDS.slowlogReset.build()).toEqual(['SLOWLOG', 'RESET']);
    expect(COMMANDS.slowlogHelp.build()).toEqual(['SLOWLOG', 'HELP']);
    const cb = RESPONSE_CALLBACKS['SLOWLOG GET']!;
    expect(cb([[1, 1700000000, 25, ['SET', 'k', 'v'], '127.0.0.1:5000', 'web']], {})).toEqual([
      { id: 1, start_time: 1700000000, duration: 25, command: 'SET k v', client_address: '127.0.0.1:5000', client_name: 'web' },
    ]);
    const raw = cb([[2, 1, 2, [Buffer.from('GET'), Buffer.from('k')], Buffer.from('a'), Buffer.from('')]], {}) as { command: Buffer }[];
    expect(raw[0]!.command).toEqual(Buffer.from('GET k'));
  });

  it('builds LATENCY subcommands and shapes their replies', () => {
    expect(COMMANDS.latencyDoctor.build()).toEqual(['LATENCY', 'DOCTOR']);
    expect(COMMANDS.latencyGraph.build('command')).toEqual(['LATENCY', 'GRAPH', 'command']);
    expect(COMMANDS.latencyHistogram.build()).toEqual(['LATENCY', 'HISTOGRAM']);
    expect(COMMANDS.latencyHistogram.build('set', 'get')).toEqual(['LATENCY', 'HISTOGRAM', 'set', 'get']);
    expect(COMMANDS.latencyHistory.build('command')).toEqual(['LATENCY', 'HISTORY', 'command']);
    expect(COMMANDS.latencyLatest.build()).toEqual(['LATENCY', 'LATEST']);
    expect(COMMANDS.latencyReset.build()).toEqual(['LATENCY', 'RESET']);
    expect(COMMANDS.latencyReset.build('command', 'fork')).toEqual(['LATENCY', 'RESET', 'command', 'fork']);
    expect(() => COMMANDS.latencyGraph.build(undefined as unknown as string)).toThrow(/'event'/);
    expect(COMMANDS.latencyHelp.build()).toEqual(['LATENCY', 'HELP']);
    expect(RESPONSE_CALLBACKS['LATENCY HISTOGRAM']!(['set', ['calls', 3, 'histogram_usec', [1, 2, 4, 3]]], {})).toEqual({
      set: { calls: 3, histogram_usec: { 1: 2, 4: 3 } },
    });
    expect(RESPONSE_CALLBACKS['LATENCY HISTORY']!([[1700000000, 5]], {})).toEqual([[1700000000, 5]]);
    expect(RESPONSE_CALLBACKS['LATENCY LATEST']!([['command', 1700000000, 5, 9]], {})).toEqual([['command', 1700000000, 5, 9]]);
  });

  it('builds MODULE subcommands', () => {
    expect(COMMANDS.moduleList.build()).toEqual(['MODULE', 'LIST']);
    expect(COMMANDS.moduleLoad.build('/m.so', 'a', 1)).toEqual(['MODULE', 'LOAD', '/m.so', 'a', 1]);
    expect(COMMANDS.moduleLoadex.build('/m.so', { options: { 'm.x': 1 }, args: ['a'] })).toEqual([
      'MODULE', 'LOADEX', '/m.so', 'CONFIG', 'm.x', 1, 'ARGS', 'a',
    ]);
    expect(COMMANDS.moduleLoadex.build('/m.so')).toEqual(['MODULE', 'LOADEX', '/m.so']);
    expect(() => COMMANDS.moduleLoadex.build('/m.so', { args: 'a' as unknown as string[] })).toThrow(/'args'/);
    expect(COMMANDS.moduleUnload.build('m')).toEqual(['MODULE', 'UNLOAD', 'm']);
    expect(COMMANDS.moduleHelp.build()).toEqual(['MODULE', 'HELP']);
    expect(RESPONSE_CALLBACKS['MODULE LIST']!([['name', 'm', 'ver', 1, 'path', '/m.so', 'args', []]], {})).toEqual([
      { name: 'm', ver: 1, path: '/m.so', args: [] },
    ]);
  });
});

describe('replication, shutdown, debug', () => {
  it('builds REPLICAOF and SLAVEOF, NO ONE without arguments', () => {
    expect(COMMANDS.replicaof.build('h', 6379)).toEqual(['REPLICAOF', 'h', 6379]);
    expect(COMMANDS.replicaof.build()).toEqual(['REPLICAOF', 'NO', 'ONE']);
    expect(COMMANDS.slaveof.build('h', 1)).toEqual(['SLAVEOF', 'h', 1]);
    expect(COMMANDS.slaveof.build()).toEqual(['SLAVEOF', 'NO', 'ONE']);
    expect(() => COMMANDS.replicaof.build('h')).toThrow(/'host' and 'port'/);
  });

  it('shapes ROLE for a master, a replica and a sentinel', () => {
    const cb = RESPONSE_CALLBACKS.ROLE!;
    expect(COMMANDS.role.build()).toEqual(['ROLE']);
    expect(cb(['master', 10, [['127.0.0.1', '6380', '10']]], {})).toEqual(['master', 10, [['127.0.0.1', 6380, 10]]]);
    expect(cb([Buffer.from('slave'), 'h', 6379, 'connected', 10], {})).toEqual(['slave', 'h', 6379, 'connected', 10]);
    expect(cb(['sentinel', ['mymaster']], {})).toEqual(['sentinel', ['mymaster']]);
  });

  it('builds FAILOVER and SHUTDOWN with their options', () => {
    expect(COMMANDS.failover.build()).toEqual(['FAILOVER']);
    expect(COMMANDS.failover.build({ host: 'h', port: 1, force: true, timeout: 100 })).toEqual(['FAILOVER', 'TO', 'h', 1, 'FORCE', 'TIMEOUT', 100]);
    expect(COMMANDS.failover.build({ abort: true })).toEqual(['FAILOVER', 'ABORT']);
    expect(() => COMMANDS.failover.build({ force: true })).toThrow(/'force'/);
    expect(() => COMMANDS.failover.build({ host: 'h' })).toThrow(/'host' and 'port'/);
    expect(() => COMMANDS.failover.build({ abort: true, timeout: 1 })).toThrow(/'abort' and 'timeout'/);
    expect(COMMANDS.shutdown.build()).toEqual(['SHUTDOWN']);
    expect(COMMANDS.shutdown.build({ nosave: true, now: true, force: true })).toEqual(['SHUTDOWN', 'NOSAVE', 'NOW', 'FORCE']);
    expect(COMMANDS.shutdown.build({ save: true })).toEqual(['SHUTDOWN', 'SAVE']);
    expect(COMMANDS.shutdown.build({ abort: true })).toEqual(['SHUTDOWN', 'ABORT']);
    expect(() => COMMANDS.shutdown.build({ save: true, nosave: true })).toThrow(/'save' and 'nosave'/);
    expect(() => COMMANDS.shutdown.build({ abort: true, now: true })).toThrow(/'abort'/);
  });

  it('builds DEBUG OBJECT and parses it like redis-py', () => {
    expect(COMMANDS.debugObject.build('k')).toEqual(['DEBUG', 'OBJECT', 'k']);
    expect(RESPONSE_CALLBACKS['DEBUG OBJECT']!('Value at:0x7f00 refcount:1 encoding:embstr serializedlength:2 lru:123 lru_seconds_idle:4', {})).toEqual({
      type: 'Value', at: '0x7f00', refcount: 1, encoding: 'embstr', serializedlength: 2, lru: 123, lru_seconds_idle: 4,
    });
  });

  it('builds LOLWUT with a version and parameters', () => {
    expect(COMMANDS.lolwut.build()).toEqual(['LOLWUT']);
    expect(COMMANDS.lolwut.build(5, 1, 2)).toEqual(['LOLWUT', 'VERSION', 5, 1, 2]);
    expect(() => COMMANDS.lolwut.build(5.5)).toThrow(/'version'/);
  });

  it('types option-dependent and structured replies', () => {
    expectTypeOf<ReturnType<CommandMethods<true>['aclLog']>>().toEqualTypeOf<Promise<import('@aredis/commands').AclLogEntry[] | boolean>>();
    expectTypeOf<Awaited<ReturnType<CommandMethods<false>['slowlogGet']>>[number]['command']>().toEqualTypeOf<Buffer>();
    expectTypeOf<Awaited<ReturnType<CommandMethods<true>['slowlogGet']>>[number]['command']>().toEqualTypeOf<string>();
    expectTypeOf<ReturnType<CommandMethods<true>['aclGetuser']>>().toEqualTypeOf<Promise<import('@aredis/commands').AclUser | null>>();
    expectTypeOf<ReturnType<CommandMethods<false>['lolwut']>>().toEqualTypeOf<Promise<Buffer>>();
  });
});
