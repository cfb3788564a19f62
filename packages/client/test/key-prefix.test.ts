import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { StrictRedis, DataError } from '../src/index.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('keyPrefix (as ioredis)', () => {
  it('every key of commands, executeCommand, pipelines, transactions and scripts gets the prefix', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port, keyPrefix: 'app:', decodeResponses: true });
    await using raw = new StrictRedis({ host: server.host, port: server.port, decodeResponses: true });
    await r.set('a', '1');
    await r.mset({ b: '2', c: '3' });
    await r.executeCommand('SET', 'd', '4');
    await r.pipeline().set('e', '5').incr('e').execute();
    await r.pipeline({ transaction: false }).set('f', '6').execute();
    expect(await r.eval("return redis.call('GET', KEYS[1])", 1, 'a')).toBe('1');
    expect((await raw.keys('*')).sort()).toEqual(['app:a', 'app:b', 'app:c', 'app:d', 'app:e', 'app:f']);
    expect(await r.mget('a', 'b', 'c')).toEqual(['1', '2', '3']);
    expect(await r.get('e')).toBe('6');
    // KEYS' pattern is not a key, and key names in replies are the server's (as ioredis): the prefix shows.
    expect((await r.keys('app:[ab]')).sort()).toEqual(['app:a', 'app:b']);
    await raw.flushdb();
  });

  it('transaction(fn, ...watches) watches the prefixed key and commits', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port, keyPrefix: 'tx:', decodeResponses: true });
    await using raw = new StrictRedis({ host: server.host, port: server.port, decodeResponses: true });
    await r.set('seq', '41');
    const result = await r.transaction(async (pipe) => {
      const current = Number(await pipe.get('seq'));
      pipe.multi();
      pipe.set('seq', String(current + 1));
    }, 'seq');
    expect(result).toEqual([true]);
    expect(await raw.get('tx:seq')).toBe('42');
    await raw.flushdb();
  });

  it('SORT BY/GET patterns are read with the prefix; a bad prefix is a DataError before anything is sent', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port, keyPrefix: 's:', decodeResponses: true });
    await r.rpush('ids', '1', '2');
    await r.mset({ w_1: '20', w_2: '10', o_1: 'one', o_2: 'two' });
    expect(await r.sort('ids', { by: 'w_*', get: ['o_*'] })).toEqual(['two', 'one']);
    expect(() => new StrictRedis({ keyPrefix: '' })).toThrow(DataError);
    await r.flushdb();
  });
});
