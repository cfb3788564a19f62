import { afterAll, beforeAll, expect, it } from 'vitest';
import { printedForms, startSentinel, waitUntil, type RedisSentinelSet } from '@aredis/testing';
import type { StrictRedis } from '@aredis/client';
import { MasterNotFoundError, Sentinel, type SentinelManagerOptions } from '../src/index.js';
import { Closables } from './closables.js';
import { WriteLoop, failoverUnderLoop, portOf } from './traffic.js';

// ACL users everywhere: the sentinels let in only `watcher`, the data servers only `app`
// (each set's default user is off).
const NAME = 'guarded';
const SENTINEL_USER = { username: 'watcher', password: 'watcher-pw-3' };
const DATA_USER = { username: 'app', password: 'app-pw-4' };
const OPTIONS: SentinelManagerOptions = { ...DATA_USER, sentinelOptions: { ...SENTINEL_USER } };
let set: RedisSentinelSet;
const closables = new Closables();
const track = <T extends { close(): Promise<void> }>(closable: T): T => closables.track(closable);

beforeAll(async () => {
  set = await startSentinel({ replicas: 1, sentinels: 3, masterName: NAME, sentinelAuth: SENTINEL_USER, dataAuth: DATA_USER });
});

afterAll(async () => {
  await closables.closeAll();
  await set?.stop();
});

it('password-protected sentinels refuse a client without their credentials (none, or the data servers\')', async () => {
  for (const options of [{}, { ...DATA_USER }, { sentinelOptions: { ...SENTINEL_USER, password: 'wrong-pw-5' } }] as SentinelManagerOptions[]) {
    const sentinel = track(new Sentinel(set.sentinelAddresses, options));
    const error = await sentinel.discoverMaster(NAME).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MasterNotFoundError);
    expect((error as Error).message).toMatch(/NOAUTH|WRONGPASS|NOPERM/);
    for (const secret of ['app-pw-4', 'wrong-pw-5', 'watcher-pw-3']) expect((error as Error).message).not.toContain(secret);
  }
});

it('with an ACL user for the sentinels and another for the data servers: reads and writes', async () => {
  const sentinel = track(new Sentinel(set.sentinelAddresses, OPTIONS));
  const master = track(sentinel.masterFor(NAME, { decodeResponses: true }));
  expect(await master.set('acl:k', 'v')).toBe(true);
  expect(await master.executeCommand('ACL', 'WHOAMI')).toBe('app');
  await master.executeCommand('WAIT', 1, 5000);
  const replica = track(sentinel.slaveFor(NAME, { decodeResponses: true }));
  expect(await replica.get('acl:k')).toBe('v');
  expect(sentinel.sentinels[0]?.connectionPool.connectionOptions.username).toBe('watcher');
});

it('a failover with password-protected sentinels under a write loop, followed through +switch-master', async () => {
  const sentinel = track(new Sentinel(set.sentinelAddresses, OPTIONS));
  const client = track(sentinel.masterFor(NAME, { decodeResponses: true }) as StrictRedis<boolean>);
  expect(await client.set('acl:warm', 1)).toBe(true);
  await waitUntil('the sentinels to be watched (authenticated subscriptions)', async () => sentinel.watching.length === 3, 10_000);
  const switched = new Promise((resolve) => sentinel.once('+switch-master', resolve));
  const loop = new WriteLoop(client, 'acl', { extraAfterStop: 200 });
  const { before, after } = await failoverUnderLoop(set, loop);
  expect(await switched).toMatchObject({ name: NAME, from: ['127.0.0.1', before], to: ['127.0.0.1', after] });
  expect(portOf(client)).toBe(after);
  console.log(`${loop.summary('sentinel failover, ACL users on sentinels and data servers')}; ${before} -> ${after}`);
});

it('a Sentinel, its pools, clients and connections print and serialise without either password, in use', async () => {
  const sentinel = track(new Sentinel(set.sentinelAddresses, OPTIONS));
  const master = track(sentinel.masterFor(NAME, { decodeResponses: true }));
  expect(await master.set('acl:printed', 'v')).toBe(true);
  const [connection] = master.connectionPool.connections();
  const printed = [sentinel, sentinel.connectionOptions, master, master.connectionPool, connection, sentinel.sentinels[0]];
  for (const value of printed) {
    for (const form of printedForms(value)) {
      for (const secret of [DATA_USER.password, SENTINEL_USER.password]) expect(form, form.slice(0, 200)).not.toContain(secret);
    }
  }
});
