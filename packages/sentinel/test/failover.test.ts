import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseInfo, rawCommand, startSentinel, type RedisSentinelSet } from '@aredis/testing';
import type { StrictRedis } from '@aredis/client';
import { Sentinel, SentinelManagedConnection } from '../src/index.js';

const NAME = 'under-traffic';
let set: RedisSentinelSet;
let sentinel: Sentinel;
let client: StrictRedis<true>;

beforeAll(async () => {
  set = await startSentinel({ replicas: 2, sentinels: 3, masterName: NAME });
  sentinel = new Sentinel(set.sentinelAddresses);
  client = sentinel.masterFor(NAME, { decodeResponses: true });
});

afterAll(async () => {
  await client?.close();
  await sentinel?.close();
  await set?.stop();
});

interface Outcome {
  i: number;
  at: number;
  ok: boolean;
  error?: string;
}

it('writes follow a sentinel failover: every write after the switch succeeds; the gap is measured', async () => {
  const before = set.master();
  expect(await client.set('traffic:warm', 1)).toBe(true);

  // One write at a time, paced, for as long as the failover runs (bounded by count and time).
  const outcomes: Outcome[] = [];
  let failoverDone = false;
  let afterFailover = 0;
  const start = Date.now();
  const traffic = (async () => {
    for (let i = 0; i < 60_000 && Date.now() - start < 40_000; i++) {
      try {
        await client.set(`traffic:${i}`, i);
        outcomes.push({ i, at: performance.now(), ok: true });
      } catch (error) {
        outcomes.push({ i, at: performance.now(), ok: false, error: `${(error as Error).name}: ${(error as Error).message}` });
        await new Promise((r) => setTimeout(r, 5));
      }
      if (failoverDone && ++afterFailover >= 200) return;
      // About one write a millisecond: fine enough to measure the gap, light on a 2-core machine.
      await new Promise((r) => setTimeout(r, 1));
    }
  })();

  const after = await set.failover();
  failoverDone = true;
  const switchIndex = outcomes.length + 1; // the write in flight now may have started before
  await traffic;
  expect(after.port).not.toBe(before.port);

  // The client is now on the new master.
  const [connection] = client.connectionPool.connections();
  expect(connection).toBeInstanceOf(SentinelManagedConnection);
  expect((connection as SentinelManagedConnection).port).toBe(after.port);

  // Every write issued after failover() resolved succeeded, and the new master holds it.
  const tail = outcomes.slice(switchIndex);
  expect(tail.length).toBeGreaterThan(100);
  expect(tail.filter((o) => !o.ok)).toEqual([]);
  for (const o of tail) expect(await rawCommand(after, ['GET', `traffic:${o.i}`])).toBe(String(o.i));

  // The gap: the longest time between two successive successful writes during the run.
  let gap = 0;
  let previous: Outcome | undefined;
  for (const o of outcomes) {
    if (!o.ok) continue;
    if (previous !== undefined) gap = Math.max(gap, o.at - previous.at);
    previous = o;
  }
  const failed = outcomes.filter((o) => !o.ok);
  // How the client learned of the switch: READONLY replies from the demoted master (sent again).
  const errorstats = parseInfo(String(await rawCommand(before, ['INFO', 'errorstats'])));
  const readOnly = /count=(\d+)/.exec(errorstats.errorstat_READONLY ?? '')?.[1] ?? '0';
  console.log(
    `[sentinel failover] ${outcomes.length} writes, ${failed.length} failed` +
      (failed.length > 0 ? ` (first: ${failed[0]?.error})` : '') +
      `; longest gap between successful writes ${gap.toFixed(1)} ms; ${readOnly} READONLY from the old master; ${before.port} -> ${after.port}`,
  );
});
