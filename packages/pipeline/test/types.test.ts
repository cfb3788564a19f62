import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { StrictRedis } from '@aredis/client';
import { Pipeline, WatchedPipeline } from '../src/index.js';

// The pipeline's types (checked by `pnpm typecheck`) next to what the objects do at runtime:
// a Pipeline's methods chain, a WatchedPipeline's return promises of the client's reply types,
// and both follow decodeResponses.

let server: RedisServer;
let text: StrictRedis<true>;
let raw: StrictRedis<false>;
beforeAll(async () => {
  server = await startServer();
  text = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true });
  raw = new StrictRedis<false>({ host: server.host, port: server.port });
});
afterAll(async () => {
  await text?.close();
  await raw?.close();
  await server?.stop();
});

describe('pipeline types', () => {
  it('chains every command method and follows decodeResponses', async () => {
    const p = text.pipeline();
    expectTypeOf(p).toEqualTypeOf<Pipeline<true>>();
    const chained = p.set('t:a', 1).incr('t:a');
    expectTypeOf(chained).toEqualTypeOf<Pipeline<true>>();
    expect(chained).toBe(p);
    expectTypeOf(p.get('t:a').hgetall('t:h').zrange('t:z', 0, -1, { withscores: true })).toEqualTypeOf<Pipeline<true>>();
    expectTypeOf(p.executeCommand('CONFIG GET', 'maxmemory')).toEqualTypeOf<Pipeline<true>>();
    expectTypeOf(p.bitfield('t:b').set('u8', 0, 1).execute()).toEqualTypeOf<Pipeline<true>>();
    const results = p.execute();
    expectTypeOf(results).toEqualTypeOf<Promise<unknown[]>>();
    expect(await results).toHaveLength(7);
    const plain = raw.pipeline({ transaction: false }).delete('t:a', 't:b');
    expectTypeOf(plain).toEqualTypeOf<Pipeline<false>>();
    expectTypeOf(raw.pipeline().multi()).toEqualTypeOf<Pipeline<false>>();
    expect(await plain.execute()).toEqual([2]);
  });

  it('takes the arguments the client takes', () => {
    const p = raw.pipeline();
    expectTypeOf(p.set).parameters.toEqualTypeOf<Parameters<StrictRedis<false>['set']>>();
    expectTypeOf(p.hset).parameters.toEqualTypeOf<Parameters<StrictRedis<false>['hset']>>();
    // @ts-expect-error SET needs a value
    expect(() => p.set('t:a')).toThrow();
    // @ts-expect-error a key is a string or Buffer
    expect(() => p.get(1)).toThrow();
    expect(p.length).toBe(0);
  });

  it('gives promises of replies in immediate mode (WATCH)', async () => {
    const p = text.pipeline();
    const watching = p.watch('t:k');
    expectTypeOf(watching).toEqualTypeOf<Promise<WatchedPipeline<true>>>();
    const w = await watching;
    expect(w).toBeInstanceOf(WatchedPipeline);
    const value = w.get('t:k');
    expectTypeOf(value).toEqualTypeOf<Promise<string | null>>();
    expectTypeOf(value).toEqualTypeOf<ReturnType<StrictRedis<true>['get']>>();
    expect(value).toBeInstanceOf(Promise);
    expect(await value).toBeNull();
    expectTypeOf(w.incr).returns.toEqualTypeOf<Promise<number>>();
    expectTypeOf(w.watch('t:more')).toEqualTypeOf<Promise<WatchedPipeline<true>>>();
    const queued = w.multi();
    expectTypeOf(queued).toEqualTypeOf<Pipeline<true>>();
    expect(queued).toBe(p);
    expectTypeOf(queued.set('t:k', 'v')).toEqualTypeOf<Pipeline<true>>();
    expect(await p.execute()).toEqual([true]);

    const rw = await raw.pipeline().watch('t:k');
    try {
      const buffer = await rw.get('t:k');
      expectTypeOf(buffer).toEqualTypeOf<Buffer | null>();
      expect(Buffer.isBuffer(buffer)).toBe(true);
    } finally {
      await rw.reset();
    }
  });

  it('types transaction(): watched keys as varargs or arrays, options last, by valueFromCallable', async () => {
    const replies = text.transaction(async (pipe) => {
      expectTypeOf(pipe).toEqualTypeOf<WatchedPipeline<true>>();
      const before = pipe.get('t:k');
      expectTypeOf(before).toEqualTypeOf<Promise<string | null>>();
      await before;
      expectTypeOf(pipe.multi()).toEqualTypeOf<Pipeline<true>>();
      // After multi() the same object queues; its methods keep their promise types.
      expectTypeOf(pipe.incr('t:n')).toEqualTypeOf<Promise<number>>();
    }, 't:k');
    expectTypeOf(replies).toEqualTypeOf<Promise<unknown[]>>();
    expect(await replies).toEqual([1]);
    const value = text.transaction(async () => 42, 't:k', Buffer.from('t:b'), ['t:c'], { valueFromCallable: true });
    expectTypeOf(value).toEqualTypeOf<Promise<number>>();
    expect(await value).toBe(42);
    const delayed = text.transaction(() => undefined, ['t:k'], { watchDelay: 0.01 });
    expectTypeOf(delayed).toEqualTypeOf<Promise<unknown[]>>();
    expect(await delayed).toEqual([]);
    // @ts-expect-error an unknown option is a type error (and a DataError at runtime)
    await expect(text.transaction(() => undefined, 't:k', { watchdelay: 1 })).rejects.toThrow(/unknown option/);
    // @ts-expect-error a key is a string or Buffer
    await expect(text.transaction(() => undefined, 1)).rejects.toThrow(/argument 2/);
  });
});
