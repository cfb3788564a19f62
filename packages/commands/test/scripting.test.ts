import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataError, type RespValue } from '@aredis/resp-parser';
import { COMMANDS, type CommandMethods } from '@aredis/commands';
import { reply } from './helpers.js';

describe('scripting commands: arguments', () => {
  it('EVAL family as redis-py: (script, numkeys, ...keysAndArgs)', () => {
    expect(COMMANDS.eval.build('return 1', 0)).toEqual(['EVAL', 'return 1', 0]);
    expect(COMMANDS.eval.build('return KEYS[1]', 1, 'k', 'a', 2)).toEqual(['EVAL', 'return KEYS[1]', 1, 'k', 'a', 2]);
    expect(COMMANDS.evalsha.build('abc', 2, 'k1', 'k2')).toEqual(['EVALSHA', 'abc', 2, 'k1', 'k2']);
    expect(COMMANDS.evalRo.build('return 1', 1, 'k')).toEqual(['EVAL_RO', 'return 1', 1, 'k']);
    expect(COMMANDS.evalshaRo.build('abc', 0, 'x')).toEqual(['EVALSHA_RO', 'abc', 0, 'x']);
    expect(COMMANDS.fcall.build('f', 1, 'k', 'v')).toEqual(['FCALL', 'f', 1, 'k', 'v']);
    expect(COMMANDS.fcallRo.build('f', 0)).toEqual(['FCALL_RO', 'f', 0]);
    expect(() => COMMANDS.eval.build('return 1', 2, 'k')).toThrow(/EVAL: argument 'numkeys'/);
    expect(() => COMMANDS.evalsha.build('abc', -1)).toThrow(DataError);
    expect(() => COMMANDS.fcall.build('f', 1.5, 'k', 'a')).toThrow(/FCALL: argument 'numkeys'/);
    expect(() => COMMANDS.eval.build('s', 1, null as never)).toThrow(/EVAL: argument 'keys'/);
    expect(() => COMMANDS.eval.build('s', 0, null as never)).toThrow(/EVAL: argument 'args'/);
    expect(() => COMMANDS.fcallRo.build(undefined as never, 0)).toThrow(/FCALL_RO: argument 'function'/);
  });

  it('SCRIPT subcommands', () => {
    expect(COMMANDS.scriptLoad.build('return 1')).toEqual(['SCRIPT', 'LOAD', 'return 1']);
    expect(COMMANDS.scriptExists.build('a', 'b')).toEqual(['SCRIPT', 'EXISTS', 'a', 'b']);
    expect(() => COMMANDS.scriptExists.build()).toThrow(/SCRIPT EXISTS: argument 'shas'/);
    expect(COMMANDS.scriptFlush.build()).toEqual(['SCRIPT', 'FLUSH']);
    expect(COMMANDS.scriptFlush.build('async')).toEqual(['SCRIPT', 'FLUSH', 'ASYNC']);
    expect(() => COMMANDS.scriptFlush.build('later' as never)).toThrow(/'syncType'/);
    expect(COMMANDS.scriptKill.build()).toEqual(['SCRIPT', 'KILL']);
    expect(COMMANDS.scriptDebug.build('no')).toEqual(['SCRIPT', 'DEBUG', 'NO']);
    expect(() => COMMANDS.scriptDebug.build('maybe' as never)).toThrow(/SCRIPT DEBUG: argument 'mode'/);
    expect(COMMANDS.scriptHelp.build()).toEqual(['SCRIPT', 'HELP']);
  });

  it('FUNCTION subcommands', () => {
    expect(COMMANDS.functionLoad.build('#!lua name=l')).toEqual(['FUNCTION', 'LOAD', '#!lua name=l']);
    expect(COMMANDS.functionLoad.build('code', { replace: true })).toEqual(['FUNCTION', 'LOAD', 'REPLACE', 'code']);
    expect(COMMANDS.functionDelete.build('l')).toEqual(['FUNCTION', 'DELETE', 'l']);
    expect(COMMANDS.functionFlush.build('SYNC')).toEqual(['FUNCTION', 'FLUSH', 'SYNC']);
    expect(COMMANDS.functionList.build()).toEqual(['FUNCTION', 'LIST']);
    expect(COMMANDS.functionList.build({ library: 'l*', withcode: true })).toEqual(['FUNCTION', 'LIST', 'LIBRARYNAME', 'l*', 'WITHCODE']);
    expect(COMMANDS.functionDump.build()).toEqual(['FUNCTION', 'DUMP']);
    const payload = Buffer.from([0xf5, 0xc3]);
    expect(COMMANDS.functionRestore.build(payload)).toEqual(['FUNCTION', 'RESTORE', payload]);
    expect(COMMANDS.functionRestore.build(payload, { policy: 'REPLACE' })).toEqual(['FUNCTION', 'RESTORE', payload, 'REPLACE']);
    expect(() => COMMANDS.functionRestore.build(payload, { policy: 'MERGE' as never })).toThrow(/'policy'/);
    expect(COMMANDS.functionStats.build()).toEqual(['FUNCTION', 'STATS']);
    expect(COMMANDS.functionKill.build()).toEqual(['FUNCTION', 'KILL']);
    expect(COMMANDS.functionHelp.build()).toEqual(['FUNCTION', 'HELP']);
    expect(() => COMMANDS.functionDelete.build({} as never)).toThrow(/FUNCTION DELETE: argument 'library'/);
  });

  it('flags: the _RO variants are read-only', () => {
    expect(COMMANDS.evalRo.readonly).toBe(true);
    expect(COMMANDS.evalshaRo.readonly).toBe(true);
    expect(COMMANDS.fcallRo.readonly).toBe(true);
    expect(COMMANDS.eval.readonly).toBe(false);
    expect(COMMANDS.fcall.readonly).toBe(false);
  });
});

describe('scripting commands: replies', () => {
  it('SCRIPT EXISTS as booleans, OK as true, HELP as strings', () => {
    expect(reply('scriptExists', [1, 0])).toEqual([true, false]);
    for (const name of ['scriptFlush', 'scriptKill', 'scriptDebug', 'functionDelete', 'functionFlush', 'functionRestore', 'functionKill'] as const) {
      expect(reply(name, 'OK')).toBe(true);
    }
    expect(reply('scriptHelp', ['x'])).toEqual(['x']);
    expect(reply('functionHelp', ['y'])).toEqual(['y']);
  });

  it('FUNCTION LIST as objects from RESP2 arrays and RESP3 maps (flags as an array)', () => {
    const shaped = [{ library_name: 'l', engine: 'LUA', functions: [{ name: 'f', description: null, flags: ['no-writes'] }] }];
    const resp2: RespValue = [['library_name', 'l', 'engine', 'LUA', 'functions', [['name', 'f', 'description', null, 'flags', ['no-writes']]]]];
    const resp3: RespValue = [
      new Map<RespValue, RespValue>([
        ['library_name', 'l'],
        ['engine', 'LUA'],
        ['functions', [new Map<RespValue, RespValue>([['name', 'f'], ['description', null], ['flags', new Set<RespValue>(['no-writes'])]])]],
      ]),
    ];
    expect(reply('functionList', resp2)).toEqual(shaped);
    expect(reply('functionList', resp3)).toEqual(shaped);
  });

  it('FUNCTION STATS as nested objects', () => {
    const shaped = { running_script: null, engines: { LUA: { libraries_count: 1, functions_count: 2 } } };
    expect(reply('functionStats', ['running_script', null, 'engines', ['LUA', ['libraries_count', 1, 'functions_count', 2]]])).toEqual(shaped);
    const resp3 = new Map<RespValue, RespValue>([
      ['running_script', null],
      ['engines', new Map<RespValue, RespValue>([['LUA', new Map<RespValue, RespValue>([['libraries_count', 1], ['functions_count', 2]])]])],
    ]);
    expect(reply('functionStats', resp3)).toEqual(shaped);
  });
});

describe('scripting commands: types', () => {
  it('decodeResponses decides string or Buffer', () => {
    expectTypeOf<ReturnType<CommandMethods<true>['scriptLoad']>>().toEqualTypeOf<Promise<string>>();
    expectTypeOf<ReturnType<CommandMethods<false>['scriptLoad']>>().toEqualTypeOf<Promise<string>>(); // redis-py's str_if_bytes
    expectTypeOf<ReturnType<CommandMethods<true>['scriptExists']>>().toEqualTypeOf<Promise<boolean[]>>();
    expectTypeOf<ReturnType<CommandMethods<false>['eval']>>().toEqualTypeOf<Promise<unknown>>();
    expectTypeOf<Awaited<ReturnType<CommandMethods<false>['functionList']>>[number]['library_name']>().toEqualTypeOf<Buffer>();
    expectTypeOf<Awaited<ReturnType<CommandMethods<true>['functionList']>>[number]['functions'][number]['flags']>().toEqualTypeOf<string[]>();
  });
});
