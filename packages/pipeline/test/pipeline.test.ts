import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { ConnectionError, DataError, ExecAbortError, ResponseError, TimeoutError, WatchError } from '@aredis/resp-parser';
import { once } from 'node:events';
import type { Duplex } from 'node:stream';
import { Connection, StrictRedis } from '@aredis/client';
import { PipelineError, type PipelineCommandError } from '../src/index.js';

// Pipelines against a real server, under RESP3 (the default) and RESP2.

let server: RedisServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** A TCP connection that counts the socket writes it makes (a corked run of writes counts once). */
class CountingConnection extends Connection {
  static writes = 0;
  protected override async createSocket(signal: AbortSignal): Promise<Duplex> {
    const socket = await super.createSocket(signal);
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    const uncork = socket.uncork.bind(socket);
    let corked = false;
    socket.cork = () => {
      corked = true;
    };
    socket.uncork = () => {
      corked = false;
      CountingConnection.writes++;
      uncork();
    };
    socket.write = ((...args: unknown[]) => {
      if (!corked) CountingConnection.writes++;
      return write(...args);
    }) as typeof socket.write;
    return socket;
  }
}

describe('one write', () => {
  it('sends a whole pipeline, with or without MULTI/EXEC, in one socket write', async () => {
    await using r = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true, connectionClass: CountingConnection });
    await r.ping();
    for (const transaction of [true, false]) {
      const p = r.pipeline({ transaction });
      for (let i = 0; i < 500; i++) p.set(`one-write:${i}`, 'x'.repeat(i));
      const before = CountingConnection.writes;
      const replies = await p.execute();
      expect(CountingConnection.writes - before).toBe(1);
      expect(replies).toHaveLength(500);
    }
  });
});

describe.each([3, 2] as const)('pipelines over RESP%i', (protocol) => {
  let r: StrictRedis<true>;
  let other: StrictRedis<true>;
  const k = (name: string): string => `p${protocol}:${name}`;

  beforeAll(() => {
    r = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true, protocol });
    other = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true, protocol });
  });
  afterAll(async () => {
    await r.close();
    await other.close();
  });

  it('runs a MULTI/EXEC pipeline: replies in order, shaped by the response callbacks', async () => {
    const p = r.pipeline();
    p.set(k('a'), 1).incr(k('a')).incrby(k('a'), 5).get(k('a'));
    p.hset(k('h'), { f: 'v', g: 'w' }).hgetall(k('h')).exists(k('a'), k('nope'));
    expect(p.length).toBe(7);
    expect(await p.execute()).toEqual([true, 2, 7, '7', 2, { f: 'v', g: 'w' }, 1]);
    expect(p.length).toBe(0);
  });

  it('runs a plain pipeline with { transaction: false }', async () => {
    const p = r.pipeline({ transaction: false });
    expect(p.transaction).toBe(false);
    expect(await p.set(k('b'), 'x').append(k('b'), 'yz').get(k('b')).delete(k('b')).execute()).toEqual([true, 3, 'xyz', 1]);
  });

  it('tells a transaction from a plain pipeline: a command refused at queueing aborts only the transaction', async () => {
    await r.set(k('abort'), 'before');
    const tx = r.pipeline().set(k('abort'), 'during').executeCommand('SET', k('abort'));
    const error = await tx.execute().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExecAbortError);
    const abort = error as ExecAbortError;
    expect(abort.message).toMatch(/^EXECABORT/);
    expect(abort.errors).toHaveLength(1);
    expect(abort.errors[0]).toBeInstanceOf(ResponseError);
    expect(abort.errors[0]?.message).toMatch(/wrong number of arguments/);
    expect((abort.errors[0] as unknown as PipelineCommandError).commandIndex).toBe(1);
    expect(await r.get(k('abort'))).toBe('before'); // nothing ran

    const plain = r.pipeline({ transaction: false }).set(k('abort'), 'during').executeCommand('SET', k('abort'));
    const results = await plain.execute({ raiseOnError: false });
    expect(results[0]).toBe(true);
    expect(results[1]).toBeInstanceOf(ResponseError);
    expect(await r.get(k('abort'))).toBe('during');
  });

  for (const transaction of [true, false]) {
    it(`mixes errors and replies (transaction: ${transaction}): raiseOnError names the command, or errors stand in place`, async () => {
      await r.delete(k('mix'));
      const build = () => r.pipeline({ transaction }).set(k('mix'), 'text').incr(k('mix')).lpush(k('mix'), 'x').get(k('mix'));
      const thrown = await build().execute().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(thrown).toBeInstanceOf(ResponseError);
      const error = thrown as ResponseError & PipelineCommandError;
      expect(error.message).toMatch(/^ERR value is not an integer/); // the server's words first
      expect(error.message).toContain(`command #1 of the pipeline: INCR ${k('mix')}`);
      expect(error.commandIndex).toBe(1);
      expect(error.command).toBe('INCR'); // the name only: arguments may hold secrets
      // The commands after the failing one ran all the same (all replies were read).
      expect(await r.get(k('mix'))).toBe('text');

      const results = await build().execute({ raiseOnError: false });
      expect(results).toHaveLength(4);
      expect(results[0]).toBe(true);
      expect(results[1]).toBeInstanceOf(ResponseError);
      expect(results[2]).toBeInstanceOf(ResponseError);
      expect((results[2] as ResponseError).prefix).toBe('WRONGTYPE');
      expect((results[2] as PipelineCommandError).commandIndex).toBe(2);
      expect(results[3]).toBe('text');

      const quiet = r.pipeline({ transaction, raiseOnError: false }).incr(k('mix'));
      expect((await quiet.execute())[0]).toBeInstanceOf(ResponseError);
    });
  }

  it('runs 10,000 commands in one plain pipeline on the shared connection', async () => {
    const pool = r.connectionPool;
    const p = r.pipeline({ transaction: false });
    for (let i = 0; i < 10_000; i++) p.set(k(`many:${i}`), i);
    const running = p.execute();
    expect(pool.inUse).toBe(0);
    const sets = await running;
    expect(sets).toHaveLength(10_000);
    expect(sets.every((reply) => reply === true)).toBe(true);
    for (let i = 0; i < 10_000; i++) p.get(k(`many:${i}`));
    const values = await p.execute();
    expect(values).toEqual(Array.from({ length: 10_000 }, (_, i) => String(i)));
    expect(pool.inUse).toBe(0);
    expect(pool.size).toBe(1); // no connection was taken for the pipeline
  });

  it('runs a 10,000-command transaction', async () => {
    const p = r.pipeline();
    for (let i = 0; i < 10_000; i++) p.incr(k('tx-count'));
    const replies = await p.execute();
    expect(replies).toHaveLength(10_000);
    expect(replies[9_999]).toBe(10_000);
  });

  it('is reused after execute(), and an empty pipeline gives []', async () => {
    const p = r.pipeline();
    expect(await p.execute()).toEqual([]);
    expect(await p.set(k('reuse'), 'one').execute()).toEqual([true]);
    expect(await p.get(k('reuse')).execute()).toEqual(['one']);
    // A failed execute empties it too.
    await expect(p.set(k('reuse'), 'x').incr(k('reuse')).execute()).rejects.toThrow(ResponseError);
    expect(p.length).toBe(0);
    expect(await p.get(k('reuse')).execute()).toEqual(['x']);
    await p.set(k('reuse'), 'dropped').reset();
    expect(await p.get(k('reuse')).execute()).toEqual(['x']);
  });

  it('throws DataError at the chained call, queueing and sending nothing', async () => {
    const p = r.pipeline().set(k('data'), 'ok');
    expect(() => p.get(42 as unknown as string)).toThrow(DataError);
    expect(() => p.set(k('data'), 'v', { ex: 1, px: 1 })).toThrow(DataError);
    expect(() => p.executeCommand('SET', k('data'), {} as unknown as string, 'x')).toThrow(DataError);
    // What the encoder would refuse is refused here, so a transaction is never sent in part.
    expect(() => p.executeCommand('SET', k('data'), Number.NaN)).toThrow(/index 2/);
    expect(p.length).toBe(1);
    expect(await p.execute()).toEqual([true]);
  });

  it('uses the client instance response callbacks', async () => {
    const custom = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true, protocol });
    try {
      custom.setResponseCallback('GET', (reply) => `<${String(reply)}>`);
      const p = custom.pipeline();
      custom.setResponseCallback('STRLEN', (reply) => Number(reply) * 10); // read when executing
      const results = await p.set(k('cb'), 'abc').get(k('cb')).strlen(k('cb')).execute();
      expect(results).toEqual([true, '<abc>', 30]);
      expect(await r.pipeline({ transaction: false }).get(k('cb')).execute()).toEqual(['abc']);
    } finally {
      await custom.close();
    }
  });

  it('passes the call options to the callbacks (zrange withscores)', async () => {
    const results = await r
      .pipeline()
      .zadd(k('z'), { a: 1, b: 2 })
      .zrange(k('z'), 0, -1, { withscores: true })
      .execute();
    expect(results).toEqual([2, [['a', 1], ['b', 2]]]);
  });

  it('queues a blocking command in a plain pipeline on a connection of its own', async () => {
    await r.delete(k('queue'));
    const running = r.pipeline({ transaction: false }).set(k('blk'), 1).blpop([k('queue')], 5).execute();
    // The shared connection is not blocked meanwhile.
    expect(await r.ping()).toBeTruthy();
    await other.rpush(k('queue'), 'job');
    expect(await running).toEqual([true, [k('queue'), 'job']]);
    expect(r.connectionPool.inUse).toBe(0);
  });

  it('rejects with TimeoutError when the replies take longer than the client call timeout', async () => {
    const p = r.withOptions({ timeout: 0.05 }).pipeline({ transaction: false }).blpop([k('never')], 0);
    await expect(p.execute()).rejects.toThrow(TimeoutError);
    expect(r.connectionPool.inUse).toBe(0);
    expect(await r.ping()).toBeTruthy();
  });
});

describe('WATCH', () => {
  let r: StrictRedis<true>;
  let other: StrictRedis<true>;

  beforeAll(() => {
    r = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true });
    other = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true });
  });
  afterAll(async () => {
    await r.close();
    await other.close();
  });

  it('runs reads at once on a connection of its own, then the transaction', async () => {
    await r.set('w:balance', 10);
    const p = r.pipeline();
    const w = await p.watch('w:balance');
    expect(p.watching).toBe(true);
    expect(r.connectionPool.inUse).toBe(1);
    const balance = Number(await w.get('w:balance'));
    expect(balance).toBe(10);
    const queued = w.multi().set('w:balance', balance - 3).get('w:balance');
    expect(queued).toBe(p);
    expect(await p.execute()).toEqual([true, '7']);
    expect(r.connectionPool.inUse).toBe(0);
    expect(p.watching).toBe(false);
  });

  it('raises WatchError when a watched key changes before EXEC', async () => {
    await r.set('w:key', 'a');
    const p = r.pipeline();
    const w = await p.watch('w:key');
    expect(await w.get('w:key')).toBe('a');
    await other.set('w:key', 'changed');
    w.multi().set('w:key', 'mine');
    await expect(p.execute()).rejects.toBeInstanceOf(WatchError);
    expect(await r.get('w:key')).toBe('changed');
    expect(r.connectionPool.inUse).toBe(0);
    // Usable again.
    expect(await p.get('w:key').execute()).toEqual(['changed']);
  });

  it('queues on the same object after multi(): the Pipeline refuses commands while watching, not after', async () => {
    await r.set('w:same', 5);
    const p = r.pipeline();
    const w = await p.watch('w:same');
    expect(() => p.get('w:same')).toThrow(PipelineError);
    expect(w.mode).toBe('immediate');
    await expect(p.watch('w:more')).resolves.toBe(w);
    const current = Number(await w.get('w:same'));
    expect(w.multi()).toBe(p);
    expect(w.mode).toBe('queued');
    expect(w.active).toBe(true);
    const set = w.set('w:same', current + 1); // queued, not run
    const read = w.get('w:same');
    p.incr('w:same'); // the Pipeline's own methods queue into the same transaction and chain
    expect(p.length).toBe(3);
    expect(await other.get('w:same')).toBe('5');
    expect(() => w.multi()).toThrow(PipelineError);
    expect(() => p.multi()).toThrow(PipelineError);
    await expect(w.watch('w:late')).rejects.toThrow(PipelineError);
    await expect(w.unwatch()).rejects.toThrow(PipelineError);
    expect(await w.execute()).toEqual([true, '6', 7]);
    expect(await set).toBe(true);
    expect(await read).toBe('6');
    expect(w.mode).toBe('done');
    await expect(w.get('w:same')).rejects.toThrow(PipelineError);
    expect(r.connectionPool.inUse).toBe(0);
  });

  it('reset() UNWATCHes and gives the connection back; await using does the same', async () => {
    const p = r.pipeline();
    const w = await p.watch('w:reset');
    await other.set('w:reset', 'x');
    await w.reset();
    expect(r.connectionPool.inUse).toBe(0);
    // The connection went back clean: a new watch on it is not spoiled by the old one.
    const w2 = await p.watch('w:reset2');
    expect(await w2.executeCommand('GET', 'w:reset')).toBe('x');
    expect(await w2.multi().set('w:reset', 'y').execute()).toEqual([true]);
    {
      await using scoped = r.pipeline();
      await scoped.watch('w:scoped');
      expect(r.connectionPool.inUse).toBe(1);
    }
    expect(r.connectionPool.inUse).toBe(0);
  });

  it('unwatch() forgets the watches: the transaction then goes through', async () => {
    const p = r.pipeline();
    const w = await p.watch('w:unwatch');
    await w.unwatch();
    expect(w.watching).toBe(false);
    await other.set('w:unwatch', 'changed');
    expect(await w.multi().set('w:unwatch', 'mine').execute()).toEqual([true]);
    expect(await r.get('w:unwatch')).toBe('mine');
  });

  it('raises WatchError at execute() when the watched connection was re-established (the server forgot the watches)', async () => {
    await r.set('w:lost', 'a');
    const shared = await r.connectionPool.getConnection();
    const p = r.pipeline();
    const w = await p.watch('w:lost');
    const own = r.connectionPool.connections().find((c) => c !== shared);
    expect(own).toBeDefined();
    const reconnected = once(own as Connection, 'ready');
    expect(await other.clientKill({ id: await w.clientId() })).toBe(1);
    await reconnected; // it reconnects by itself; WATCH did not survive that
    expect(await w.get('w:lost')).toBe('a');
    w.multi().set('w:lost', 'mine');
    await expect(p.execute()).rejects.toBeInstanceOf(WatchError);
    expect(await r.get('w:lost')).toBe('a'); // the unprotected transaction was not run
    expect(r.connectionPool.inUse).toBe(0);
  });

  it('turns a connection lost under an immediate command into WatchError, which transaction() retries', async () => {
    await r.set('w:cut', 1);
    let attempts = 0;
    const results = await r.transaction(async (pipe) => {
      attempts++;
      if (attempts === 1) {
        // The server closes this connection right after answering CLIENT KILL: the GET sent
        // behind it gets no reply.
        const id = await pipe.clientId();
        const kill = pipe.executeCommand('CLIENT', 'KILL', 'ID', id, 'SKIPME', 'no');
        const read = pipe.get('w:cut');
        expect(await kill).toBe(1);
        const error = await read.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WatchError);
        expect((error as WatchError).cause).toBeInstanceOf(ConnectionError);
        throw error;
      }
      const value = Number(await pipe.get('w:cut'));
      pipe.multi().set('w:cut', value + 1);
    }, ['w:cut']);
    expect(attempts).toBe(2);
    expect(results).toEqual([true]);
    expect(await r.get('w:cut')).toBe('2');
    expect(r.connectionPool.inUse).toBe(0);
  });

  it('runs a watched transaction on a connection whose health check is due', async () => {
    await using checked = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true, healthCheckInterval: 0.001 });
    const p = checked.pipeline();
    const w = await p.watch('w:health');
    await w.set('w:health', 'before'); // (a write on the watch's own connection counts as a change too)
    await w.unwatch();
    await w.watch('w:health');
    await new Promise((resolve) => setTimeout(resolve, 5)); // the check is now due
    w.multi().set('w:health', 'after');
    expect(await p.execute()).toEqual([true]);
    expect(await checked.get('w:health')).toBe('after');
  });

  it('multi() on a plain pipeline makes it a transaction', async () => {
    await r.set('w:plain', 'x');
    const p = r.pipeline({ transaction: false }).multi().set('w:plain', 'y').executeCommand('SET', 'w:plain');
    await expect(p.execute()).rejects.toBeInstanceOf(ExecAbortError);
    expect(await r.get('w:plain')).toBe('x');
  });

  it('rejects WATCH without keys or with a bad key', async () => {
    const p = r.pipeline();
    await expect(p.watch()).rejects.toThrow(DataError);
    await expect(p.watch(1 as unknown as string)).rejects.toThrow(DataError);
    expect(r.connectionPool.inUse).toBe(0);
  });

  it('transaction() retries on WatchError until it goes through (a concurrent writer)', async () => {
    await r.set('w:counter', 0);
    let calls = 0;
    const results = await r.transaction(
      async (pipe) => {
        calls++;
        const current = Number(await pipe.get('w:counter'));
        // Another client writes the watched key during the first two attempts.
        if (calls <= 2) await other.incrby('w:counter', 100);
        pipe.multi().set('w:counter', current + 1);
      },
      ['w:counter'],
      { watchDelay: 0.001 }, // seconds, as redis-py
    );
    expect(calls).toBe(3);
    expect(results).toEqual([true]);
    expect(await r.get('w:counter')).toBe('201');
    expect(r.connectionPool.inUse).toBe(0);
  });

  it('transaction() with many concurrent increments loses none', async () => {
    await r.set('w:race', 0);
    const clients = Array.from({ length: 4 }, () => new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true }));
    try {
      await Promise.all(
        clients.flatMap((c) =>
          Array.from({ length: 5 }, () =>
            c.transaction(async (pipe) => {
              const value = Number(await pipe.get('w:race'));
              pipe.multi().set('w:race', value + 1);
            }, ['w:race']),
          ),
        ),
      );
      expect(await r.get('w:race')).toBe('20');
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });

  it('transaction() gives the callable value with valueFromCallable, and passes other errors through', async () => {
    const value = await r.transaction(
      async (pipe) => {
        const v = Number(await pipe.get('w:value')) + 1;
        pipe.multi().set('w:value', v);
        return v;
      },
      ['w:value'],
      { valueFromCallable: true },
    );
    expect(value).toBe(1);
    expect(await r.get('w:value')).toBe('1');
    await expect(
      r.transaction(() => {
        throw new RangeError('nope');
      }, ['w:value']),
    ).rejects.toThrow(RangeError);
    // Without watches fn still gets a WatchedPipeline, and its queued commands run in MULTI/EXEC.
    expect(await r.transaction((pipe) => void pipe.multi().incr('w:value'))).toEqual([2]);
    expect(r.connectionPool.inUse).toBe(0);
  });
});
