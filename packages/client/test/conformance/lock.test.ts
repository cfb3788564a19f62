import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import {
  DataError,
  HeldLock,
  Lock,
  LockError,
  LockNotOwnedError,
  StrictRedis,
  type LockClient,
  type LockOptions,
} from '../../src/index.js';

// Conformance: redis-py's Lock as a redis-py user relies on it. Durations are seconds.

let server: RedisServer;
let r: StrictRedis<true>;
let raw: StrictRedis<false>;
beforeAll(async () => {
  server = await startServer();
  r = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true });
  raw = new StrictRedis<false>({ host: server.host, port: server.port, protocol: 2 });
});
afterAll(async () => {
  await r?.close();
  await raw?.close();
  await server?.stop();
});

/** Until the key is gone (an expired lock): a condition, checked every few ms. */
async function untilGone(name: string): Promise<void> {
  while ((await r.exists(name)) === 1) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('Lock', () => {
  it('takes its timeout in seconds: { timeout: 10 } is a ten-second lock, fractions allowed', async () => {
    const lock = r.lock('c:ten', { timeout: 10 });
    expect(lock.timeout).toBe(10);
    expect(await lock.acquire()).toBe(true);
    const ttl = await r.pttl('c:ten');
    expect(ttl).toBeGreaterThan(9_000);
    expect(ttl).toBeLessThanOrEqual(10_000);
    await lock.release();
    const half = r.lock('c:half', { timeout: 0.5 });
    expect(await half.acquire()).toBe(true);
    expect(await r.pttl('c:half')).toBeGreaterThan(0);
    expect(await r.pttl('c:half')).toBeLessThanOrEqual(500);
    await half.extend(30); // seconds too
    expect(await r.pttl('c:half')).toBeGreaterThan(29_000);
    await half.release();
  });

  it('excludes a second holder: non-blocking gives false, blockingTimeout (seconds) gives up', async () => {
    const first = r.lock('c:busy');
    expect(await first.acquire()).toBe(true);
    expect(await first.locked()).toBe(true);
    expect(await first.owned()).toBe(true);
    const second = raw.lock('c:busy', { sleep: 0.01, blockingTimeout: 0.05 });
    expect(await second.owned()).toBe(false);
    expect(await second.acquire({ blocking: false })).toBe(false);
    expect(await second.acquire()).toBe(false); // waited its 0.05 s
    await first.release();
    expect(await second.acquire({ blocking: false })).toBe(true);
    expect(await second.owned()).toBe(true); // Buffers compared with the token as bytes
    await second.release();
  });

  it('holds for an `await using` block: two contenders never overlap', async () => {
    let inside = 0;
    let most = 0;
    let entered = 0;
    const contender = async (client: StrictRedis<boolean>): Promise<void> => {
      for (let round = 0; round < 5; round++) {
        await using held = await client.lock('c:mutex', { timeout: 5, sleep: 0.001 }).hold();
        expect(held).toBeInstanceOf(HeldLock);
        inside++;
        entered++;
        most = Math.max(most, inside);
        // Several round trips while holding it: the other contender, unguarded, would come in now.
        for (let i = 0; i < 3; i++) expect(await held.owned()).toBe(true);
        inside--;
      }
    };
    await Promise.all([contender(r), contender(raw)]);
    expect(entered).toBe(10);
    expect(most).toBe(1);
    expect(await r.exists('c:mutex')).toBe(0);
  });

  it('raises LockError from hold() when it cannot get the lock, so the block never runs', async () => {
    const holder = r.lock('c:taken');
    expect(await holder.acquire()).toBe(true);
    let ran = false;
    const attempt = async (): Promise<void> => {
      await using _held = await r.lock('c:taken', { blocking: false }).hold();
      ran = true;
    };
    await expect(attempt()).rejects.toThrow(/Unable to acquire the lock "c:taken"/);
    expect(ran).toBe(false);
    await holder.release();
  });

  it('is not disposable unacquired: `await using` of a plain Lock is refused', async () => {
    const misuse = async (): Promise<void> => {
      // @ts-expect-error a Lock is not disposable: hold() gives the disposable HeldLock
      await using _lock = r.lock('c:misuse');
    };
    await expect(misuse()).rejects.toThrow(TypeError);
    expect(await r.exists('c:misuse')).toBe(0);
  });

  it('raises at the end of the block when the lock was lost, unless raiseOnReleaseError is false', async () => {
    const lose = async (options: LockOptions): Promise<void> => {
      await using held = await r.lock('c:lost', { timeout: 0.05, ...options }).hold();
      await untilGone('c:lost');
      expect(await held.owned()).toBe(false);
    };
    await expect(lose({})).rejects.toBeInstanceOf(LockNotOwnedError);
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      await lose({ raiseOnReleaseError: false });
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => w.name)).toEqual(['LockWarning']);
    expect(warnings[0]?.message).toMatch(/c:lost.*no longer held/);
  });

  it('raises LockError releasing a lock never taken, LockNotOwnedError one that expired', async () => {
    await expect(r.lock('c:never').release()).rejects.toThrow(LockError);
    await expect(r.lock('c:never').release()).rejects.not.toBeInstanceOf(LockNotOwnedError);
    const lock = r.lock('c:expired', { timeout: 0.03 });
    expect(await lock.acquire()).toBe(true);
    await untilGone('c:expired');
    await expect(lock.release()).rejects.toBeInstanceOf(LockNotOwnedError);
    await expect(lock.extend(1)).rejects.toThrow(LockError);
    await expect(r.lock('c:forever').extend(1)).rejects.toThrow(LockError);
  });

  it('builds the lockClass given to lock(), with the other options', async () => {
    class AuditedLock extends Lock {
      readonly audit: string[] = [];
      override async acquire(...args: Parameters<Lock['acquire']>): Promise<boolean> {
        this.audit.push('acquire');
        return super.acquire(...args);
      }
    }
    const lock = r.lock('c:custom', { lockClass: AuditedLock, timeout: 2 });
    expectTypeOf(lock).toEqualTypeOf<AuditedLock>();
    expect(lock).toBeInstanceOf(AuditedLock);
    expect(lock.timeout).toBe(2);
    await using _held = await lock.hold();
    expect(lock.audit).toEqual(['acquire']);
    // Any class with the Lock constructor's shape will do.
    class Recorder {
      constructor(
        readonly client: LockClient,
        readonly name: string | Buffer,
        readonly options: LockOptions,
      ) {}
    }
    const recorded = r.lock('c:rec', { lockClass: Recorder, sleep: 0.2 });
    expect(recorded.name).toBe('c:rec');
    expect(recorded.options).toEqual({ sleep: 0.2 });
  });

  it('refuses unknown options (redis-py keywords included) and bad values with DataError', async () => {
    expect(() => r.lock('c:x', { timout: 1 } as never)).toThrow("lock: unknown option 'timout' (did you mean 'timeout'?)");
    expect(() => r.lock('c:x', { threadLocal: false } as never)).toThrow(/unknown option 'threadLocal'/);
    expect(() => r.lock('c:x', { raise_on_release_error: false } as never)).toThrow(/did you mean 'raiseOnReleaseError'/);
    expect(() => r.lock('c:x', { sleep: -0.1 })).toThrow(/must be a number of seconds/);
    expect(() => r.lock('c:x', { lockClass: 'Lock' } as never)).toThrow(DataError);
    await expect(r.lock('c:x').acquire({ blockingtimeout: 1 } as never)).rejects.toThrow(/did you mean 'blockingTimeout'/);
    await expect(r.lock('c:x').extend(1, { replace_ttl: true } as never)).rejects.toThrow(/did you mean 'replaceTtl'/);
    expect(await r.exists('c:x')).toBe(0);
  });
});
