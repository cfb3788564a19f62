import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import {
  DataError,
  ExecAbortError,
  PipelineError,
  ResponseError,
  StrictRedis,
  WatchError,
  type PipelineCommandError,
} from '../../src/index.js';

// Conformance: pipelines and transactions as a redis-py user writes them (async/await,
// camelCase, options last). Departures are listed in docs/redis-py-departures.md.

let server: RedisServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe.each([3, 2] as const)('transactions under RESP%i', (protocol) => {
  let r: StrictRedis<true>;
  let other: StrictRedis<true>;
  const k = (name: string): string => `tx${protocol}:${name}`;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  beforeAll(() => {
    r = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true, protocol });
    other = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true, protocol });
  });
  afterAll(async () => {
    await r.close();
    await other.close();
  });
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(async () => {
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]); // no test may leave an unhandled rejection behind
    expect(r.connectionPool.inUse).toBe(0); // every watched connection went back
  });

  it('runs the canonical idiom: read after WATCH, multi() on the same object, queued write', async () => {
    await r.set(k('seq'), 41);
    const result = await r.transaction(async (pipe) => {
      const cur = Number(await pipe.get(k('seq'))); // runs at once: the key is watched
      pipe.multi(); // from here the same object queues
      pipe.set(k('seq'), cur + 1); // queued, not run, not rejected; the promise is ignored
    }, k('seq'));
    expect(result).toEqual([true]);
    expect(await r.get(k('seq'))).toBe('42');
  });

  it('watches every key given as varargs, arrays or Buffers (one string is one key)', async () => {
    await r.set(k('balance'), 100);
    let calls = 0;
    const result = await r.transaction(async (pipe) => {
      calls++;
      const balance = Number(await pipe.get(k('balance')));
      if (calls === 1) await other.incrby(k('balance'), 1); // a concurrent writer: EXEC must fail once
      pipe.multi();
      pipe.set(k('balance'), balance - 10);
    }, k('balance'));
    expect(calls).toBe(2);
    expect(result).toEqual([true]);
    expect(await r.get(k('balance'))).toBe('91');

    calls = 0;
    await r.transaction(
      async (pipe) => {
        calls++;
        await pipe.get(k('b1'));
        if (calls === 1) await other.set(k('b3'), 'changed'); // the last key of the array
        pipe.multi().set(k('b1'), 'done');
      },
      Buffer.from(k('b1')),
      [k('b2'), k('b3')],
    );
    expect(calls).toBe(2);
  });

  it('retries until no watched key changed, waiting watchDelay seconds, and gives the callable value', async () => {
    await r.set(k('counter'), 0);
    let calls = 0;
    const value = await r.transaction(
      async (pipe) => {
        calls++;
        const current = Number(await pipe.get(k('counter')));
        if (calls <= 2) await other.incr(k('counter'));
        pipe.multi().set(k('counter'), current + 10);
        return current + 10;
      },
      k('counter'),
      { watchDelay: 0.001, valueFromCallable: true },
    );
    expect(calls).toBe(3);
    expect(value).toBe(12);
    expect(await r.get(k('counter'))).toBe('12');
    // Another error ends it at once.
    await expect(r.transaction(() => Promise.reject(new RangeError('stop')), k('counter'))).rejects.toThrow(RangeError);
  });

  it('runs the manual WATCH / MULTI / EXEC loop, also on a { transaction: false } pipeline', async () => {
    await r.set(k('manual'), 1);
    for (const transaction of [true, false]) {
      const p = r.pipeline({ transaction });
      const pipe = await p.watch(k('manual'));
      expect(pipe.watching).toBe(true);
      const value = Number(await pipe.get(k('manual')));
      pipe.multi();
      pipe.set(k('manual'), value + 1);
      expect(await pipe.execute()).toEqual([true]);
      expect(pipe.watching).toBe(false); // EXEC ended the watch
    }
    expect(await r.get(k('manual'))).toBe('3');
  });

  it('raises WatchError when a watched key changed, even for an empty transaction, and writes nothing', async () => {
    await r.set(k('w'), 'a');
    const pipe = await r.pipeline().watch(k('w'));
    await other.set(k('w'), 'b');
    pipe.multi();
    pipe.set(k('w'), 'mine');
    await expect(pipe.execute()).rejects.toBeInstanceOf(WatchError);
    expect(await r.get(k('w'))).toBe('b');

    const empty = await r.pipeline().watch(k('w'));
    await other.set(k('w'), 'c');
    empty.multi();
    await expect(empty.execute()).rejects.toBeInstanceOf(WatchError);
  });

  it('refuses pipelines used out of order with PipelineError, before sending anything', async () => {
    const p = r.pipeline();
    p.multi();
    expect(() => p.multi()).toThrow(PipelineError); // nested MULTI
    await expect(p.watch(k('late'))).rejects.toThrow(/WATCH cannot come after MULTI/);
    await p.reset();
    const q = r.pipeline().set(k('queued'), 1);
    expect(() => q.multi()).toThrow(PipelineError); // commands already queued without WATCH
    await q.reset();
    const w = await r.pipeline().watch(k('x'));
    w.multi();
    await expect(w.watch(k('y'))).rejects.toThrow(PipelineError);
    await w.reset();
  });

  it('after unwatch(), queues the commands as redis-py does', async () => {
    await r.set(k('u'), 1);
    const pipe = await r.pipeline().watch(k('u'));
    await other.set(k('u'), 2);
    await pipe.unwatch();
    expect(pipe.watching).toBe(false);
    const read = pipe.get(k('u')); // queued now: settles once execute() ran
    expect(await pipe.execute()).toEqual(['2']);
    expect(await read).toBe('2');
  });

  it('raises the first failing command’s error, naming it, after running the rest (raiseOnError)', async () => {
    await r.set(k('c'), 'text');
    for (const transaction of [true, false]) {
      const p = r.pipeline({ transaction }).set(k('a'), 1).lpush(k('c'), 3).set(k('d'), 4);
      const error = (await p.execute().catch((e: unknown) => e)) as ResponseError & PipelineCommandError;
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.message).toMatch(/^WRONGTYPE/);
      expect(error.commandIndex).toBe(1);
      expect(error.message).toContain(`LPUSH ${k('c')} 3`);
      expect(await r.get(k('d'))).toBe('4'); // the command after the failing one ran
      await r.delete(k('d'));
      const results = await r.pipeline({ transaction }).set(k('a'), 1).lpush(k('c'), 3).execute({ raiseOnError: false });
      expect(results[0]).toBe(true);
      expect(results[1]).toBeInstanceOf(ResponseError);
      expect(await p.set(k('z'), 'zzz').execute()).toEqual([true]); // usable again
    }
  });

  it('gives the replies of queued commands through their promises too, once the transaction ran', async () => {
    const queued: Promise<unknown>[] = [];
    const result = await r
      .transaction(async (pipe) => {
        await pipe.get(k('p'));
        pipe.multi();
        queued.push(pipe.set(k('p'), 'v'), pipe.lpush(k('p'), 'x')); // the LPUSH fails inside EXEC
      }, k('p'))
      .catch((e: unknown) => e);
    expect(result).toBeInstanceOf(ResponseError); // raiseOnError: the transaction() call raises it
    expect(await queued[0]).toBe(true);
    await expect(queued[1]).rejects.toThrow(/^WRONGTYPE/);
    expect(await r.get(k('p'))).toBe('v');
  });

  it('refuses to await a queued command inside the function instead of waiting forever', async () => {
    const error = await r
      .transaction(async (pipe) => {
        pipe.multi();
        await pipe.set(k('never'), 'v');
      }, k('never'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineError);
    expect(await r.exists(k('never'))).toBe(0);
  });

  it('raises ExecAbortError when the server refuses a command while queueing (nothing runs)', async () => {
    await r.set(k('abort'), 'before');
    const p = r.pipeline().set(k('abort'), 'after').executeCommand('SET', k('abort'));
    const error = (await p.execute().catch((e: unknown) => e)) as ExecAbortError;
    expect(error).toBeInstanceOf(ExecAbortError);
    expect(error.errors[0]?.message).toMatch(/wrong number of arguments/);
    expect(await r.get(k('abort'))).toBe('before');
  });

  it('checks options and arguments: DataError, nothing sent', async () => {
    await expect(r.transaction(() => undefined, k('o'), { watch_delay: 1 } as never)).rejects.toThrow(/unknown option 'watch_delay' \(did you mean 'watchDelay'\?\)/);
    await expect(r.transaction(() => undefined, 42 as never)).rejects.toThrow(DataError);
    expect(() => r.pipeline({ shardHint: 'x' } as never)).toThrow(DataError);
    const p = r.pipeline();
    expect(() => p.set(k('o'), {} as never)).toThrow(DataError);
    expect(p.length).toBe(0);
  });

  it('queues without watched keys: a transaction() whose function only queues', async () => {
    const result = await r.transaction((pipe) => {
      void pipe.set(k('n'), 5);
      void pipe.incrby(k('n'), 2);
    });
    expect(result).toEqual([true, 7]);
  });
});
