import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { StrictRedis, DataError } from '../src/index.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const INCR_BY = "return redis.call('INCRBY', KEYS[1], ARGV[1])";
const ECHO_ALL = 'return {KEYS[1], KEYS[2], ARGV[1]}';

describe('defineScript (ioredis defineCommand)', () => {
  it('adds a typed method that runs the script (EVALSHA, EVAL after a SCRIPT FLUSH)', async () => {
    await using base = new StrictRedis({ host: server.host, port: server.port, decodeResponses: true });
    const r = base.defineScript('incrBy', { numberOfKeys: 1, lua: INCR_BY }).defineScript('echoAll', { numberOfKeys: 2, lua: ECHO_ALL });
    expectTypeOf(r.incrBy).parameters.toEqualTypeOf<(string | Buffer | number)[]>();
    expect(await r.incrBy('ds:n', 5)).toBe(5);
    expect(await r.echoAll('a', 'b', 'c')).toEqual(['a', 'b', 'c']);
    await r.scriptFlush();
    expect(await r.incrBy('ds:n', 1)).toBe(6);
    // The client itself is the one returned; its views have the methods too.
    expect(r).toBe(base);
    expect(await r.withOptions({ timeout: 1 }).incrBy('ds:n', 1)).toBe(7);
  });

  it("its pipelines have the methods: queued EVALSHA, the script loaded first", async () => {
    await using base = new StrictRedis({ host: server.host, port: server.port, decodeResponses: true });
    const r = base.defineScript('incrBy2', { numberOfKeys: 1, lua: INCR_BY });
    await r.scriptFlush();
    const p = r.pipeline();
    p.incrBy2('ds:p', 2).incrBy2('ds:p', 3);
    p.get('ds:p');
    expect(await p.execute()).toEqual([2, 5, '5']);
  });

  it('without numberOfKeys, the first argument gives the number of keys', async () => {
    await using base = new StrictRedis({ host: server.host, port: server.port, decodeResponses: true });
    const r = base.defineScript('echoAny', { lua: ECHO_ALL });
    expect(await r.echoAny(2, 'x', 'y', 'z')).toEqual(['x', 'y', 'z']);
    await expect(r.echoAny('x')).rejects.toThrow(DataError);
  });

  it('refuses a taken or bad name, unknown definition keys and too few keys, before sending', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port });
    expect(() => r.defineScript('get', { lua: INCR_BY })).toThrow(/already a method/);
    expect(() => r.defineScript('not a name', { lua: INCR_BY })).toThrow(DataError);
    // @ts-expect-error numberOfKey is not an option
    expect(() => r.defineScript('s1', { lua: INCR_BY, numberOfKey: 1 })).toThrow(/numberOfKey.*numberOfKeys/);
    const s = r.defineScript('s2', { numberOfKeys: 2, lua: ECHO_ALL });
    await expect(s.s2('only-one')).rejects.toThrow(/needs 2 keys/);
  });
});
