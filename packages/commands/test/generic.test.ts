import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataError, ProtocolError } from '@aredis/resp-parser';
import { COMMANDS, RESPONSE_CALLBACKS, type CommandMethods } from '@aredis/commands';

const C = COMMANDS;

describe('generic commands: arguments', () => {
  it('delete, unlink, exists, touch take one or more keys', () => {
    expect(C.delete.build('a', 'b')).toEqual(['DEL', 'a', 'b']);
    expect(C.unlink.build('a')).toEqual(['UNLINK', 'a']);
    expect(C.exists.build('a', 'a')).toEqual(['EXISTS', 'a', 'a']);
    expect(C.touch.build('a', 'b')).toEqual(['TOUCH', 'a', 'b']);
    expect(() => C.delete.build()).toThrow(/DEL: argument 'names' needs at least one key/);
    expect(() => C.exists.build('a', 2 as unknown as string)).toThrow(/EXISTS: argument 'names'/);
  });

  it('expire family with nx/xx/gt/lt, as Redis 7 allows them', () => {
    expect(C.expire.build('k', 10)).toEqual(['EXPIRE', 'k', 10]);
    expect(C.expire.build('k', 10, { nx: true })).toEqual(['EXPIRE', 'k', 10, 'NX']);
    expect(C.pexpire.build('k', 1000, { xx: true, gt: true })).toEqual(['PEXPIRE', 'k', 1000, 'XX', 'GT']);
    expect(C.expireat.build('k', new Date(20_500))).toEqual(['EXPIREAT', 'k', 20]);
    expect(C.expireat.build('k', 30, { lt: true })).toEqual(['EXPIREAT', 'k', 30, 'LT']);
    expect(C.pexpireat.build('k', new Date(20_500), { xx: true, lt: true })).toEqual(['PEXPIREAT', 'k', 20500, 'XX', 'LT']);
    expect(() => C.expire.build('k', 1, { nx: true, xx: true })).toThrow(/'nx' and 'xx'/);
    expect(() => C.expire.build('k', 1, { nx: true, gt: true })).toThrow(/'nx' and 'gt'/);
    expect(() => C.pexpire.build('k', 1, { gt: true, lt: true })).toThrow(/'gt' and 'lt'/);
    expect(() => C.expire.build('k', 1.5)).toThrow(/EXPIRE: argument 'time'/);
    expect(() => C.pexpireat.build('k', 'soon' as unknown as number)).toThrow(/PEXPIREAT: argument 'when'/);
  });

  it('expiretime, pexpiretime, ttl, pttl, persist, type, dump, randomkey', () => {
    expect(C.expiretime.build('k')).toEqual(['EXPIRETIME', 'k']);
    expect(C.pexpiretime.build('k')).toEqual(['PEXPIRETIME', 'k']);
    expect(C.ttl.build('k')).toEqual(['TTL', 'k']);
    expect(C.pttl.build('k')).toEqual(['PTTL', 'k']);
    expect(C.persist.build('k')).toEqual(['PERSIST', 'k']);
    expect(C.type.build('k')).toEqual(['TYPE', 'k']);
    expect(C.dump.build('k')).toEqual(['DUMP', 'k']);
    expect(C.randomkey.build()).toEqual(['RANDOMKEY']);
    expect(() => C.ttl.build(null as unknown as string)).toThrow(/TTL: argument 'name'/);
  });

  it('rename, renamenx, keys, move, copy', () => {
    expect(C.rename.build('a', 'b')).toEqual(['RENAME', 'a', 'b']);
    expect(C.renamenx.build('a', 'b')).toEqual(['RENAMENX', 'a', 'b']);
    expect(() => C.rename.build('a', undefined as unknown as string)).toThrow(/RENAME: argument 'dst'/);
    expect(C.keys.build()).toEqual(['KEYS', '*']);
    expect(C.keys.build('user:*')).toEqual(['KEYS', 'user:*']);
    expect(C.move.build('k', 1)).toEqual(['MOVE', 'k', 1]);
    expect(C.copy.build('a', 'b')).toEqual(['COPY', 'a', 'b']);
    expect(C.copy.build('a', 'b', { destinationDb: 2, replace: true })).toEqual(['COPY', 'a', 'b', 'DB', 2, 'REPLACE']);
    expect(() => C.copy.build('a', 'b', { destinationDb: 'x' as unknown as number })).toThrow(/'destinationDb'/);
  });

  it('scan with cursor, match, count and type', () => {
    expect(C.scan.build()).toEqual(['SCAN', 0]);
    expect(C.scan.build(17, { match: 'a*', count: 100, type: 'hash' })).toEqual(['SCAN', 17, 'MATCH', 'a*', 'COUNT', 100, 'TYPE', 'hash']);
    expect(C.scan.build('18446744073709551615')).toEqual(['SCAN', '18446744073709551615']);
    expect(() => C.scan.build(-1)).toThrow(/SCAN: argument 'cursor'/);
    expect(() => C.scan.build('abc')).toThrow(/'cursor'/);
    expect(() => C.scan.build(0, { count: 1.5 })).toThrow(/SCAN: argument 'count'/);
  });

  it('restore with replace, absttl, idletime, frequency', () => {
    const payload = Buffer.from([0, 1, 2]);
    expect(C.restore.build('k', 0, payload)).toEqual(['RESTORE', 'k', 0, payload]);
    expect(C.restore.build('k', 5, payload, { replace: true, absttl: true, idletime: 10 })).toEqual([
      'RESTORE', 'k', 5, payload, 'REPLACE', 'ABSTTL', 'IDLETIME', 10,
    ]);
    expect(C.restore.build('k', 0, payload, { frequency: 3 })).toEqual(['RESTORE', 'k', 0, payload, 'FREQ', 3]);
    expect(() => C.restore.build('k', 0, payload, { idletime: 1, frequency: 1 })).toThrow(/'idletime' and 'frequency'/);
    expect(() => C.restore.build('k', 0, 5 as unknown as Buffer)).toThrow(/RESTORE: argument 'value'/);
  });

  it('object subcommands', () => {
    expect(C.objectEncoding.build('k')).toEqual(['OBJECT', 'ENCODING', 'k']);
    expect(C.objectFreq.build('k')).toEqual(['OBJECT', 'FREQ', 'k']);
    expect(C.objectIdletime.build('k')).toEqual(['OBJECT', 'IDLETIME', 'k']);
    expect(C.objectRefcount.build('k')).toEqual(['OBJECT', 'REFCOUNT', 'k']);
    expect(C.objectHelp.build()).toEqual(['OBJECT', 'HELP']);
    expect(() => C.objectEncoding.build(3 as unknown as string)).toThrow(/OBJECT ENCODING: argument 'key'/);
  });

  it('sort with every option in the spec order, and its checks', () => {
    expect(C.sort.build('l')).toEqual(['SORT', 'l']);
    expect(
      C.sort.build('l', { by: 'w_*', start: 0, num: 10, get: ['#', 'o_*'], desc: true, alpha: true, store: 'dst' }),
    ).toEqual(['SORT', 'l', 'BY', 'w_*', 'LIMIT', 0, 10, 'GET', '#', 'GET', 'o_*', 'DESC', 'ALPHA', 'STORE', 'dst']);
    expect(C.sort.build('l', { get: 'o_*' })).toEqual(['SORT', 'l', 'GET', 'o_*']);
    expect(() => C.sort.build('l', { start: 1 })).toThrow(/'start' and 'num' must be given together/);
    expect(() => C.sort.build('l', { groups: true, get: 'a' })).toThrow(/'groups' needs 'get'/);
    expect(() => C.sort.build('l', { groups: true, get: ['a', 'b'], store: 'x' })).toThrow(DataError);
    expect(C.sortRo.build('l', { by: 'nosort', start: 2, num: 3, get: '#', alpha: true })).toEqual([
      'SORT_RO', 'l', 'BY', 'nosort', 'LIMIT', 2, 3, 'GET', '#', 'ALPHA',
    ]);
    expect(() => C.sortRo.build('l', { store: 'x' } as never)).toThrow(/SORT_RO: options 'store' and 'groups' belong to sort/);
  });

  it('migrate always sends the KEYS form', () => {
    expect(C.migrate.build('10.0.0.1', 6380, 'k', 0, 1000)).toEqual(['MIGRATE', '10.0.0.1', 6380, '', 0, 1000, 'KEYS', 'k']);
    expect(C.migrate.build('h', 1, ['a', 'b'], 2, 5, { copy: true, replace: true, auth: 'pw' })).toEqual([
      'MIGRATE', 'h', 1, '', 2, 5, 'COPY', 'REPLACE', 'AUTH', 'pw', 'KEYS', 'a', 'b',
    ]);
    expect(C.migrate.build('h', 1, ['a'], 0, 5, { auth2: ['user', 'pw'] })).toEqual([
      'MIGRATE', 'h', 1, '', 0, 5, 'AUTH2', 'user', 'pw', 'KEYS', 'a',
    ]);
    expect(() => C.migrate.build('h', 1, [], 0, 5)).toThrow(/MIGRATE: argument 'keys'/);
    expect(() => C.migrate.build('h', 1, 'a', 0, 5, { auth: 'a', auth2: ['u', 'p'] })).toThrow(/'auth' and 'auth2'/);
    expect(() => C.migrate.build('h', 1, 'a', 0, 5, { auth2: ['u'] as never })).toThrow(/'auth2'/);
  });

  it('wait and waitaof (waitaof is Redis 7.2: argument tests only) are blocking', () => {
    expect(C.wait.build(1, 100)).toEqual(['WAIT', 1, 100]);
    expect(C.waitaof.build(1, 0, 100)).toEqual(['WAITAOF', 1, 0, 100]);
    expect(() => C.waitaof.build(1, 0, undefined as unknown as number)).toThrow(/WAITAOF: argument 'timeout'/);
    expect(C.wait.blocking).toBe(true);
    expect(C.waitaof.blocking).toBe(true);
  });

  it('readonly flags follow the specs', () => {
    for (const m of ['exists', 'ttl', 'pttl', 'type', 'keys', 'scan', 'randomkey', 'dump', 'touch', 'sortRo', 'objectEncoding'] as const) {
      expect(C[m].readonly, m).toBe(true);
    }
    for (const m of ['delete', 'expire', 'rename', 'sort', 'restore', 'migrate', 'copy'] as const) {
      expect(C[m].readonly, m).toBe(false);
    }
  });
});

describe('generic commands: replies under RESP2 and RESP3', () => {
  it('booleans for EXPIRE family, PERSIST, RENAMENX, COPY, MOVE; true for RENAME', () => {
    for (const name of ['EXPIRE', 'PEXPIRE', 'EXPIREAT', 'PEXPIREAT', 'PERSIST', 'RENAMENX', 'COPY', 'MOVE']) {
      expect(RESPONSE_CALLBACKS[name]?.(1, {}), name).toBe(true);
      expect(RESPONSE_CALLBACKS[name]?.(0, {}), name).toBe(false);
    }
    expect(RESPONSE_CALLBACKS.RENAME?.('OK', {})).toBe(true);
  });

  it('SCAN gives [cursor, keys]; a cursor beyond 2^53 stays a string', () => {
    expect(RESPONSE_CALLBACKS.SCAN?.([Buffer.from('12'), [Buffer.from('a')]], {})).toEqual([12, [Buffer.from('a')]]);
    expect(RESPONSE_CALLBACKS.SCAN?.(['0', []], {})).toEqual([0, []]);
    expect(RESPONSE_CALLBACKS.SCAN?.(['18446744073709551615', []], {})).toEqual(['18446744073709551615', []]);
    expect(() => RESPONSE_CALLBACKS.SCAN?.('OK', {})).toThrow(ProtocolError);
  });

  it('TYPE and OBJECT ENCODING as strings, OBJECT HELP lines as strings', () => {
    expect(RESPONSE_CALLBACKS.TYPE?.('string', {})).toBe('string');
    expect(RESPONSE_CALLBACKS['OBJECT ENCODING']?.(Buffer.from('embstr'), {})).toBe('embstr');
    expect(RESPONSE_CALLBACKS['OBJECT ENCODING']?.(null, {})).toBe(null);
    expect(RESPONSE_CALLBACKS['OBJECT HELP']?.(['OBJECT <subcommand>', 'HELP'], {})).toEqual(['OBJECT <subcommand>', 'HELP']);
    expect(RESPONSE_CALLBACKS.MIGRATE?.('NOKEY', {})).toBe('NOKEY');
  });

  it('SORT groups GET values per element', () => {
    const reply = ['1', 'a', '2', null];
    expect(RESPONSE_CALLBACKS.SORT?.(reply, { get: ['#', 'o_*'], groups: true })).toEqual([['1', 'a'], ['2', null]]);
    expect(RESPONSE_CALLBACKS.SORT?.(reply, { get: ['#', 'o_*'] })).toBe(reply);
    expect(RESPONSE_CALLBACKS.SORT?.(4, { store: 'x' })).toBe(4);
  });
});

describe('generic commands: types', () => {
  it('return types with and without decodeResponses', () => {
    expectTypeOf<ReturnType<CommandMethods<false>['keys']>>().toEqualTypeOf<Promise<Buffer[]>>();
    expectTypeOf<ReturnType<CommandMethods<true>['keys']>>().toEqualTypeOf<Promise<string[]>>();
    expectTypeOf<ReturnType<CommandMethods<true>['scan']>>().toEqualTypeOf<Promise<[cursor: number | string, keys: string[]]>>();
    expectTypeOf<ReturnType<CommandMethods<false>['randomkey']>>().toEqualTypeOf<Promise<Buffer | null>>();
    expectTypeOf<ReturnType<CommandMethods<true>['expire']>>().toEqualTypeOf<Promise<boolean>>();
    expectTypeOf<ReturnType<CommandMethods<true>['type']>>().toEqualTypeOf<Promise<string>>();
    expectTypeOf<ReturnType<CommandMethods<true>['delete']>>().toEqualTypeOf<Promise<number>>();
  });

  it('SORT reply type follows store and groups', () => {
    // Type-only: checked by the compiler, never run.
    const typesOnly = (r: CommandMethods<true>, rb: CommandMethods<false>) => {
      expectTypeOf(r.sort('l')).toEqualTypeOf<Promise<(string | null)[]>>();
      expectTypeOf(rb.sort('l', { alpha: true })).toEqualTypeOf<Promise<(Buffer | null)[]>>();
      expectTypeOf(r.sort('l', { store: 'd' })).toEqualTypeOf<Promise<number>>();
      expectTypeOf(r.sort('l', { get: ['#', 'x'], groups: true })).toEqualTypeOf<Promise<(string | null)[][]>>();
    };
    expect(typesOnly).toBeTypeOf('function');
  });
});
