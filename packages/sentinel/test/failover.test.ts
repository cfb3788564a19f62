import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseInfo, startSentinel, type RedisSentinelSet } from '@aredis/testing';
import type { StrictRedis } from '@aredis/client';
import { Sentinel } from '../src/index.js';
import { WriteLoop, failoverUnderLoop, portOf } from './traffic.js';

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

it('writes follow a sentinel failover: every write after the switch succeeds; the gap is measured', async () => {
  expect(await client.set('traffic:warm', 1)).toBe(true);
  // One write at a time, about one a millisecond, for as long as the failover runs.
  const loop = new WriteLoop(client as StrictRedis<boolean>, 'traffic', { extraAfterStop: 200 });
  const { before, after } = await failoverUnderLoop(set, loop);
  expect(portOf(client)).toBe(after);
  // How the client learned of the switch: the +switch-master announcement, or READONLY replies
  // from the demoted master (sent again) when the launcher's REPLICAOF came first.
  const errorstats = parseInfo(String(await set.command(before, ['INFO', 'errorstats'])));
  const readOnly = /count=(\d+)/.exec(errorstats.errorstat_READONLY ?? '')?.[1] ?? '0';
  console.log(`${loop.summary('sentinel failover')}; ${readOnly} READONLY from the old master; ${before} -> ${after}`);
});
