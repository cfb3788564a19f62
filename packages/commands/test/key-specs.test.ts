import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandKeyIndexes, commandKeys, commandName, keySpecsOf } from '@aredis/commands';
import { renderKeySpecs } from '../src/key-specs-source.js';

describe('generated key specs', () => {
  it('are up to date with the specifications (run scripts/generate-key-specs.ts)', () => {
    const committed = readFileSync(new URL('../src/generated/key-specs.ts', import.meta.url), 'utf8');
    expect(committed).toBe(renderKeySpecs());
  });

  it('file subcommands under their container', () => {
    expect(commandName(['xinfo', 'stream', 's'])).toBe('XINFO STREAM');
    expect(commandName(['GET', 'k'])).toBe('GET');
    expect(keySpecsOf(['OBJECT', 'ENCODING', 'k'])[0]?.beginSearch).toEqual({ type: 'index', pos: 2 });
  });
});

describe('commandKeys', () => {
  const cases: [string, (string | number | Buffer)[], (string | number | Buffer)[]][] = [
    ['single key', ['GET', 'k'], ['k']],
    ['lower-case command', ['get', 'k'], ['k']],
    ['no keys', ['PING'], []],
    ['unknown command', ['NOSUCH', 'a'], []],
    ['all keys to the end', ['DEL', 'a', 'b', 'c'], ['a', 'b', 'c']],
    ['range with step 2', ['MSET', 'a', '1', 'b', '2'], ['a', 'b']],
    ['MSETNX', ['MSETNX', 'a', '1', 'b', '2'], ['a', 'b']],
    ['last key before a timeout', ['BLPOP', 'a', 'b', 0], ['a', 'b']],
    ['two fixed keys', ['LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'], ['src', 'dst']],
    ['RENAME', ['RENAME', 'old', 'new'], ['old', 'new']],
    ['subcommand', ['XINFO', 'STREAM', 's', 'FULL'], ['s']],
    ['subcommand lower case', ['object', 'encoding', 'k'], ['k']],
    ['XGROUP CREATE', ['XGROUP', 'CREATE', 's', 'g', '$'], ['s']],
    ['MEMORY USAGE', ['MEMORY', 'USAGE', 'k', 'SAMPLES', 5], ['k']],
    ['keyword with limit', ['XREAD', 'COUNT', 2, 'STREAMS', 'k1', 'k2', '0', '0'], ['k1', 'k2']],
    ['keyword with limit, BLOCK', ['XREAD', 'BLOCK', 0, 'STREAMS', 'k1', '$'], ['k1']],
    ['XREADGROUP', ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', 'b', '>', '>'], ['a', 'b']],
    ['keyword search that finds nothing', ['GEORADIUS', 'geo', 1, 2, 3, 'km'], ['geo']],
    ['GEORADIUS STORE', ['GEORADIUS', 'geo', 1, 2, 3, 'km', 'STORE', 'dst'], ['geo', 'dst']],
    ['GEORADIUS STOREDIST', ['GEORADIUS', 'geo', 1, 2, 3, 'km', 'STOREDIST', 'd2'], ['geo', 'd2']],
    ['GEORADIUSBYMEMBER STORE', ['GEORADIUSBYMEMBER', 'geo', 'm', 3, 'km', 'store', 'dst'], ['geo', 'dst']],
    ['keynum: EVAL', ['EVAL', 'return 1', 2, 'k1', 'k2', 'arg'], ['k1', 'k2']],
    ['keynum zero', ['EVAL', 'return 1', 0, 'arg'], []],
    ['keynum: EVALSHA', ['EVALSHA', 'abc', '1', 'k1', 'arg'], ['k1']],
    ['keynum: FCALL', ['FCALL', 'f', 1, 'k', 'a'], ['k']],
    ['keynum after a fixed key', ['ZUNIONSTORE', 'dst', 2, 'a', 'b', 'WEIGHTS', 1, 2], ['dst', 'a', 'b']],
    ['ZINTERCARD', ['ZINTERCARD', 2, 'a', 'b', 'LIMIT', 1], ['a', 'b']],
    ['LMPOP', ['LMPOP', 2, 'a', 'b', 'LEFT'], ['a', 'b']],
    ['BLMPOP', ['BLMPOP', 0, 2, 'a', 'b', 'LEFT', 'COUNT', 2], ['a', 'b']],
    ['ZMPOP', ['ZMPOP', 1, 'z', 'MIN'], ['z']],
    ['keynum not a number', ['EVAL', 's', 'x', 'k'], []],
    ['keynum given as a Buffer', ['EVAL', 's', Buffer.from('1'), 'k'], ['k']],
    ['Buffer keys', ['GET', Buffer.from('kb')], [Buffer.from('kb')]],
    ['BITOP destination then sources', ['BITOP', 'AND', 'dst', 'a', 'b'], ['dst', 'a', 'b']],
    ['SINTERSTORE', ['SINTERSTORE', 'dst', 'a', 'b'], ['dst', 'a', 'b']],
    ['SORT', ['SORT', 'list', 'BY', 'w_*', 'LIMIT', 0, 10, 'GET', '#', 'ALPHA'], ['list']],
    ['SORT STORE', ['SORT', 'list', 'LIMIT', 0, 10, 'STORE', 'dst'], ['list', 'dst']],
    ['SORT GET store', ['SORT', 'list', 'GET', 'store', 'STORE', 'dst'], ['list', 'dst']],
    ['SORT_RO', ['SORT_RO', 'list', 'BY', 'nosort'], ['list']],
    ['MIGRATE one key', ['MIGRATE', 'h', 6379, 'k', 0, 1000], ['k']],
    ['MIGRATE KEYS', ['MIGRATE', 'h', 6379, '', 0, 1000, 'COPY', 'AUTH', 'keys', 'KEYS', 'a', 'b'], ['a', 'b']],
    ['SPUBLISH channel decides the slot', ['SPUBLISH', 'ch', 'msg'], ['ch']],
    ['OBJECT FREQ', ['OBJECT', 'FREQ', 'k'], ['k']],
    ['SET', ['SET', 'k', 'v', 'GET'], ['k']],
    ['missing key argument', ['GET'], []],
    ['XADD', ['XADD', 's', '*', 'f', 'v'], ['s']],
    ['COPY', ['COPY', 'a', 'b', 'REPLACE'], ['a', 'b']],
    ['SMOVE', ['SMOVE', 'a', 'b', 'm'], ['a', 'b']],
    ['PFMERGE', ['PFMERGE', 'dst', 'a', 'b'], ['dst', 'a', 'b']],
    ['GEOSEARCHSTORE', ['GEOSEARCHSTORE', 'dst', 'src', 'FROMMEMBER', 'm', 'BYRADIUS', 1, 'km'], ['dst', 'src']],
  ];
  it.each(cases)('%s', (_label, args, expected) => {
    expect(commandKeys(args)).toEqual(expected);
  });

  it('gives indexes and can leave out NOT_KEY arguments as COMMAND GETKEYS does', () => {
    expect(commandKeyIndexes(['MSET', 'a', '1', 'b', '2'])).toEqual([1, 3]);
    expect(commandKeyIndexes(['XINFO', 'STREAM', 's'])).toEqual([2]);
    expect(commandKeys(['SPUBLISH', 'ch', 'm'], { excludeNotKeys: true })).toEqual([]);
    expect(commandKeys(['SSUBSCRIBE', 'a', 'b'])).toEqual(['a', 'b']);
  });
});
