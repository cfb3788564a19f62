import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataError, VerbatimString } from '@aredis/resp-parser';
import { COMMANDS, RESPONSE_CALLBACKS, type CommandMethods } from '@aredis/commands';

const LINE =
  'id=3 addr=127.0.0.1:50110 laddr=127.0.0.1:6379 fd=8 name=web age=12 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=26 qbuf-free=20448 argv-mem=10 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=22298 events=r cmd=client|info user=default redir=-1 resp=2';

describe('PING and ECHO', () => {
  it('builds them', () => {
    expect(COMMANDS.ping.build()).toEqual(['PING']);
    expect(COMMANDS.ping.build('hi')).toEqual(['PING', 'hi']);
    expect(COMMANDS.echo.build('x')).toEqual(['ECHO', 'x']);
    expect(COMMANDS.echo.build(5)).toEqual(['ECHO', 5]);
    expect(() => COMMANDS.echo.build(null as unknown as string)).toThrow(/ECHO: argument 'message'/);
  });
});

describe('CLIENT', () => {
  it('parses CLIENT INFO like parse_client_info, from text, Buffer and verbatim', () => {
    const expected = expect.objectContaining({
      id: 3, addr: '127.0.0.1:50110', name: 'web', age: 12, idle: 0, db: 0, flags: 'N', multi: -1,
      'qbuf-free': 20448, 'tot-mem': 22298, cmd: 'client|info', user: 'default', redir: '-1', resp: '2',
    });
    const cb = RESPONSE_CALLBACKS['CLIENT INFO']!;
    expect(cb(LINE + '\n', {})).toEqual(expected);
    expect(cb(Buffer.from(LINE + '\n'), {})).toEqual(expected);
    expect(cb(new VerbatimString('txt', LINE + '\n'), {})).toEqual(expected);
    expect(COMMANDS.clientInfo.build()).toEqual(['CLIENT', 'INFO']);
  });

  it('parses CLIENT LIST into one object a client; empty name stays an empty string', () => {
    const two = `${LINE}\nid=4 addr=x:1 name= age=1 idle=1 flags=N db=1 cmd=ping\n`;
    const list = RESPONSE_CALLBACKS['CLIENT LIST']!(two, {}) as { id: number; name: string; db: number }[];
    expect(list.map((c) => [c.id, c.name, c.db])).toEqual([[3, 'web', 0], [4, '', 1]]);
    expect(RESPONSE_CALLBACKS['CLIENT LIST']!('', {})).toEqual([]);
  });

  it('builds CLIENT LIST with TYPE and ID', () => {
    expect(COMMANDS.clientList.build()).toEqual(['CLIENT', 'LIST']);
    expect(COMMANDS.clientList.build({ type: 'normal', clientId: [1, 2] })).toEqual(['CLIENT', 'LIST', 'TYPE', 'normal', 'ID', 1, 2]);
    expect(() => COMMANDS.clientList.build({ type: 'bogus' as 'normal' })).toThrow(/'type'/);
    expect(() => COMMANDS.clientList.build({ clientId: [] })).toThrow(/'clientId'/);
    expect(() => COMMANDS.clientList.build({ clientId: [1.5] })).toThrow(/'clientId'/);
  });

  it('builds CLIENT ID, GETNAME, SETNAME, GETREDIR, HELP', () => {
    expect(COMMANDS.clientId.build()).toEqual(['CLIENT', 'ID']);
    expect(COMMANDS.clientGetname.build()).toEqual(['CLIENT', 'GETNAME']);
    expect(COMMANDS.clientSetname.build('web')).toEqual(['CLIENT', 'SETNAME', 'web']);
    expect(() => COMMANDS.clientSetname.build(1 as unknown as string)).toThrow(/'name'/);
    expect(COMMANDS.clientGetredir.build()).toEqual(['CLIENT', 'GETREDIR']);
    expect(COMMANDS.clientHelp.build()).toEqual(['CLIENT', 'HELP']);
    expect(RESPONSE_CALLBACKS['CLIENT SETNAME']!('OK', {})).toBe(true);
  });

  it('builds CLIENT KILL in the address form and the filter form', () => {
    expect(COMMANDS.clientKill.build('1.2.3.4:5')).toEqual(['CLIENT', 'KILL', '1.2.3.4:5']);
    expect(COMMANDS.clientKill.build({ id: 7, type: 'normal', addr: 'a:1', laddr: 'b:2', user: 'u', skipme: false })).toEqual([
      'CLIENT', 'KILL', 'ID', 7, 'TYPE', 'normal', 'ADDR', 'a:1', 'LADDR', 'b:2', 'USER', 'u', 'SKIPME', 'NO',
    ]);
    expect(() => COMMANDS.clientKill.build({})).toThrow(/at least one filter/);
    expect(() => COMMANDS.clientKill.build({ id: 'x' as unknown as number })).toThrow(/argument 'id'/);
    expect(RESPONSE_CALLBACKS['CLIENT KILL']!('OK', {})).toBe(true);
    expect(RESPONSE_CALLBACKS['CLIENT KILL']!(2, {})).toBe(2);
  });

  it('builds CLIENT PAUSE, UNPAUSE', () => {
    expect(COMMANDS.clientPause.build(100)).toEqual(['CLIENT', 'PAUSE', 100]);
    expect(COMMANDS.clientPause.build(100, { all: false })).toEqual(['CLIENT', 'PAUSE', 100, 'WRITE']);
    expect(() => COMMANDS.clientPause.build(-0.5)).toThrow(/'timeout'/);
    expect(COMMANDS.clientUnpause.build()).toEqual(['CLIENT', 'UNPAUSE']);
  });

  it('builds CLIENT TRACKING with its options and shapes TRACKINGINFO', () => {
    expect(COMMANDS.clientTracking.build(true)).toEqual(['CLIENT', 'TRACKING', 'ON']);
    expect(COMMANDS.clientTracking.build(true, { clientId: 5, prefix: ['a:', 'b:'], bcast: true, noloop: true })).toEqual([
      'CLIENT', 'TRACKING', 'ON', 'REDIRECT', 5, 'PREFIX', 'a:', 'PREFIX', 'b:', 'BCAST', 'NOLOOP',
    ]);
    expect(COMMANDS.clientTracking.build(false)).toEqual(['CLIENT', 'TRACKING', 'OFF']);
    expect(COMMANDS.clientTracking.build(true, { optin: true })).toEqual(['CLIENT', 'TRACKING', 'ON', 'OPTIN']);
    expect(() => COMMANDS.clientTracking.build(true, { optin: true, optout: true })).toThrow(/'optin' and 'optout'/);
    expect(() => COMMANDS.clientTracking.build('on' as unknown as boolean)).toThrow(/'on'/);
    expect(COMMANDS.clientTrackinginfo.build()).toEqual(['CLIENT', 'TRACKINGINFO']);
    const cb = RESPONSE_CALLBACKS['CLIENT TRACKINGINFO']!;
    const want = { flags: ['on', 'bcast'], redirect: -1, prefixes: ['a:'] };
    expect(cb(['flags', ['on', 'bcast'], 'redirect', -1, 'prefixes', ['a:']], {})).toEqual(want);
    expect(cb(new Map<string, unknown>([['flags', new Set(['on', 'bcast'])], ['redirect', -1], ['prefixes', ['a:']]]) as never, {})).toEqual(want);
  });

  // CLIENT NO-TOUCH and CLIENT SETINFO are Redis 7.2 commands: argument tests only (the test server is 7.0).
  it('builds CLIENT CACHING, NO-EVICT, NO-TOUCH (7.2, arguments only), UNBLOCK, SETINFO (7.2, arguments only)', () => {
    expect(COMMANDS.clientCaching.build(true)).toEqual(['CLIENT', 'CACHING', 'YES']);
    expect(COMMANDS.clientCaching.build(false)).toEqual(['CLIENT', 'CACHING', 'NO']);
    expect(() => COMMANDS.clientCaching.build('yes' as unknown as boolean)).toThrow(DataError);
    expect(COMMANDS.clientNoEvict.build(true)).toEqual(['CLIENT', 'NO-EVICT', 'ON']);
    expect(COMMANDS.clientNoTouch.build(false)).toEqual(['CLIENT', 'NO-TOUCH', 'OFF']);
    expect(COMMANDS.clientUnblock.build(9)).toEqual(['CLIENT', 'UNBLOCK', 9]);
    expect(COMMANDS.clientUnblock.build(9, { error: true })).toEqual(['CLIENT', 'UNBLOCK', 9, 'ERROR']);
    expect(RESPONSE_CALLBACKS['CLIENT UNBLOCK']!(1, {})).toBe(true);
    expect(RESPONSE_CALLBACKS['CLIENT UNBLOCK']!(0, {})).toBe(false);
    expect(COMMANDS.clientSetinfo.build('lib-name', 'aredis')).toEqual(['CLIENT', 'SETINFO', 'LIB-NAME', 'aredis']);
    expect(COMMANDS.clientSetinfo.build('lib-ver', '1.0')).toEqual(['CLIENT', 'SETINFO', 'LIB-VER', '1.0']);
    expect(() => COMMANDS.clientSetinfo.build('x' as 'lib-ver', '1')).toThrow(/'attr'/);
  });

  it('types CLIENT replies', () => {
    expectTypeOf<ReturnType<CommandMethods<false>['clientKill']>>().toEqualTypeOf<Promise<boolean | number>>();
    expectTypeOf<CommandMethods<false>['clientKill']>().toBeCallableWith({ id: 1 });
    expectTypeOf<ReturnType<CommandMethods<false>['clientGetname']>>().toEqualTypeOf<Promise<Buffer | null>>();
    expectTypeOf<ReturnType<CommandMethods<true>['clientGetname']>>().toEqualTypeOf<Promise<string | null>>();
    expectTypeOf<Awaited<ReturnType<CommandMethods<true>['clientList']>>[number]['id']>().toEqualTypeOf<number>();
    expectTypeOf<Awaited<ReturnType<CommandMethods<false>['clientTrackinginfo']>>['prefixes']>().toEqualTypeOf<Buffer[]>();
  });
});
