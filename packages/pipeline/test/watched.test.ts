import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { DataError, ResponseError, WatchError } from '@aredis/resp-parser';
import { StrictRedis } from '@aredis/client';
import { PipelineError, QueuedReply, transactionArguments } from '../src/index.js';

// A WatchedPipeline after multi(): its commands queue into the transaction and give promises
// that execute() settles; ignoring them is safe, awaiting them too early fails at once.

let server: RedisServer;
let r: StrictRedis<true>;
let other: StrictRedis<true>;
beforeAll(async () => {
  server = await startServer();
  r = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true });
  other = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true });
});
afterAll(async () => {
  await r?.close();
  await other?.close();
  await server?.stop();
});

// Any unhandled rejection during a test is a failure of that test (vitest would also report it).
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  await new Promise((resolve) => setImmediate(resolve)); // let pending rejections be reported
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
  expect(r.connectionPool.inUse).toBe(0);
});

describe('queued replies', () => {
  it('settle with their commands’ replies once execute() ran, errors in place', async () => {
    await r.set('q:text', 'abc');
    const w = await r.pipeline().watch('q:text');
    w.multi();
    const length = w.strlen('q:text');
    const bad = w.incr('q:text'); // fails inside EXEC: its own promise rejects with that error
    const value = w.get('q:text');
    expect(length).toBeInstanceOf(QueuedReply);
    expect(length).toBeInstanceOf(Promise);
    const results = await w.execute({ raiseOnError: false });
    expect(results[0]).toBe(3);
    expect(results[1]).toBeInstanceOf(ResponseError);
    expect(results[2]).toBe('abc');
    expect(await length).toBe(3);
    await expect(bad).rejects.toThrow(/not an integer/);
    expect(await value).toBe('abc');
  });

  it('never cause an unhandled rejection when ignored: the error comes out of execute()', async () => {
    await r.set('q:ignored', 'text');
    const w = await r.pipeline().watch('q:ignored');
    w.multi();
    void w.incr('q:ignored'); // ignored, and it fails
    w.set('q:ignored-2', 'x');
    const error = await w.execute().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as Error).message).toContain('command #0 of the pipeline: INCR q:ignored');
    expect(await r.get('q:ignored-2')).toBe('x'); // MULTI/EXEC: the other command ran
  });

  it('reject at once when awaited before execute() (instead of waiting forever); the command still runs', async () => {
    const w = await r.pipeline().watch('q:early');
    w.multi();
    await expect(w.set('q:early', 'v')).rejects.toThrow(/^SET: this command is queued in the transaction/);
    // A derived promise keeps the guard: awaiting `reply.catch(...)` early fails the same way.
    let early: unknown;
    try {
      await w.exists('q:early').catch(() => 'handled');
    } catch (error) {
      early = error;
    }
    expect(early).toBeInstanceOf(PipelineError);
    // Promise.all subscribes too: the same answer, not a hang.
    await expect(Promise.all([w.get('q:early')])).rejects.toThrow(PipelineError);
    // .catch() alone does not wait for the value: not refused.
    let caught: unknown = 'not called';
    const later = w.incr('q:early-count');
    later.catch((e: unknown) => (caught = e));
    expect(await w.execute()).toEqual([true, 1, 'v', 1]);
    expect(await later).toBe(1);
    expect(caught).toBe('not called');
  });

  it('make execute() raise a DataError of a queued command, sending nothing', async () => {
    await r.set('q:data', 'before');
    const w = await r.pipeline().watch('q:data');
    w.multi();
    w.set('q:data', 'after');
    const refused = w.get(42 as unknown as string); // ignored by the caller
    await expect(refused).rejects.toThrow(DataError);
    await expect(w.execute()).rejects.toThrow(DataError);
    expect(await r.get('q:data')).toBe('before');
  });

  it('reject with PipelineError on reset(), with WatchError when a watched key changed', async () => {
    const p = r.pipeline();
    const w = await p.watch('q:reset');
    w.multi();
    const dropped = w.set('q:reset', 'never');
    await p.reset();
    await expect(dropped).rejects.toThrow(/reset before execute/);
    expect(await r.exists('q:reset')).toBe(0);

    const w2 = await p.watch('q:changed');
    await other.set('q:changed', 'theirs');
    w2.multi();
    const lost = w2.set('q:changed', 'mine');
    await expect(w2.execute()).rejects.toBeInstanceOf(WatchError);
    await expect(lost).rejects.toBeInstanceOf(WatchError);
    expect(await r.get('q:changed')).toBe('theirs');
  });

  it('queue from the start in a transaction() without watched keys, as redis-py', async () => {
    await r.delete('q:nowatch');
    const results = await r.transaction((pipe) => {
      expect(pipe.mode).toBe('queued');
      void pipe.set('q:nowatch', 1);
      void pipe.incr('q:nowatch');
    });
    expect(results).toEqual([true, 2]);
    // multi() is still allowed first (and only once), as redis-py's explicit MULTI.
    expect(await r.transaction((pipe) => void pipe.multi().get('q:nowatch'))).toEqual(['2']);
    await expect(
      r.transaction((pipe) => {
        void pipe.get('q:nowatch');
        pipe.multi();
      }),
    ).rejects.toThrow(PipelineError);
  });
});

describe('transaction() arguments', () => {
  it('reads keys as redis-py *watches: strings and Buffers one by one, arrays, options last', () => {
    expect(transactionArguments(['balance'])).toEqual({ watches: ['balance'], options: {} });
    const key = Buffer.from([1, 2]);
    expect(transactionArguments(['a', key, ['b', 'c'], { watchDelay: 0.1 }])).toEqual({
      watches: ['a', key, 'b', 'c'],
      options: { watchDelay: 0.1 },
    });
    expect(transactionArguments([])).toEqual({ watches: [], options: {} });
    expect(() => transactionArguments([1])).toThrow(/argument 2 must be a key/);
    expect(() => transactionArguments([['a', 2]])).toThrow(/watched key 1 of array argument 2/);
  });

  it('checks the options: an unknown key or a bad watchDelay is a DataError, nothing run', async () => {
    let calls = 0;
    const fn = (): void => void calls++;
    await expect(r.transaction(fn, 'k', { watchdelay: 1 } as never)).rejects.toThrow(
      "transaction: unknown option 'watchdelay' (did you mean 'watchDelay'?)",
    );
    await expect(r.transaction(fn, 'k', { shardHint: 'x' } as never)).rejects.toThrow(/unknown option 'shardHint'/);
    await expect(r.transaction(fn, 'k', { watchDelay: -1 })).rejects.toThrow(/watchDelay' must be a number of seconds/);
    await expect(r.transaction(fn, 'k', { valueFromCallable: 'yes' } as never)).rejects.toThrow(DataError);
    expect(calls).toBe(0);
  });

  it('checks pipeline() and execute() options, keeping the queue on a refused execute()', async () => {
    expect(() => r.pipeline({ transactions: false } as never)).toThrow("pipeline: unknown option 'transactions' (did you mean 'transaction'?)");
    expect(() => r.pipeline({ transaction: 'no' } as never)).toThrow(/must be a boolean/);
    const p = r.pipeline().set('q:opts', 1);
    await expect(p.execute({ raiseOnErrors: false } as never)).rejects.toThrow(/unknown option 'raiseOnErrors'/);
    expect(p.length).toBe(1);
    expect(await p.execute()).toEqual([true]);
  });
});

describe("a host's checkCommand", () => {
  it('refuses a command before it is queued, sent or watched (what a cluster does with keys of another slot)', async () => {
    const { Pipeline } = await import('../src/index.js');
    const refuse = (args: readonly unknown[]): void => {
      if (args.slice(1).includes('check:bad')) throw new DataError(`${String(args[0])}: check:bad refused`);
    };
    const host = { pool: r.connectionPool, callbacks: new Map(Object.entries(StrictRedis.RESPONSE_CALLBACKS)), checkCommand: refuse };
    // Queued: thrown at the call, nothing queued.
    const p = new Pipeline<true>(host);
    expect(() => p.set('check:bad', '1')).toThrow(/check:bad refused/);
    expect(p.length).toBe(0);
    // WATCH of a refused key: nothing acquired.
    await expect(new Pipeline<true>(host).watch('check:bad')).rejects.toThrow(/WATCH: check:bad refused/);
    // Immediate and queued commands of a WatchedPipeline.
    const watchedPipe = new Pipeline<true>(host);
    const w = await watchedPipe.watch('check:good');
    await expect(w.get('check:bad')).rejects.toThrow(/GET: check:bad refused/);
    w.multi();
    void w.set('check:bad', 'x');
    w.set('check:good', 'y');
    await expect(w.execute()).rejects.toThrow(/check:bad refused/);
    expect(await r.exists('check:bad', 'check:good')).toBe(0); // nothing was sent
  });
});

describe('executeCommand on a WatchedPipeline', () => {
  it('runs at once with the keys prefixed, queues after multi() (a bad argument makes execute() raise it), and is refused once done', async () => {
    await using prefixed = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true, keyPrefix: 'wx:' });
    await r.set('wx:seen', 'now');
    const w = await prefixed.pipeline().watch('seen');
    expect(await w.executeCommand('GET', 'seen')).toBe('now');
    expect(await w.executeCommand('CONFIG GET', 'maxmemory-policy')).toEqual({ 'maxmemory-policy': 'noeviction' });
    w.multi();
    const queued = w.executeCommand('SET', 'seen', 'later');
    expect(await w.execute()).toEqual([true]);
    expect(await queued).toBe(true);
    expect(await r.get('wx:seen')).toBe('later');

    const w2 = await prefixed.pipeline().watch('seen');
    w2.multi();
    void w2.executeCommand('SET', 'seen', 'never');
    const bad = w2.executeCommand('SET', 'seen', [] as unknown as string);
    await expect(bad).rejects.toThrow(/executeCommand: argument 2 must be a string, Buffer or number, got array/);
    await expect(w2.execute()).rejects.toThrow(DataError);
    expect(await r.get('wx:seen')).toBe('later'); // nothing was sent
    await expect(w2.executeCommand('GET', 'seen')).rejects.toThrow(new PipelineError('GET: this WatchedPipeline is finished (execute() or reset() ran)'));
    await expect(w2.get('seen')).rejects.toThrow(new PipelineError('GET: this WatchedPipeline is finished (execute() or reset() ran)'));
    await r.delete('wx:seen');
  });
});
