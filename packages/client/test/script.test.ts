import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { DataError, NoScriptError, ResponseError } from '@aredis/resp-parser';
import { Pipeline, StrictRedis, type Script } from '../src/index.js';

// Registered Lua scripts and functions against a real server, under RESP3 and RESP2.

let server: RedisServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const ADD = "return redis.call('INCRBY', KEYS[1], ARGV[1])";
const ECHO = 'return {KEYS[1], ARGV[1], ARGV[2]}';

describe.each([3, 2] as const)('scripts over RESP%i', (protocol) => {
  let r: StrictRedis<true>;
  const k = (name: string): string => `s${protocol}:${name}`;

  beforeAll(() => {
    r = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true, protocol });
  });
  afterAll(async () => {
    await r.close();
  });

  /** How many times the server ran `command` since CONFIG RESETSTAT. */
  async function calls(command: 'evalsha' | 'eval' | 'script|load' | 'script|exists'): Promise<number> {
    const info = (await r.info('commandstats')) as Record<string, { calls?: number } | undefined>;
    return info[`cmdstat_${command}`]?.calls ?? 0;
  }

  it('knows its SHA1 as the server computes it', async () => {
    const s = r.registerScript(ADD);
    expect(s.script).toBe(ADD);
    expect(s.sha).toBe(await r.scriptLoad(ADD));
    expect(r.registerScript(Buffer.from(ADD)).sha).toBe(s.sha);
  });

  it('runs with EVALSHA, falling back to EVAL on NOSCRIPT (which caches it again)', async () => {
    const s = r.registerScript(ECHO);
    await r.scriptFlush();
    await r.executeCommand('CONFIG', 'RESETSTAT');
    expect(await r.scriptExists(s.sha)).toEqual([false]);
    expect(await s({ keys: [k('key')], args: ['a', 2] })).toEqual([k('key'), 'a', '2']);
    expect(await calls('evalsha')).toBe(1); // tried first, answered NOSCRIPT
    expect(await calls('eval')).toBe(1);
    expect(await r.scriptExists(s.sha)).toEqual([true]);
    expect(await s({ keys: [k('key')], args: ['b', 3] })).toEqual([k('key'), 'b', '3']);
    expect(await calls('evalsha')).toBe(2);
    expect(await calls('eval')).toBe(1); // the second call needed no fallback
    expect(await s()).toEqual([]); // no keys, no args
  });

  it('runs on another client given as `client`, and raises script errors as ResponseError', async () => {
    const s = r.registerScript(ADD);
    const other = new StrictRedis<false>({ host: server.host, port: server.port, protocol });
    try {
      await other.set(k('n'), 1);
      expect(await s({ keys: [k('n')], args: [4], client: other })).toBe(5);
      await other.set(k('text'), 'abc');
      await expect(s({ keys: [k('text')], args: [1] })).rejects.toBeInstanceOf(ResponseError);
      const error = await s({ keys: [k('text')], args: [1] }).catch((e: unknown) => e);
      expect(error).not.toBeInstanceOf(NoScriptError);
    } finally {
      await other.close();
    }
  });

  it('rejects bad arguments with DataError before sending', async () => {
    const s = r.registerScript(ADD);
    await expect(s({ keys: k('n') as unknown as string[] })).rejects.toThrow(DataError);
    await expect(s({ keys: [k('n')], args: [{}] as unknown as string[] })).rejects.toThrow(DataError);
    expect(() => r.registerScript(42 as unknown as string)).toThrow(DataError);
    // On a pipeline the bad call throws at once, as the pipeline's methods do.
    const p = r.pipeline();
    expect(() => s({ keys: [k('n')], args: [null] as unknown as string[], client: p })).toThrow(DataError);
    expect(p.length).toBe(0);
  });

  for (const transaction of [true, false]) {
    it(`is queued in a pipeline (transaction: ${transaction}) and loaded first after SCRIPT FLUSH`, async () => {
      const add = r.registerScript(ADD);
      const echo = r.registerScript(ECHO);
      await r.set(k('p'), 10);
      await r.scriptLoad(ECHO);
      await r.scriptFlush();
      await r.scriptLoad(ECHO); // one of the two is known, the other is not
      await r.executeCommand('CONFIG', 'RESETSTAT');
      const p = r.pipeline({ transaction });
      const returned = add({ keys: [k('p')], args: [5], client: p });
      expect(returned).toBe(p);
      echo({ keys: ['x'], args: ['y', 'z'], client: p }).get(k('p'));
      add({ keys: [k('p')], args: [1], client: p });
      expect(await p.execute()).toEqual([15, ['x', 'y', 'z'], '15', 16]);
      expect(await calls('script|exists')).toBe(1);
      expect(await calls('script|load')).toBe(1); // only the missing one
      expect(await calls('eval')).toBe(0);
      expect(await r.scriptExists(add.sha, echo.sha)).toEqual([true, true]);
      // A reused pipeline with nothing to load sends no SCRIPT commands.
      await r.executeCommand('CONFIG', 'RESETSTAT');
      expect(await p.get(k('p')).execute()).toEqual(['16']);
      expect(await calls('script|exists')).toBe(0);
    });
  }

  it('runs at once in a watched pipeline (immediate mode), with the NOSCRIPT fallback', async () => {
    const add = r.registerScript(ADD);
    await r.scriptFlush();
    await r.set(k('w'), 1);
    const p = r.pipeline();
    const w = await p.watch(k('w'));
    const value = add({ keys: [k('other')], args: [2], client: w });
    expectTypeOf(value).toEqualTypeOf<Promise<unknown>>();
    expect(await value).toBe(2);
    add({ keys: [k('w')], args: [10], client: w.multi() });
    expect(await p.execute()).toEqual([11]);
  });

  it('queues on a WatchedPipeline after multi(), loading the script before the transaction', async () => {
    const add = r.registerScript(ADD);
    await r.set(k('q'), 1);
    const w = await r.pipeline().watch(k('q'));
    w.multi();
    await r.scriptFlush(); // EVALSHA inside EXEC could not fall back to EVAL
    const reply = add({ keys: [k('q')], args: [4], client: w });
    expect(await w.execute()).toEqual([5]);
    expect(await reply).toBe(5);
  });

  it('refuses an unknown call option', async () => {
    const s = r.registerScript(ADD);
    await expect(s({ key: [k('x')] } as never)).rejects.toThrow("Script: unknown option 'key' (did you mean 'keys'?)");
    expect(() => s({ keys: [k('x')], arg: [1], client: r.pipeline() } as never)).toThrow(DataError);
  });

  it('works with FUNCTION LOAD and FCALL, on the client and in a pipeline', async () => {
    const library = "#!lua name=counters\nredis.register_function('bump', function(keys, args) return redis.call('INCRBY', keys[1], args[1]) end)";
    expect(await r.functionLoad(library, { replace: true })).toBe('counters');
    await r.set(k('f'), 1);
    expect(await r.fcall('bump', 1, k('f'), 2)).toBe(3);
    expect(await r.pipeline().fcall('bump', 1, k('f'), 3).fcall('bump', 1, k('f'), 4).execute()).toEqual([6, 10]);
    await expect(r.fcall('nope', 0)).rejects.toBeInstanceOf(ResponseError);
    expect(await r.functionDelete('counters')).toBe(true);
  });

  it('types the call by where it runs', async () => {
    const s: Script = r.registerScript(ECHO);
    const p = r.pipeline();
    const queued = s({ keys: ['a'], client: p });
    expectTypeOf(queued).toEqualTypeOf<Pipeline<true>>();
    expect(queued).toBe(p);
    const reply = s({ keys: ['a'], args: [1, Buffer.from('y')] });
    expectTypeOf(reply).toEqualTypeOf<Promise<unknown>>();
    expect(await reply).toEqual(['a', '1', 'y']);
    const raw = new StrictRedis<false>({ host: server.host, port: server.port, protocol });
    try {
      const onRaw = s({ keys: ['a'], args: ['b', 'c'], client: raw });
      expectTypeOf(onRaw).toEqualTypeOf<Promise<unknown>>();
      expect(await onRaw).toEqual([Buffer.from('a'), Buffer.from('b'), Buffer.from('c')]);
    } finally {
      await raw.close();
    }
    expectTypeOf(s.sha).toEqualTypeOf<string>();
    expect(await p.execute()).toEqual([['a']]); // Lua stops a table at its first nil
  });
});
