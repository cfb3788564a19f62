import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandCalls, startServer, waitUntil, type RedisServer } from '@aredis/testing';
import { DataError, LockError } from '@aredis/resp-parser';
import { Lock, LockNotOwnedError, StrictRedis } from '../src/index.js';

// Locks against a real server: clients contending, expiry, extend and reacquire.

let server: RedisServer;
let a: StrictRedis<true>;
let b: StrictRedis<false>;
beforeAll(async () => {
  server = await startServer();
  a = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true });
  b = new StrictRedis<false>({ host: server.host, port: server.port, protocol: 2 });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await server?.stop();
});

/** Waits until the key is gone (an expired lock), checking every few ms. */
async function untilGone(name: string): Promise<void> {
  while ((await a.exists(name)) === 1) await sleep(5);
}

describe('Lock', () => {
  it('is taken by one holder at a time, each with its own random token', async () => {
    const first = a.lock('l:one');
    const second = b.lock('l:one', { blocking: false });
    expect(first).toBeInstanceOf(Lock);
    expect(await first.locked()).toBe(false);
    expect(await first.acquire()).toBe(true);
    expect(typeof first.token).toBe('string');
    expect(await a.get('l:one')).toBe(first.token);
    expect(await first.owned()).toBe(true);
    expect(await second.locked()).toBe(true);
    expect(await second.owned()).toBe(false);
    expect(await second.acquire()).toBe(false);
    expect(await a.lock('l:one').acquire({ blocking: false })).toBe(false);
    await first.release();
    expect(await first.owned()).toBe(false);
    expect(await second.acquire()).toBe(true);
    expect(second.token).not.toBe(first.token);
    await second.release();
    expect(await a.exists('l:one')).toBe(0);
  });

  it('makes a blocking holder wait until the other client releases', async () => {
    const holder = a.lock('l:wait');
    const waiter = b.lock('l:wait', { sleep: 0.005 });
    expect(await holder.acquire()).toBe(true);
    let acquired = false;
    const waiting = waiter.acquire({ blockingTimeout: 10 }).then((ok) => {
      acquired = ok;
      return ok;
    });
    // Let the waiter try several times (the server counts its SET NX attempts): it cannot get
    // the lock while the holder has it.
    const setCalls = () => commandCalls(server, 'set');
    const before = await setCalls();
    await waitUntil('the waiter tried three times', async () => (await setCalls()) >= before + 3, 5000, 2);
    expect(acquired).toBe(false);
    expect(await holder.owned()).toBe(true);
    await holder.release();
    expect(await waiting).toBe(true);
    expect(await waiter.owned()).toBe(true);
    await waiter.release();
  });

  it('keeps a shared counter exact under five contending holders', async () => {
    await a.set('l:counter', 0);
    const clients = [a, b, a, b, a];
    await Promise.all(
      clients.map(async (client) => {
        for (let i = 0; i < 4; i++) {
          const lock = client.lock('l:counter-lock', { timeout: 5, sleep: 0.001 });
          expect(await lock.acquire()).toBe(true);
          const value = Number(await a.get('l:counter'));
          await sleep(1); // a read-modify-write that would lose updates without the lock
          await a.set('l:counter', value + 1);
          await lock.release();
        }
      }),
    );
    expect(await a.get('l:counter')).toBe('20');
  });

  it('gives up after blockingTimeout, and a non-blocking acquire tries once', async () => {
    const holder = a.lock('l:busy');
    expect(await holder.acquire()).toBe(true);
    expect(await b.lock('l:busy', { blockingTimeout: 0.03, sleep: 0.01 }).acquire()).toBe(false);
    expect(await b.lock('l:busy').acquire({ blockingTimeout: 0 })).toBe(false);
    expect(await b.lock('l:busy').acquire({ blocking: false })).toBe(false);
    await holder.release();
  });

  it('expires after its timeout: releasing it then raises LockNotOwnedError (a LockError)', async () => {
    const lock = a.lock('l:expire', { timeout: 0.03 });
    expect(await lock.acquire()).toBe(true);
    const ttl = await a.pttl('l:expire');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30);
    await untilGone('l:expire');
    expect(await lock.owned()).toBe(false);
    const error = await lock.release().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockNotOwnedError);
    expect(error).toBeInstanceOf(LockError);
    expect((error as LockError).code).toBe('AREDIS_ERR_LOCK_NOT_OWNED');
  });

  it('does not release a lock another holder took after it expired', async () => {
    const first = a.lock('l:taken', { timeout: 0.03 });
    expect(await first.acquire()).toBe(true);
    await untilGone('l:taken');
    const second = b.lock('l:taken', { timeout: 10 });
    expect(await second.acquire({ blocking: false })).toBe(true);
    await expect(first.release()).rejects.toBeInstanceOf(LockNotOwnedError);
    await expect(first.extend(1)).rejects.toThrow(LockError); // no token left after release
    expect(await second.owned()).toBe(true);
    const third = a.lock('l:taken', { timeout: 10 });
    expect(await third.acquire({ blocking: false, token: 'mine' })).toBe(false);
    await second.release();
    expect(await third.acquire({ blocking: false, token: 'mine' })).toBe(true);
    expect(await a.get('l:taken')).toBe('mine');
    await third.release();
  });

  it('raises LockError when releasing a lock it never took', async () => {
    const lock = a.lock('l:never');
    const error = await lock.release().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockError);
    expect(error).not.toBeInstanceOf(LockNotOwnedError);
    await expect(lock.extend(0.1)).rejects.toThrow(LockError);
    await expect(lock.reacquire()).rejects.toThrow(LockError);
  });

  it('extends by more time, or replaces the time left', async () => {
    const lock = a.lock('l:extend', { timeout: 1 });
    expect(await lock.acquire()).toBe(true);
    expect(await lock.extend(60)).toBe(true);
    const extended = await a.pttl('l:extend');
    expect(extended).toBeGreaterThan(50_000);
    expect(extended).toBeLessThanOrEqual(61_000);
    expect(await lock.extend(200, { replaceTtl: true })).toBe(true);
    const replaced = await a.pttl('l:extend');
    expect(replaced).toBeGreaterThan(150_000);
    expect(replaced).toBeLessThanOrEqual(200_000);
    await expect(lock.extend(0)).rejects.toThrow(DataError);
    await lock.release();
    // A lost lock is not extended.
    const lost = a.lock('l:extend', { timeout: 0.03 });
    expect(await lost.acquire()).toBe(true);
    await untilGone('l:extend');
    await expect(lost.extend(1)).rejects.toBeInstanceOf(LockNotOwnedError);
  });

  it('reacquires: the time left goes back to the full timeout', async () => {
    const lock = a.lock('l:re', { timeout: 100 });
    expect(await lock.acquire()).toBe(true);
    await a.pexpire('l:re', 5_000);
    expect(await lock.reacquire()).toBe(true);
    expect(await a.pttl('l:re')).toBeGreaterThan(50_000);
    await lock.release();
    const lost = a.lock('l:re', { timeout: 0.03 });
    expect(await lost.acquire()).toBe(true);
    await untilGone('l:re');
    await expect(lost.reacquire()).rejects.toBeInstanceOf(LockNotOwnedError);
  });

  it('refuses to extend or reacquire a lock without a timeout', async () => {
    const lock = a.lock('l:forever');
    expect(await lock.acquire()).toBe(true);
    expect(await a.pttl('l:forever')).toBe(-1);
    await expect(lock.extend(1)).rejects.toThrow(/no timeout/);
    await expect(lock.reacquire()).rejects.toThrow(/no timeout/);
    await lock.release();
  });

  it('is held for an await using block by hold(), and released at its end', async () => {
    {
      await using held = await b.lock(Buffer.from('l:scoped'), { timeout: 10 }).hold();
      expect(held.token).toBe(held.lock.token);
      expect(await a.exists('l:scoped')).toBe(1);
    }
    expect(await a.exists('l:scoped')).toBe(0);
    {
      // Released by hand inside the block: nothing left for the end of the block to do.
      await using held = await a.lock('l:scoped').hold();
      await held.release();
      expect(held.released).toBe(true);
    }
  });

  it('checks its options', () => {
    expect(() => a.lock('l:bad', { timeout: 0 })).toThrow(DataError);
    expect(() => a.lock('l:bad', { timeout: Infinity })).toThrow(DataError);
    expect(() => a.lock('l:bad', { sleep: -1 })).toThrow(DataError);
    expect(() => a.lock('l:bad', { blockingTimeout: Number.NaN })).toThrow(DataError);
    expect(() => a.lock(5 as unknown as string)).toThrow(DataError);
  });
});
