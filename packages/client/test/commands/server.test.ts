import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive, startServer, waitUntil } from '@aredis/testing';
import { PROTOCOLS, useClients, useServer } from './harness.js';
import { DataError, ResponseError } from '@aredis/resp-parser';
import { commandKeys } from '@aredis/commands';
import { StrictRedis } from '@aredis/client';

// Every server-group method against a real redis-server (7.0) that this file starts, under RESP3
// and RESP2: the reply shapes must be the same under both. Destructive commands (SHUTDOWN,
// REPLICAOF, FAILOVER) run against throwaway servers of their own.

let aclDir: string;

/** Waits (@aredis/testing's waitUntil, 5 s) until `ok` holds of what `probe` gives, and returns that. */
async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const held = await waitUntil(what, async () => {
    const v = await probe();
    return ok(v) ? { v } : undefined;
  }, 5_000);
  return held.v;
}

const server = useServer(() => {
  aclDir = mkdtempSync(join(tmpdir(), 'aredis-acl-'));
  const aclfile = join(aclDir, 'users.acl');
  writeFileSync(aclfile, 'user default on nopass ~* &* +@all\n');
  return { config: { 'enable-debug-command': 'yes', 'enable-module-command': 'yes', aclfile, 'latency-monitor-threshold': 1 } };
});
afterAll(() => {
  rmSync(aclDir, { recursive: true, force: true });
});

describe.each(PROTOCOLS)('server commands over RESP%i', (protocol) => {
  let r: StrictRedis<true>;
  let raw: StrictRedis<false>;
  const k = (name: string) => `server:${protocol}:${name}`;

  useClients(server, protocol, (made) => ({ r, raw } = made));

  it('INFO is parsed into an object, whole or by section', async () => {
    await r.set(k('info'), '1');
    const info = await r.info();
    expect(info.redis_version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(typeof info.tcp_port).toBe('number');
    expect(info.tcp_port).toBe(server.port);
    expect(typeof info.mem_fragmentation_ratio).toBe('number');
    expect(info.db0).toEqual(expect.objectContaining({ keys: expect.any(Number), expires: expect.any(Number) }));
    const sections = await raw.info('server', 'clients');
    expect(sections.redis_version).toBe(info.redis_version);
    expect(typeof sections.connected_clients).toBe('number');
    expect(sections.db0).toBeUndefined();
  });

  it('CONFIG GET/SET/RESETSTAT/REWRITE/HELP', async () => {
    const before = await r.configGet('maxmemory-policy');
    expect(Object.keys(before)).toEqual(['maxmemory-policy']);
    expect(await r.configSet({ 'maxmemory-policy': 'allkeys-lru', 'slowlog-max-len': 200 })).toBe(true);
    expect(await r.configGet('maxmemory-policy', 'slowlog-max-len')).toEqual({ 'maxmemory-policy': 'allkeys-lru', 'slowlog-max-len': '200' });
    expect(await r.configSet('maxmemory-policy', before['maxmemory-policy']!)).toBe(true);
    // Strings on a client that gives Buffers too, as redis-py's callback makes them.
    expect(await raw.configGet('maxmemory-policy')).toEqual(before);
    expect(Object.keys(await r.configGet()).length).toBeGreaterThan(100);
    await expect(r.configSet('no-such-parameter', 1)).rejects.toBeInstanceOf(ResponseError);
    await expect(r.configSet('hz', undefined as unknown as number)).rejects.toBeInstanceOf(DataError);
    expect(await r.configResetstat()).toBe(true);
    expect(await r.configRewrite()).toBe(true);
    expect((await r.configHelp()).join('\n')).toMatch(/GET/);
  });

  it('DBSIZE, FLUSHDB (ASYNC/SYNC), FLUSHALL, SWAPDB', async () => {
    await r.set(k('a'), '1');
    expect(await r.dbsize()).toBeGreaterThan(0);
    expect(await r.flushdb({ asynchronous: true })).toBe(true);
    await r.set(k('a'), '1');
    expect(await r.flushdb({ synchronous: true })).toBe(true);
    expect(await r.dbsize()).toBe(0);
    await r.set(k('swap'), 'x');
    expect(await r.swapdb(0, 1)).toBe(true);
    expect(await r.dbsize()).toBe(0);
    expect(await r.swapdb(0, 1)).toBe(true);
    expect(await r.get(k('swap'))).toBe('x');
    expect(await r.flushall()).toBe(true);
    expect(await r.flushall({ synchronous: true })).toBe(true);
    expect(await r.dbsize()).toBe(0);
    await expect(r.flushdb({ asynchronous: true, synchronous: true })).rejects.toBeInstanceOf(DataError);
  });

  it('TIME and LASTSAVE; SAVE, BGSAVE, BGREWRITEAOF', async () => {
    const [seconds, micros] = await r.time();
    expect(Math.abs(seconds - Date.now() / 1000)).toBeLessThan(60);
    expect(micros).toBeGreaterThanOrEqual(0);
    expect(micros).toBeLessThan(1_000_000);
    expect(await r.save()).toBe(true);
    const last = await r.lastsave();
    expect(last).toBeInstanceOf(Date);
    expect(Math.abs(last.getTime() - seconds * 1000)).toBeLessThan(60_000);
    expect(await r.bgsave({ schedule: true })).toBe(true);
    expect(await r.bgrewriteaof()).toBe(true);
    await until(() => r.info('persistence'), (p) => p.rdb_bgsave_in_progress === 0 && p.aof_rewrite_in_progress === 0 && p.aof_rewrite_scheduled === 0, 'background saves');
  });

  it('ACL: SETUSER, GETUSER, LIST, USERS, WHOAMI, CAT, DRYRUN, GENPASS, LOG, SAVE, LOAD, DELUSER, HELP', async () => {
    const user = `acl-${protocol}`;
    expect(
      await r.aclSetuser(user, {
        reset: true, enabled: true, passwords: ['+pw'], categories: ['+@read'], commands: ['+set'], keys: ['acl:*'], channels: ['ch'],
      }),
    ).toBe(true);
    const got = await r.aclGetuser(user);
    expect(got).toEqual(expect.objectContaining({ enabled: true, keys: ['~acl:*'], channels: ['&ch'] }));
    expect(got?.flags).toContain('on');
    expect(got?.passwords).toHaveLength(1);
    expect(got?.categories).toContain('+@read');
    expect(got?.commands).toContain('+set');
    expect(await r.aclGetuser('no-such-user')).toBeNull();
    expect((await r.aclList()).some((line) => line.startsWith(`user ${user} on`))).toBe(true);
    expect(await r.aclUsers()).toContain(user);
    expect(await r.aclWhoami()).toBe('default');
    expect(await r.aclCat()).toContain('read');
    expect(await r.aclCat('read')).toContain('get');
    expect(await r.aclDryrun(user, 'get', 'acl:x')).toBe('OK');
    expect(await r.aclDryrun(user, 'del', 'acl:x')).toMatch(/no permissions/);
    expect(await r.aclGenpass()).toMatch(/^[0-9a-f]{64}$/);
    expect(await r.aclGenpass(32)).toMatch(/^[0-9a-f]{8}$/);
    expect(await r.aclLog({ reset: true })).toBe(true);
    const limited = new StrictRedis<true>({ port: server.port, protocol, decodeResponses: true, username: user, password: 'pw' });
    try {
      await expect(limited.delete('acl:x')).rejects.toBeInstanceOf(ResponseError);
    } finally {
      await limited.close();
    }
    const log = await r.aclLog({ count: 10 });
    expect(log[0]).toEqual(expect.objectContaining({ count: 1, reason: 'command', object: 'del', username: user, 'age-seconds': expect.any(Number) }));
    expect(log[0]!['client-info'].user).toBe(user);
    expect(await r.aclSave()).toBe(true);
    expect(await r.aclLoad()).toBe(true);
    expect(await r.aclUsers()).toContain(user);
    expect(await r.aclDeluser(user, 'no-such-user')).toBe(1);
    expect((await r.aclHelp()).join('\n')).toMatch(/SETUSER/);
    await expect(r.aclSetuser(user, { passwords: ['pw'] })).rejects.toThrow(/'passwords'/);
  });

  it('COMMAND, COUNT, INFO, DOCS, LIST, GETKEYS, GETKEYSANDFLAGS, HELP', async () => {
    const count = await r.commandCount();
    expect(count).toBeGreaterThan(200);
    const all = await r.command();
    expect(Object.keys(all).length).toBe(count);
    const info = await r.commandInfo('get', 'xinfo', 'no-such-command');
    expect(Object.keys(info).sort()).toEqual(['get', 'xinfo']);
    expect(info.get).toEqual(expect.objectContaining({ name: 'get', arity: 2, first_key_pos: 1, last_key_pos: 1, step_count: 1 }));
    expect(info.get!.flags).toContain('readonly');
    expect(info.get!.acl_categories).toContain('@read');
    expect(info.get!.key_specifications[0]).toEqual(
      expect.objectContaining({ begin_search: { type: 'index', spec: { index: 1 } }, find_keys: { type: 'range', spec: { lastkey: 0, keystep: 1, limit: 0 } } }),
    );
    expect(info.xinfo!.subcommands.map((s) => s.name)).toContain('xinfo|stream');
    const docs = await r.commandDocs('set', 'client');
    expect(docs.set).toEqual(expect.objectContaining({ group: 'string', since: '1.0.0' }));
    expect(docs.set!.arguments?.[0]).toEqual(expect.objectContaining({ name: 'key', type: 'key' }));
    expect(Object.keys(docs.client!.subcommands ?? {})).toContain('client|list');
    expect(docs.set!.history?.[0]).toHaveLength(2);
    const names = await r.commandList();
    expect(names).toContain('get');
    expect(names).toContain('config|get');
    expect((await r.commandList({ pattern: 'xinf*' })).sort()).toEqual(['xinfo', 'xinfo|consumers', 'xinfo|groups', 'xinfo|help', 'xinfo|stream']);
    expect(await r.commandList({ category: 'hyperloglog' })).toContain('pfadd');
    expect(await r.commandList({ module: 'no-such-module' })).toEqual([]);
    expect(await r.commandGetkeys('MSET', 'a', '1', 'b', '2')).toEqual(['a', 'b']);
    expect(await r.commandGetkeysandflags('LMOVE', 'a', 'b', 'LEFT', 'RIGHT')).toEqual([
      ['a', ['RW', 'access', 'delete']],
      ['b', ['RW', 'insert']],
    ]);
    expect((await r.commandHelp()).join('\n')).toMatch(/GETKEYS/);
  });

  it('commandKeys (generated from the specs) agrees with the server on COMMAND GETKEYS', async () => {
    const commands = [
      ['GET', 'a'], ['MSET', 'a', '1', 'b', '2'], ['DEL', 'a', 'b', 'c'], ['BLPOP', 'a', 'b', '0'], ['LMOVE', 'a', 'b', 'LEFT', 'RIGHT'],
      ['XREAD', 'COUNT', '2', 'STREAMS', 'k1', 'k2', '0', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's1', '>'],
      ['EVAL', 'return 1', '2', 'k1', 'k2', 'x'], ['ZUNIONSTORE', 'dst', '2', 'a', 'b'], ['LMPOP', '2', 'a', 'b', 'LEFT'],
      ['GEORADIUS', 'g', '1', '2', '3', 'km', 'STORE', 'dst'], ['XINFO', 'STREAM', 's'], ['OBJECT', 'ENCODING', 'k'],
      ['SORT', 'l', 'LIMIT', '0', '1', 'STORE', 'dst'], ['MIGRATE', 'h', '1', '', '0', '10', 'KEYS', 'a', 'b'],
      ['BITOP', 'AND', 'd', 'a', 'b'], ['ZINTERCARD', '2', 'a', 'b'], ['MEMORY', 'USAGE', 'k'], ['GEOSEARCHSTORE', 'd', 's', 'FROMMEMBER', 'm', 'BYRADIUS', '1', 'km'],
      ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '1'], ['BZMPOP', '0', '2', 'a', 'b', 'MIN'], ['FCALL', 'f', '1', 'k', 'a'],
    ];
    for (const args of commands) {
      expect(commandKeys(args), args.join(' ')).toEqual(await r.commandGetkeys(...args));
    }
  });

  it('MEMORY DOCTOR, MALLOC-STATS, PURGE, STATS, USAGE, HELP', async () => {
    expect(typeof (await r.memoryDoctor())).toBe('string');
    expect(Buffer.isBuffer(await raw.memoryDoctor())).toBe(true);
    expect(typeof (await r.memoryMallocStats())).toBe('string');
    expect(await r.memoryPurge()).toBe(true);
    await r.set(k('mem'), 'value');
    const stats = await r.memoryStats();
    expect(typeof stats['peak.allocated']).toBe('number');
    expect(typeof stats['dataset.percentage']).toBe('number');
    expect(stats['db.0']).toEqual(expect.objectContaining({ 'overhead.hashtable.main': expect.any(Number) }));
    expect(await r.memoryUsage(k('mem'))).toBeGreaterThan(0);
    expect(await r.memoryUsage(k('mem'), { samples: 0 })).toBeGreaterThan(0);
    expect(await r.memoryUsage(k('missing'))).toBeNull();
    expect((await r.memoryHelp()).join('\n')).toMatch(/USAGE/);
  });

  it('SLOWLOG GET, LEN, RESET, HELP', async () => {
    const old = (await r.configGet('slowlog-log-slower-than'))['slowlog-log-slower-than']!;
    await r.configSet('slowlog-log-slower-than', 0);
    try {
      expect(await r.slowlogReset()).toBe(true);
      await r.set(k('slow'), 'v');
      const entries = await r.slowlogGet(10);
      const set = entries.find((e) => e.command === `SET ${k('slow')} v`);
      expect(set).toEqual(expect.objectContaining({ id: expect.any(Number), start_time: expect.any(Number), duration: expect.any(Number) }));
      expect(set!.client_address).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(typeof set!.client_name).toBe('string');
      const rawEntries = await raw.slowlogGet();
      expect(Buffer.isBuffer(rawEntries[0]!.command)).toBe(true);
      expect(await r.slowlogLen()).toBeGreaterThan(0);
    } finally {
      await r.configSet('slowlog-log-slower-than', old);
    }
    expect((await r.slowlogHelp()).join('\n')).toMatch(/RESET/);
  });

  it('LATENCY DOCTOR, GRAPH, HISTOGRAM, HISTORY, LATEST, RESET, HELP', async () => {
    await r.latencyReset();
    await r.executeCommand('DEBUG', 'SLEEP', '0.02');
    const latest = await r.latencyLatest();
    const command = latest.find((e) => e[0] === 'command');
    expect(command).toEqual(['command', expect.any(Number), expect.any(Number), expect.any(Number)]);
    const history = await r.latencyHistory('command');
    expect(history[0]).toEqual([expect.any(Number), expect.any(Number)]);
    expect(typeof (await r.latencyGraph('command'))).toBe('string');
    expect(typeof (await r.latencyDoctor())).toBe('string');
    const histogram = await r.latencyHistogram('set');
    expect(histogram.set).toEqual({ calls: expect.any(Number), histogram_usec: expect.any(Object) });
    expect(Object.values(histogram.set!.histogram_usec).every((n) => typeof n === 'number')).toBe(true);
    expect(await r.latencyReset('command')).toBe(1);
    expect((await r.latencyHelp()).join('\n')).toMatch(/HISTORY/);
  });

  it('MODULE LIST, LOAD, LOADEX, UNLOAD, HELP (no module file here: the server refuses loading)', async () => {
    expect(await r.moduleList()).toEqual([]);
    await expect(r.moduleLoad('/nonexistent/module.so')).rejects.toBeInstanceOf(ResponseError);
    await expect(r.moduleLoadex('/nonexistent/module.so', { args: ['a'] })).rejects.toBeInstanceOf(ResponseError);
    await expect(r.moduleUnload('nosuchmodule')).rejects.toThrow(/no such module/i);
    expect((await r.moduleHelp()).join('\n')).toMatch(/LOAD/);
  });

  it('DEBUG OBJECT, LOLWUT, ROLE on a master', async () => {
    await r.set(k('dbg'), 'v');
    const object = await r.debugObject(k('dbg'));
    expect(object).toEqual(expect.objectContaining({ type: 'Value', encoding: 'embstr', refcount: expect.any(Number), serializedlength: expect.any(Number) }));
    await expect(r.debugObject(k('missing'))).rejects.toBeInstanceOf(ResponseError);
    expect(await r.lolwut()).toMatch(/Redis ver\./);
    expect(Buffer.isBuffer(await raw.lolwut(5, 1, 1))).toBe(true);
    expect(await r.role()).toEqual(['master', expect.any(Number), []]);
  });

  it('FAILOVER without replicas and SHUTDOWN ABORT without a shutdown are refused by the server', async () => {
    await expect(r.failover()).rejects.toBeInstanceOf(ResponseError);
    await expect(r.shutdown({ abort: true })).rejects.toBeInstanceOf(ResponseError);
  });
});

describe('replication and shutdown on throwaway servers', () => {
  it('REPLICAOF, ROLE, FAILOVER, SLAVEOF NO ONE', async () => {
    const primary = await startServer();
    const replica = await startServer();
    const p = new StrictRedis<true>({ port: primary.port, decodeResponses: true });
    const s = new StrictRedis<true>({ port: replica.port, decodeResponses: true, protocol: 2 });
    try {
      expect(await s.replicaof(primary.host, primary.port)).toBe(true);
      const role = await until(() => s.role(), (v) => v[0] === 'slave' && v[3] === 'connected', 'the replica to sync');
      expect(role).toEqual(['slave', primary.host, primary.port, 'connected', expect.any(Number)]);
      const master = await until(() => p.role(), (v) => v[0] === 'master' && v[2].length === 1, 'the primary to list its replica');
      expect(master).toEqual(['master', expect.any(Number), [[primary.host, replica.port, expect.any(Number)]]]);
      expect(await p.failover({ timeout: 5000 })).toBe(true);
      await until(() => p.role(), (v) => v[0] === 'slave', 'the failover');
      await until(() => s.role(), (v) => v[0] === 'master', 'the replica to take over');
      expect(await p.slaveof()).toBe(true);
      expect((await p.role())[0]).toBe('master');
    } finally {
      await p.close();
      await s.close();
      await primary.stop();
      await replica.stop();
    }
  });

  it('SHUTDOWN NOSAVE stops the server; the call fails with the closed connection', async () => {
    const doomed = await startServer();
    const d = new StrictRedis({ port: doomed.port, decodeResponses: true, protocol: 2 });
    const pid = doomed.pid!;
    try {
      const outcome = await d.shutdown({ nosave: true }).then(
        () => 'resolved',
        (error: unknown) => error,
      );
      expect(outcome).toBeInstanceOf(Error);
      expect((outcome as { code?: string }).code).toBe('AREDIS_ERR_CONNECTION');
      await until(async () => isAlive(pid), (alive) => !alive, 'the server to exit');
    } finally {
      await d.close();
      await doomed.stop();
    }
  });
});
