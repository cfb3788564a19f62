import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSentinel, type RedisSentinelSet } from '@aredis/testing';
import type { StrictRedis } from '@aredis/client';
import { MasterNotFoundError, Sentinel, type SentinelManagerOptions } from '../src/index.js';
import { Closables } from './closables.js';
import { WriteLoop, failoverUnderLoop, portOf } from './traffic.js';

// Every link is TLS (clients, replication, the sentinels' own); the sentinels and the data
// servers each require their own password.
const NAME = 'secure';
const SENTINEL_PASSWORD = 'sentinel-pw-1';
const DATA_PASSWORD = 'data-pw-2';
let set: RedisSentinelSet;
let options: SentinelManagerOptions;
const closables = new Closables();
const track = <T extends { close(): Promise<void> }>(closable: T): T => closables.track(closable);

beforeAll(async () => {
  set = await startSentinel({ tls: true, replicas: 1, sentinels: 3, masterName: NAME, sentinelAuth: { password: SENTINEL_PASSWORD }, dataAuth: { password: DATA_PASSWORD } });
  const ca = set.tls?.ca;
  options = { ssl: true, ca, password: DATA_PASSWORD, sentinelOptions: { ssl: true, ca, password: SENTINEL_PASSWORD } };
});

afterAll(async () => {
  await closables.closeAll();
  await set?.stop();
});

it('the sentinels refuse a client without TLS, or with a wrong password; the error keeps the password out', async () => {
  const plain = track(new Sentinel(set.sentinelAddresses, { sentinelOptions: { password: SENTINEL_PASSWORD } }));
  await expect(plain.discoverMaster(NAME)).rejects.toBeInstanceOf(MasterNotFoundError);
  const wrong = track(new Sentinel(set.sentinelAddresses, { sentinelOptions: { ssl: true, ca: set.tls?.ca, password: 'not-the-pw' } }));
  const error = await wrong.discoverMaster(NAME).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MasterNotFoundError);
  expect((error as Error).message).toMatch(/WRONGPASS|invalid/);
  expect((error as Error).message).not.toContain('not-the-pw');
});

it('TLS and passwords to the sentinels and to the data servers, set separately: masterFor and replicaFor work', async () => {
  const sentinel = track(new Sentinel(set.sentinelAddresses, options));
  expect(await sentinel.discoverMaster(NAME)).toEqual([set.master().host, set.master().port]);
  const master = track(sentinel.masterFor(NAME, { decodeResponses: true }));
  expect(await master.set('tls:k', 'v')).toBe(true);
  await master.executeCommand('WAIT', 1, 5000);
  const replica = track(sentinel.replicaFor(NAME, { decodeResponses: true }));
  expect(await replica.get('tls:k')).toBe('v');
  expect(portOf(replica)).not.toBe(set.master().port);
  // The data servers' password is theirs only: without it, the master refuses.
  const noPassword = track(new Sentinel(set.sentinelAddresses, { ...options, password: undefined }).masterFor(NAME, { retry: false }));
  await expect(noPassword.ping()).rejects.toMatchObject({ message: expect.stringMatching(/NOAUTH|Authentication/) });
});

it('a sentinel failover over TLS under a write loop: every write after it succeeds, on the new master', async () => {
  const sentinel = track(new Sentinel(set.sentinelAddresses, options));
  const client = track(sentinel.masterFor(NAME, { decodeResponses: true }) as StrictRedis<boolean>);
  expect(await client.set('tls:warm', 1)).toBe(true);
  const loop = new WriteLoop(client, 'tls', { extraAfterStop: 200 });
  const { before, after } = await failoverUnderLoop(set, loop);
  expect(portOf(client)).toBe(after);
  console.log(`${loop.summary('sentinel failover, TLS + passwords')}; ${before} -> ${after}`);
});

it('rediss+sentinel:// URL: TLS to both, the sentinels\' password in the query, the CA in the options', async () => {
  const hosts = set.sentinelAddresses.map(([host, port]) => `${host}:${port}`).join(',');
  const url = `rediss+sentinel://:${DATA_PASSWORD}@${hosts}/${NAME}?sentinelPassword=${SENTINEL_PASSWORD}`;
  const client = track(Sentinel.masterFromUrl(url, { ca: set.tls?.ca, sentinelOptions: { ca: set.tls?.ca }, decodeResponses: true }));
  expect(await client.set('url:k', 'v')).toBe(true);
  expect(await set.command(set.master().port, ['GET', 'url:k'])).toBe('v');
});
