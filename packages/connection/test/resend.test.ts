import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError } from '@aredis/resp-parser';
import { Connection } from '../src/index.js';
import { proxiedServer, tick, until } from './helpers.js';

const fixture = proxiedServer();
const viaProxy = fixture.viaProxy;
let direct: Connection;

beforeAll(() => {
  direct = new Connection({ host: fixture.server.host, port: fixture.server.port, decodeResponses: true });
});
afterAll(async () => {
  await direct?.disconnect();
});

/**
 * Pauses the proxy and writes big SETs until the socket stops taking bytes: from then on,
 * what the connection encodes stays in its write buffer (`unsent`). Returns the SETs issued
 * (the last one is itself unsent).
 */
async function fillThePipe(c: Connection, prefix: string): Promise<Promise<unknown>[]> {
  fixture.proxy.pause();
  const big = 'x'.repeat(1 << 20);
  const sets: Promise<unknown>[] = [];
  while (c.unsent === 0) {
    const set = c.send(['SET', `${prefix}:big:${sets.length}`, big]);
    set.catch(() => undefined);
    sets.push(set);
    await tick();
  }
  return sets;
}

async function outcome(promise: Promise<unknown>): Promise<{ value?: unknown; error?: ConnectionError }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error: error as ConnectionError };
  }
}

describe('commands that never reached the server are sent again', () => {
  it('after a cut, the commands the socket never took go on the next connection; those written fail with mayHaveRun: true', async () => {
    await using c = viaProxy();
    await c.connect();
    const sets = await fillThePipe(c, 'resend');
    const incrs = Array.from({ length: 100 }, () => c.send(['INCR', 'resend:counter']));
    expect(c.unsent).toBe(101); // the last big SET and every INCR
    fixture.proxy.cutAll();
    fixture.proxy.resume(); // the next connection flows
    const written = await Promise.all(sets.slice(0, -1).map(outcome));
    for (const { error } of written) {
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error?.mayHaveRun).toBe(true);
      expect(error?.message).toMatch(/may have run/);
    }
    expect(await sets.at(-1)).toBe('OK');
    // Each INCR ran exactly once, in the order issued.
    expect(await Promise.all(incrs)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(await direct.send(['GET', 'resend:counter'])).toBe('100');
    expect(c.unsent).toBe(0);
  });

  it('a reply cut in its middle fails the commands written, which are never sent again (an INCR runs once)', async () => {
    await using c = viaProxy();
    const value = 'y'.repeat(100_000);
    await c.send(['SET', 'mid:big', value]);
    fixture.proxy.cutAfter('+PONG\r\n'.length + 50_000); // inside GET's reply
    const ping = c.send(['PING']);
    const get = outcome(c.send(['GET', 'mid:big']));
    const incr = outcome(c.send(['INCR', 'mid:counter']));
    expect(await ping).toBe('PONG');
    for (const { error } of [await get, await incr]) {
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error?.mayHaveRun).toBe(true);
    }
    // The INCR ran on the server (its reply was lost); it is not run a second time.
    expect(await c.send(['GET', 'mid:counter'])).toBe('1');
    expect(await c.send(['GET', 'mid:big'])).toBe(value);
  });

  it('a transaction the socket never took is not sent again: MULTI to EXEC fail with mayHaveRun: false', async () => {
    await using c = viaProxy();
    await c.connect();
    const sets = await fillThePipe(c, 'tx');
    const before = c.send(['INCR', 'tx:plain']);
    const transaction = [c.send(['MULTI']), c.send(['SET', 'tx:key', 'inside']), c.send(['EXEC'])].map(outcome);
    const after = c.send(['INCR', 'tx:plain']);
    fixture.proxy.cutAll();
    fixture.proxy.resume();
    await Promise.all(sets.map(outcome));
    for (const { error } of await Promise.all(transaction)) {
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error?.mayHaveRun).toBe(false);
      expect(error?.message).toMatch(/not written/);
    }
    expect([await before, await after]).toEqual([1, 2]);
    expect(await direct.send(['EXISTS', 'tx:key'])).toBe(0);
  });

  it('with the offline queue off, the commands never written fail with mayHaveRun: false instead', async () => {
    await using c = viaProxy({ offlineQueue: false });
    await c.connect();
    const sets = await fillThePipe(c, 'noqueue');
    const incr = outcome(c.send(['INCR', 'noqueue:counter']));
    fixture.proxy.cutAll();
    fixture.proxy.resume();
    await Promise.all(sets.map(outcome));
    const { error } = await incr;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error?.mayHaveRun).toBe(false);
    await until(() => c.isReady);
    expect(await c.send(['EXISTS', 'noqueue:counter'])).toBe(0);
  });

  it('under repeated cuts with 1,000 commands in flight, no command runs twice and mayHaveRun: false never ran', async () => {
    await using c = viaProxy();
    await c.connect();
    let resent = 0;
    c.on('reconnecting', (event: { attempt: number }) => {
      if (event.attempt === 1) resent += c.queued;
    });
    const tally = { ok: 0, mayHaveRun: 0, notRun: 0 };
    const chunk = 'z'.repeat(8 * 1024);
    for (let round = 0; round < 8; round++) {
      // Each command appends one chunk to a key of its own: the key's length says how often it ran.
      const keys = Array.from({ length: 1000 }, (_, i) => `cuts:${round}:${i}`);
      const blocked = round % 2 === 1;
      if (blocked) fixture.proxy.pause(); // the socket fills up: many commands are cut before they are written
      const replies: Promise<{ value?: unknown; error?: ConnectionError }>[] = [];
      for (let i = 0; i < keys.length; i++) {
        replies.push(outcome(c.send(['APPEND', keys[i] as string, chunk])));
        if (blocked && i % 100 === 99) await tick(); // one socket write a tick: later ones find the socket full
      }
      if (blocked) await until(() => c.unsent > 0 || c.inFlight === 0);
      else await until(() => c.inFlight <= 1000 - round * 80); // cut after a varying share of the replies
      fixture.proxy.cutAll({ reset: round % 4 === 2 });
      fixture.proxy.resume();
      const results = await Promise.all(replies);
      const lengths = await Promise.all(keys.map((key) => direct.send(['STRLEN', key]) as Promise<number>));
      results.forEach(({ value, error }, i) => {
        const runs = (lengths[i] as number) / chunk.length;
        expect(runs === 0 || runs === 1).toBe(true); // never twice
        if (error === undefined) {
          tally.ok++;
          expect(value).toBe(chunk.length);
          expect(runs).toBe(1); // acknowledged: kept
        } else {
          expect(error).toBeInstanceOf(ConnectionError);
          if (error.mayHaveRun) tally.mayHaveRun++;
          else {
            tally.notRun++;
            expect(runs).toBe(0); // said not to have run: did not
          }
        }
      });
      await until(() => c.isReady);
    }
    expect(tally.ok + tally.mayHaveRun + tally.notRun).toBe(8000);
    expect(resent).toBeGreaterThan(0);
    console.info(`cuts under 1,000 in flight: ${JSON.stringify({ ...tally, resent })}`);
  });
});
