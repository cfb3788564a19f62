import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataError, type RespValue } from '@aredis/resp-parser';
import { COMMANDS, type CommandMethods } from '@aredis/commands';
import { reply } from './helpers.js';

describe('stream commands: arguments', () => {
  it('XADD: id, fields, trimming (approximate by default, as redis-py), nomkstream', () => {
    expect(COMMANDS.xadd.build('s', { f: 'v', n: 1 })).toEqual(['XADD', 's', '*', 'f', 'v', 'n', 1]);
    expect(COMMANDS.xadd.build('s', { f: 'v' }, { id: '1-1', maxlen: 10 })).toEqual(['XADD', 's', 'MAXLEN', '~', 10, '1-1', 'f', 'v']);
    expect(COMMANDS.xadd.build('s', { f: 'v' }, { maxlen: 10, approximate: false })).toEqual(['XADD', 's', 'MAXLEN', 10, '*', 'f', 'v']);
    expect(COMMANDS.xadd.build('s', new Map([[Buffer.from('f'), 'v']]), { minid: '5-0', limit: 3, nomkstream: true })).toEqual([
      'XADD', 's', 'NOMKSTREAM', 'MINID', '~', '5-0', 'LIMIT', 3, '*', Buffer.from('f'), 'v',
    ]);
    expect(() => COMMANDS.xadd.build('s', {})).toThrow(/XADD: argument 'fields'/);
    expect(() => COMMANDS.xadd.build('s', { f: 'v' }, { maxlen: 1, minid: '1' })).toThrow(DataError);
    expect(() => COMMANDS.xadd.build('s', { f: 'v' }, { maxlen: 1, limit: 1, approximate: false })).toThrow(/'limit'/);
    expect(() => COMMANDS.xadd.build('s', { f: 'v' }, { maxlen: 1.5 })).toThrow(/'maxlen'/);
  });

  it('XRANGE / XREVRANGE with defaults and count', () => {
    expect(COMMANDS.xrange.build('s')).toEqual(['XRANGE', 's', '-', '+']);
    expect(COMMANDS.xrange.build('s', '1-0', '(5-0', { count: 2 })).toEqual(['XRANGE', 's', '1-0', '(5-0', 'COUNT', 2]);
    expect(COMMANDS.xrevrange.build('s')).toEqual(['XREVRANGE', 's', '+', '-']);
    expect(COMMANDS.xrevrange.build('s', '+', '-', { count: 1 })).toEqual(['XREVRANGE', 's', '+', '-', 'COUNT', 1]);
    expect(() => COMMANDS.xrange.build(1 as unknown as string)).toThrow(/XRANGE: argument 'name'/);
  });

  it('XLEN, XDEL, XTRIM', () => {
    expect(COMMANDS.xlen.build('s')).toEqual(['XLEN', 's']);
    expect(COMMANDS.xdel.build('s', '1-0', '2-0')).toEqual(['XDEL', 's', '1-0', '2-0']);
    expect(() => COMMANDS.xdel.build('s')).toThrow(/XDEL: argument 'ids'/);
    expect(COMMANDS.xtrim.build('s', { maxlen: 5 })).toEqual(['XTRIM', 's', 'MAXLEN', '~', 5]);
    expect(COMMANDS.xtrim.build('s', { minid: '3-0', approximate: false })).toEqual(['XTRIM', 's', 'MINID', '3-0']);
    expect(() => COMMANDS.xtrim.build('s', {})).toThrow(/'maxlen' or 'minid'/);
  });

  it('XREAD / XREADGROUP: streams as object, Map or pairs; blocking only with BLOCK', () => {
    const plain = COMMANDS.xread.build({ a: '$', b: '0-0' });
    expect(plain).toEqual(['XREAD', 'STREAMS', 'a', 'b', '$', '0-0']);
    const blocked = COMMANDS.xread.build([['a', '$']], { count: 2, block: 0 });
    expect(blocked).toEqual(['XREAD', 'COUNT', 2, 'BLOCK', 0, 'STREAMS', 'a', '$']);
    const isBlocking = COMMANDS.xread.blocking as (a: readonly unknown[]) => boolean;
    expect(isBlocking(plain)).toBe(false);
    expect(isBlocking(blocked)).toBe(true);
    expect(isBlocking(COMMANDS.xread.build({ BLOCK: '$' }))).toBe(false);
    const group = COMMANDS.xreadgroup.build('g', 'c', new Map([['s', '>']]), { count: 1, noack: true });
    expect(group).toEqual(['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', 1, 'NOACK', 'STREAMS', 's', '>']);
    const groupBlocking = COMMANDS.xreadgroup.blocking as (a: readonly unknown[]) => boolean;
    expect(groupBlocking(group)).toBe(false);
    expect(groupBlocking(COMMANDS.xreadgroup.build('BLOCK', 'c', { s: '>' }))).toBe(false);
    expect(groupBlocking(COMMANDS.xreadgroup.build('g', 'c', { s: '>' }, { block: 10 }))).toBe(true);
    expect(() => COMMANDS.xread.build({})).toThrow(/XREAD: argument 'streams'/);
    // The one-object form gives the same arguments.
    expect(COMMANDS.xread.build({ streams: { a: '$' }, count: 2, block: 0 })).toEqual(['XREAD', 'COUNT', 2, 'BLOCK', 0, 'STREAMS', 'a', '$']);
    expect(COMMANDS.xread.build({ streams: [['streams', '0']] })).toEqual(['XREAD', 'STREAMS', 'streams', '0']);
    expect(COMMANDS.xread.build({ streams: '0' })).toEqual(['XREAD', 'STREAMS', 'streams', '0']); // a stream named 'streams'
    expect(COMMANDS.xreadgroup.build('g', 'c', { streams: { s: '>' }, noack: true })).toEqual(['XREADGROUP', 'GROUP', 'g', 'c', 'NOACK', 'STREAMS', 's', '>']);
    expect(() => COMMANDS.xread.build({ streams: { a: '$' } }, { count: 1 })).toThrow(/not both/);
    expect(() => COMMANDS.xreadgroup.build('g', 'c', { s: '>' }, { block: -0.5 })).toThrow(/'block'/);
  });

  it('XGROUP subcommands and XGROUP HELP', () => {
    expect(COMMANDS.xgroupCreate.build('s', 'g')).toEqual(['XGROUP', 'CREATE', 's', 'g', '$']);
    expect(COMMANDS.xgroupCreate.build('s', 'g', '0', { mkstream: true, entriesRead: 3 })).toEqual([
      'XGROUP', 'CREATE', 's', 'g', '0', 'MKSTREAM', 'ENTRIESREAD', 3,
    ]);
    expect(COMMANDS.xgroupDestroy.build('s', 'g')).toEqual(['XGROUP', 'DESTROY', 's', 'g']);
    expect(COMMANDS.xgroupSetid.build('s', 'g', '$', { entriesRead: 0 })).toEqual(['XGROUP', 'SETID', 's', 'g', '$', 'ENTRIESREAD', 0]);
    expect(COMMANDS.xgroupCreateconsumer.build('s', 'g', 'c')).toEqual(['XGROUP', 'CREATECONSUMER', 's', 'g', 'c']);
    expect(COMMANDS.xgroupDelconsumer.build('s', 'g', 'c')).toEqual(['XGROUP', 'DELCONSUMER', 's', 'g', 'c']);
    expect(COMMANDS.xgroupHelp.build()).toEqual(['XGROUP', 'HELP']);
    expect(() => COMMANDS.xgroupCreate.build('s', null as unknown as string)).toThrow(/'groupname'/);
  });

  it('XACK, XPENDING (both forms), XCLAIM, XAUTOCLAIM', () => {
    expect(COMMANDS.xack.build('s', 'g', '1-0')).toEqual(['XACK', 's', 'g', '1-0']);
    expect(() => COMMANDS.xack.build('s', 'g')).toThrow(/XACK: argument 'ids'/);
    expect(COMMANDS.xpending.build('s', 'g')).toEqual(['XPENDING', 's', 'g']);
    expect(COMMANDS.xpending.build('s', 'g', { min: '-', max: '+', count: 10, consumername: 'c', idle: 5 })).toEqual([
      'XPENDING', 's', 'g', 'IDLE', 5, '-', '+', 10, 'c',
    ]);
    expect(() => COMMANDS.xpending.build('s', 'g', { min: '-' } as never)).toThrow(/'min', 'max' and 'count'/);
    expect(COMMANDS.xclaim.build('s', 'g', 'c', 0, ['1-0'], { idle: 1, time: 2, retrycount: 3, force: true, justid: true, lastid: '9-0' })).toEqual([
      'XCLAIM', 's', 'g', 'c', 0, '1-0', 'IDLE', 1, 'TIME', 2, 'RETRYCOUNT', 3, 'FORCE', 'JUSTID', 'LASTID', '9-0',
    ]);
    expect(() => COMMANDS.xclaim.build('s', 'g', 'c', 0, [])).toThrow(/'messageIds'/);
    expect(COMMANDS.xautoclaim.build('s', 'g', 'c', 10)).toEqual(['XAUTOCLAIM', 's', 'g', 'c', 10, '0-0']);
    expect(COMMANDS.xautoclaim.build('s', 'g', 'c', 10, { startId: '5-0', count: 2, justid: true })).toEqual([
      'XAUTOCLAIM', 's', 'g', 'c', 10, '5-0', 'COUNT', 2, 'JUSTID',
    ]);
    expect(() => COMMANDS.xautoclaim.build('s', 'g', 'c', '1' as unknown as number)).toThrow(/'minIdleTime'/);
  });

  it('XINFO subcommands and XSETID', () => {
    expect(COMMANDS.xinfoStream.build('s')).toEqual(['XINFO', 'STREAM', 's']);
    expect(COMMANDS.xinfoStream.build('s', { full: true, count: 5 })).toEqual(['XINFO', 'STREAM', 's', 'FULL', 'COUNT', 5]);
    expect(() => COMMANDS.xinfoStream.build('s', { count: 5 })).toThrow(/'count' needs 'full'/);
    expect(COMMANDS.xinfoGroups.build('s')).toEqual(['XINFO', 'GROUPS', 's']);
    expect(COMMANDS.xinfoConsumers.build('s', 'g')).toEqual(['XINFO', 'CONSUMERS', 's', 'g']);
    expect(COMMANDS.xinfoHelp.build()).toEqual(['XINFO', 'HELP']);
    expect(COMMANDS.xsetid.build('s', '5-0', { entriesAdded: 5, maxDeletedEntryId: '1-0' })).toEqual([
      'XSETID', 's', '5-0', 'ENTRIESADDED', 5, 'MAXDELETEDID', '1-0',
    ]);
  });

  it('flags: readonly and blocking as the specifications say', () => {
    expect(COMMANDS.xrange.readonly).toBe(true);
    expect(COMMANDS.xread.readonly).toBe(true);
    expect(COMMANDS.xinfoStream.readonly).toBe(true);
    expect(COMMANDS.xreadgroup.readonly).toBe(false);
    expect(COMMANDS.xadd.readonly).toBe(false);
  });
});

describe('stream commands: replies, the same under RESP2 and RESP3', () => {
  const fields2: RespValue = ['f', 'v'];
  const fields3: RespValue = ['f', 'v']; // entries stay arrays of pairs under RESP3 too

  it('entries as [id, fields]', () => {
    expect(reply('xrange', [['1-0', fields2], ['2-0', fields3]])).toEqual([['1-0', { f: 'v' }], ['2-0', { f: 'v' }]]);
  });

  it('XREAD: RESP2 array and RESP3 map give the same list; nil gives []', () => {
    const shaped = [['s', [['1-0', { f: 'v' }]]]];
    expect(reply('xread', [['s', [['1-0', fields2]]]])).toEqual(shaped);
    expect(reply('xread', new Map<RespValue, RespValue>([['s', [['1-0', fields3]]]]))).toEqual(shaped);
    expect(reply('xread', null)).toEqual([]);
    expect(reply('xreadgroup', [['s', [['1-0', null]]]])).toEqual([['s', [['1-0', null]]]]);
  });

  it('XPENDING summary and range as redis-py dicts', () => {
    expect(reply('xpending', [2, '1-0', '2-0', [['c', '2']]])).toEqual({
      pending: 2, min: '1-0', max: '2-0', consumers: [{ name: 'c', pending: 2 }],
    });
    expect(reply('xpending', [0, null, null, null])).toEqual({ pending: 0, min: null, max: null, consumers: [] });
    expect(reply('xpending', [['1-0', 'c', 5, 1]], { min: '-', max: '+', count: 1 })).toEqual([
      { message_id: '1-0', consumer: 'c', time_since_delivered: 5, times_delivered: 1 },
    ]);
  });

  it('XCLAIM / XAUTOCLAIM with and without justid', () => {
    expect(reply('xclaim', [['1-0', fields2]])).toEqual([['1-0', { f: 'v' }]]);
    expect(reply('xclaim', ['1-0'], { justid: true })).toEqual(['1-0']);
    expect(reply('xautoclaim', ['0-0', [['1-0', fields2]], ['3-0']])).toEqual(['0-0', [['1-0', { f: 'v' }]], ['3-0']]);
    expect(reply('xautoclaim', ['0-0', ['1-0'], []], { justid: true })).toEqual(['1-0']);
  });

  it('XINFO STREAM, GROUPS, CONSUMERS as objects from flat arrays or maps', () => {
    const resp2 = ['length', 1, 'groups', 0, 'first-entry', ['1-0', fields2], 'last-entry', null];
    const resp3 = new Map<RespValue, RespValue>([['length', 1], ['groups', 0], ['first-entry', ['1-0', fields3]], ['last-entry', null]]);
    const shaped = { length: 1, groups: 0, 'first-entry': ['1-0', { f: 'v' }], 'last-entry': null };
    expect(reply('xinfoStream', resp2)).toEqual(shaped);
    expect(reply('xinfoStream', resp3)).toEqual(shaped);
    const full2 = ['length', 1, 'entries', [['1-0', fields2]], 'groups', [['name', 'g', 'pending', [['1-0', 'c', 5, 1]], 'consumers', [['name', 'c', 'pending', [['1-0', 5, 1]]]]]]];
    const full3 = new Map<RespValue, RespValue>([
      ['length', 1],
      ['entries', [['1-0', fields3]]],
      ['groups', [new Map<RespValue, RespValue>([['name', 'g'], ['pending', [['1-0', 'c', 5, 1]]], ['consumers', [new Map<RespValue, RespValue>([['name', 'c'], ['pending', [['1-0', 5, 1]]]])]]])]],
    ]);
    const fullShaped = {
      length: 1,
      entries: [['1-0', { f: 'v' }]],
      groups: [{ name: 'g', pending: [['1-0', 'c', 5, 1]], consumers: [{ name: 'c', pending: [['1-0', 5, 1]] }] }],
    };
    expect(reply('xinfoStream', full2, { full: true })).toEqual(fullShaped);
    expect(reply('xinfoStream', full3, { full: true })).toEqual(fullShaped);
    expect(reply('xinfoGroups', [['name', 'g', 'pending', 0]])).toEqual([{ name: 'g', pending: 0 }]);
    expect(reply('xinfoConsumers', [new Map<RespValue, RespValue>([['name', 'c'], ['idle', 3]])])).toEqual([{ name: 'c', idle: 3 }]);
  });

  it('OK and 1/0 replies as booleans; HELP as strings', () => {
    expect(reply('xgroupCreate', 'OK')).toBe(true);
    expect(reply('xgroupSetid', 'OK')).toBe(true);
    expect(reply('xsetid', 'OK')).toBe(true);
    expect(reply('xgroupDestroy', 1)).toBe(true);
    expect(reply('xgroupDestroy', 0)).toBe(false);
    expect(reply('xinfoHelp', ['a', Buffer.from('b')])).toEqual(['a', 'b']);
    expect(reply('xgroupHelp', ['a'])).toEqual(['a']);
  });
});

describe('stream commands: types', () => {
  it('decodeResponses picks string or Buffer; options pick the overload', () => {
    type S = CommandMethods<true>;
    type B = CommandMethods<false>;
    expectTypeOf<ReturnType<S['xadd']>>().toEqualTypeOf<Promise<string | null>>();
    expectTypeOf<ReturnType<B['xrange']>>().toEqualTypeOf<Promise<[Buffer, Record<string, Buffer>][]>>();
    expectTypeOf<ReturnType<S['xread']>>().toEqualTypeOf<Promise<[string, [string, Record<string, string>][]][]>>();
    // Checked by the type checker only (`pnpm typecheck`): never called.
    const overloads = (s: S, b: B) => {
    expectTypeOf(s.xpending('s', 'g')).resolves.toHaveProperty('consumers');
    expectTypeOf(s.xpending('s', 'g', { min: '-', max: '+', count: 1 })).resolves.items.toHaveProperty('message_id');
    expectTypeOf(b.xclaim('s', 'g', 'c', 0, ['1-0'], { justid: true })).resolves.toEqualTypeOf<Buffer[]>();
    expectTypeOf(s.xclaim('s', 'g', 'c', 0, ['1-0'])).resolves.toEqualTypeOf<[string, Record<string, string>][]>();
    expectTypeOf(s.xautoclaim('s', 'g', 'c', 0)).resolves.toEqualTypeOf<[string, [string, Record<string, string>][], string[]]>();
    expectTypeOf(s.xinfoStream('s', { full: true })).resolves.toHaveProperty('entries');
    expectTypeOf(b.xinfoStream('s')).resolves.toHaveProperty('first-entry').toEqualTypeOf<[Buffer, Record<string, Buffer>] | null>();
    };
    expect(typeof overloads).toBe('function');
  });
});
