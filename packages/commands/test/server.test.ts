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
    expectTypeOf<ReturnType<CommandMethods<false>['configGet']>>().toEqualTypeOf<Promise<Record<string, Buffer>>>();
    expectTypeOf<ReturnType<CommandMethods<false>['time']>>().toEqualTypeOf<Promise<[number, number]>>();
    expectTypeOf<ReturnType<CommandMethods<false>['lastsave']>>().toEqualTypeOf<Promise<Date>>();
    expectTypeOf<ReturnType<CommandMethods<false>['dbsize']>>().toEqualTypeOf<Promise<number>>();
  });
});
