import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSentinel, waitUntil, type RedisSentinelSet } from '@aredis/testing';
import type { StrictRedis } from '@aredis/client';
import { Sentinel } from '../src/index.js';
import { portOf } from './traffic.js';

const NAME = 'learnt';
let set: RedisSentinelSet;
let sentinel: Sentinel;
let client: StrictRedis<true>;

beforeAll(async () => {
  set = await startSentinel({ replicas: 1, sentinels: 3, masterName: NAME });
});

afterAll(async () => {
  await client?.close();
  await sentinel?.close();
  await set?.stop();
});

function sorted(addresses: readonly (readonly [string, number])[]): string[] {
  return addresses.map(([host, port]) => `${host}:${port}`).sort();
}

it('configured with one sentinel, the client learns the others (SENTINEL SENTINELS) and uses them when that one dies', async () => {
  const [configured] = set.sentinelAddresses as [[string, number]];
  sentinel = new Sentinel([configured]);
  const added: [string, number][] = [];
  sentinel.on('+sentinel', (address: [string, number]) => added.push(address));
  // A budget that outlasts detection (down-after 1000 ms) plus the sentinels' election.
  client = sentinel.masterFor(NAME, { decodeResponses: true, retry: { retries: 40, base: 0.025, cap: 0.5 } });
  expect(await client.set('learnt:before', 1)).toBe(true);
  await waitUntil('the other sentinels to be learnt', async () => sentinel.sentinelAddresses.length === 3, 10_000);
  expect(sorted(sentinel.sentinelAddresses)).toEqual(sorted(set.sentinelAddresses));
  expect(sorted(added)).toEqual(sorted(set.sentinelAddresses.filter(([, port]) => port !== configured[1])));
  await waitUntil('every sentinel to be watched', async () => sentinel.watching.length === 3, 10_000);

  // The configured sentinel dies, then the master: the failover is found through the learnt ones.
  await set.killNode(configured[1]);
  const before = set.master();
  await set.command(before.port, ['WAIT', 1, 5000]);
  await set.killNode(before.port);
  const killedAt = performance.now();
  expect(await client.set('learnt:after', 2)).toBe(true); // waits while the connection asks the sentinels again
  const resumedAt = performance.now();
  const after = await set.waitForFailover(before.port);
  expect(portOf(client)).toBe(after.port);
  expect(await client.get('learnt:before')).toBe('1');
  expect(await set.command(after.port, ['GET', 'learnt:after'])).toBe('2');
  expect(await sentinel.discoverMaster(NAME)).toEqual([after.host, after.port]);
  expect(sentinel.sentinelAddresses[0]).not.toEqual(configured); // a live sentinel answers first now
  console.log(`[sentinel learnt, configured one dead] writes resumed ${(resumedAt - killedAt).toFixed(0)} ms after the master's SIGKILL; ${before.port} -> ${after.port}`);
});

it('updateSentinels: false keeps the given list', async () => {
  const fixed = new Sentinel([set.sentinelAddresses[1] as [string, number]], { updateSentinels: false });
  try {
    const found = await fixed.discoverSentinels(NAME);
    expect(found.length).toBeGreaterThan(0);
    await fixed.discoverMaster(NAME);
    expect(fixed.sentinelAddresses).toHaveLength(1);
  } finally {
    await fixed.close();
  }
});
