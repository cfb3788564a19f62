import { afterAll, beforeAll, expect, it } from 'vitest';
import { rawCommand, startSentinel, type RedisSentinelSet } from '@aredis/testing';
import type { StrictRedis } from '@aredis/client';
import { Sentinel, SentinelManagedConnection } from '../src/index.js';

const NAME = 'killed';
let set: RedisSentinelSet;
let sentinel: Sentinel;
let client: StrictRedis<true>;

beforeAll(async () => {
  set = await startSentinel({ replicas: 2, sentinels: 3, masterName: NAME });
  sentinel = new Sentinel(set.sentinelAddresses);
  // A budget that outlasts detection (down-after 1000 ms) plus the sentinels' election (waits in seconds).
  client = sentinel.masterFor(NAME, { decodeResponses: true, retry: { retries: 40, base: 0.025, cap: 0.5 } });
});

afterAll(async () => {
  await client?.close();
  await sentinel?.close();
  await set?.stop();
});

it('after the master is killed, the connection reconnects to the master the sentinels elect', async () => {
  expect(await client.set('killed:before', 1)).toBe(true);
  await rawCommand(set.master(), ['WAIT', 2, 5000]);
  const before = set.master();
  await set.killNode(before.port);
  const killedAt = performance.now();

  // This write waits in the offline queue while the connection retries through the sentinels.
  expect(await client.set('killed:after', 2)).toBe(true);
  const resumedAt = performance.now();
  const after = await set.waitForFailover(before.port);
  expect(after.port).not.toBe(before.port);
  const [connection] = client.connectionPool.connections();
  expect((connection as SentinelManagedConnection).port).toBe(after.port);
  expect(await client.get('killed:before')).toBe('1');
  expect(await rawCommand(after, ['GET', 'killed:after'])).toBe('2');
  console.log(`[sentinel master killed] writes resumed ${(resumedAt - killedAt).toFixed(0)} ms after SIGKILL; ${before.port} -> ${after.port}`);
});
