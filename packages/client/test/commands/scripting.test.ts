import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { PROTOCOLS, useClients, useServer } from './harness.js';
import { DataError, ResponseError } from '@aredis/resp-parser';
import { StrictRedis } from '@aredis/client';

// Every scripting and functions command against a real server, under RESP3 (the default) and
// RESP2. A script counts as busy after 100 ms here, so SCRIPT KILL / FUNCTION KILL can be
// tested against a real running script.

const server = useServer({ config: ['busy-reply-threshold 100'] });

const LIBRARY = [
  '#!lua name=mylib',
  "redis.register_function('echo_key', function(keys, args) return {keys[1], args[1]} end)",
  "redis.register_function{function_name='ro_get', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}, description='reads'}",
].join('\n');
const SPIN_LIBRARY = "#!lua name=spin\nredis.register_function{function_name='spin', callback=function() while true do end end, flags={'no-writes'}}";

/** Retries `kill` until the server sees the script as busy (NOTBUSY before that). */
async function killWhenBusy(kill: () => Promise<boolean>): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      return await kill();
    } catch (error) {
      if (!(error instanceof ResponseError) || !/NOTBUSY/.test(error.message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  throw new Error('the script never became busy');
}

describe.each(PROTOCOLS)('scripting commands over RESP%i', (protocol) => {
  let r: StrictRedis<true>;
  let raw: StrictRedis<false>;
  let other: StrictRedis<true>;
  const k = (name: string) => `scripting:${protocol}:${name}`;

  useClients(server, protocol, (made) => ({ r, raw } = made), { confirmProtocol: false });
  beforeAll(async () => {
    other = new StrictRedis({ port: server.port, protocol, decodeResponses: true });
    expect(await r.functionFlush('SYNC')).toBe(true);
    expect(await r.scriptFlush()).toBe(true);
  });
  afterAll(async () => {
    await other?.close();
  });

  it('eval, evalsha, eval_ro, evalsha_ro with keys and args', async () => {
    await r.set(k('a'), 'A');
    expect(await r.eval('return {KEYS[1], ARGV[1], 3}', 1, k('a'), 'x')).toEqual([k('a'), 'x', 3]);
    expect(await r.eval("return redis.call('GET', KEYS[1])", 1, k('a'))).toBe('A');
    expect(await r.evalRo("return redis.call('GET', KEYS[1])", 1, k('a'))).toBe('A');
    await expect(r.evalRo("return redis.call('SET', KEYS[1], 'x')", 1, k('a'))).rejects.toThrow(ResponseError);
    const sha = await r.scriptLoad("return redis.call('GET', KEYS[1])");
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await r.evalsha(sha, 1, k('a'))).toBe('A');
    expect(await r.evalshaRo(sha, 1, k('a'))).toBe('A');
    expect(await raw.evalsha(sha, 1, k('a'))).toEqual(Buffer.from('A'));
    await expect(r.evalsha('0'.repeat(40), 0)).rejects.toThrow(/NOSCRIPT/);
    await expect(r.eval('return 1', 2, 'only-one')).rejects.toThrow(DataError);
  });

  it('script load, exists, flush (sync/async), debug, help', async () => {
    const sha = await r.scriptLoad('return 42');
    expect(await r.scriptExists(sha, 'f'.repeat(40))).toEqual([true, false]);
    expect(await r.scriptFlush('ASYNC')).toBe(true);
    expect(await r.scriptExists(sha)).toEqual([false]);
    expect(await r.scriptFlush('sync')).toBe(true);
    expect(await r.scriptDebug('NO')).toBe(true);
    const help = await r.scriptHelp();
    expect(help.some((line) => line.includes('FLUSH'))).toBe(true);
    expectTypeOf(help).toEqualTypeOf<string[]>();
  });

  it('script kill stops a busy script (NOTBUSY error while none runs)', async () => {
    await expect(r.scriptKill()).rejects.toThrow(/NOTBUSY/);
    const spinning = other.eval('while true do end', 0).then(() => 'finished', (error: unknown) => error);
    expect(await killWhenBusy(() => r.scriptKill())).toBe(true);
    expect(await spinning).toBeInstanceOf(ResponseError);
  });

  it('function load (replace), list (library, withcode), fcall, fcall_ro', async () => {
    expect(await r.functionLoad(LIBRARY)).toBe('mylib');
    await expect(r.functionLoad(LIBRARY)).rejects.toThrow(/already exists/);
    expect(await r.functionLoad(LIBRARY, { replace: true })).toBe('mylib');
    expect(await r.fcall('echo_key', 1, k('f'), 'arg')).toEqual([k('f'), 'arg']);
    await r.set(k('f'), 'V');
    expect(await r.fcallRo('ro_get', 1, k('f'))).toBe('V');
    await expect(r.fcallRo('echo_key', 1, k('f'), 'a')).rejects.toThrow(ResponseError);
    const list = await r.functionList({ library: 'my*' });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ library_name: 'mylib', engine: 'LUA' });
    expect(list[0]?.library_code).toBeUndefined();
    const fns = [...(list[0]?.functions ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    expect(fns).toEqual([
      { name: 'echo_key', description: null, flags: [] },
      { name: 'ro_get', description: 'reads', flags: ['no-writes'] },
    ]);
    const withCode = await r.functionList({ withcode: true });
    expect(withCode[0]?.library_code).toBe(LIBRARY);
    expect(await r.functionList({ library: 'nothing*' })).toEqual([]);
    const rawList = await raw.functionList();
    expect(Buffer.isBuffer(rawList[0]?.library_name)).toBe(true);
  });

  it('function dump, delete, restore (policies), flush', async () => {
    await r.functionLoad(LIBRARY, { replace: true });
    const payload = await raw.functionDump();
    expect(Buffer.isBuffer(payload)).toBe(true);
    expect(await r.functionDelete('mylib')).toBe(true);
    await expect(r.functionDelete('mylib')).rejects.toThrow(ResponseError);
    expect(await raw.functionRestore(payload)).toBe(true);
    await expect(raw.functionRestore(payload)).rejects.toThrow(ResponseError); // APPEND: it exists
    expect(await raw.functionRestore(payload, { policy: 'REPLACE' })).toBe(true);
    expect(await raw.functionRestore(payload, { policy: 'FLUSH' })).toBe(true);
    expect((await r.functionList()).map((l) => l.library_name)).toEqual(['mylib']);
    expect(await r.functionFlush('ASYNC')).toBe(true);
    expect(await r.functionList()).toEqual([]);
    expect(await r.functionFlush()).toBe(true);
  });

  it('function stats, kill (of a running function), help', async () => {
    await r.functionLoad(LIBRARY, { replace: true });
    expect(await r.functionStats()).toEqual({
      running_script: null,
      engines: { LUA: { libraries_count: 1, functions_count: 2 } },
    });
    await expect(r.functionKill()).rejects.toThrow(/NOTBUSY/);
    await r.functionLoad(SPIN_LIBRARY, { replace: true });
    const spinning = other.fcallRo('spin', 0).then(() => 'finished', (error: unknown) => error);
    try {
      // While it spins, FUNCTION STATS (allowed when busy) names it.
      let stats = await r.functionStats();
      for (let attempt = 0; stats.running_script === null && attempt < 100; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        stats = await r.functionStats();
      }
      expect(stats.running_script?.name).toBe('spin');
      expect(stats.running_script?.command.map((word) => word.toLowerCase())).toEqual(['fcall_ro', 'spin', '0']);
      expect(typeof stats.running_script?.duration_ms).toBe('number');
    } finally {
      expect(await killWhenBusy(() => r.functionKill())).toBe(true);
    }
    expect(await spinning).toBeInstanceOf(ResponseError);
    const help = await r.functionHelp();
    expect(help.some((line) => line.includes('RESTORE'))).toBe(true);
    await r.functionFlush('SYNC');
  });
});
