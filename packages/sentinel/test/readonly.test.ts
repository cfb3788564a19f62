import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseInfo, rawCommand, startSentinel, type RedisSentinelSet } from '@aredis/testing';
import type { StrictRedis } from '@aredis/client';
import { Sentinel, SentinelManagedConnection } from '../src/index.js';

const NAME = 'demoted';
let set: RedisSentinelSet;
let sentinel: Sentinel;
const clients: StrictRedis<true>[] = [];

beforeAll(async () => {
  set = await startSentinel({ replicas: 2, sentinels: 3, masterName: NAME });
  // Without the +switch-master watch (test/switch-master.test.ts), so that only READONLY can tell
  // the client of the failover.
  sentinel = new Sentinel(set.sentinelAddresses, { watchFailovers: false });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await sentinel?.close();
  await set?.stop();
});

function ports(client: StrictRedis<true>): number[] {
  return client.connectionPool.connections().map((c) => (c as SentinelManagedConnection).port);
}

/** How many READONLY errors a server has sent (INFO errorstats). */
async function readOnlyErrors(server: { host: string; port: number }): Promise<number> {
  const info = parseInfo(String(await rawCommand(server, ['INFO', 'errorstats'])));
  return Number(/count=(\d+)/.exec(info.errorstat_READONLY ?? '')?.[1] ?? 0);
}

it('READONLY from a demoted master: the pool re-resolves and the writes are sent again to the new master', async () => {
  const client = sentinel.masterFor(NAME, { decodeResponses: true, sharedConnections: 2 });
  clients.push(client);
  await Promise.all([client.set('ro:warm1', 1), client.set('ro:warm2', 2), client.set('ro:warm3', 3)]);
  const before = set.master();
  expect(new Set(ports(client))).toEqual(new Set([before.port]));

  // failover() promotes a replica and turns the old master into its replica (REPLICAOF):
  // the client's connections stay open to the old master, now read-only.
  const after = await set.failover();
  expect(ports(client).every((port) => port === before.port)).toBe(true);
  expect(await readOnlyErrors(before)).toBe(0);

  // Many writes in flight on both multiplexed connections at once: each that got READONLY is
  // sent again once the connection found the new master; none reaches the caller as an error.
  const writes = Array.from({ length: 50 }, (_, i) => client.set(`ro:${i}`, i));
  expect(await Promise.all(writes)).toEqual(Array.from({ length: 50 }, () => true));
  expect(await readOnlyErrors(before)).toBeGreaterThan(0);
  expect(new Set(ports(client))).toEqual(new Set([after.port]));
  for (let i = 0; i < 50; i++) expect(await rawCommand(after, ['GET', `ro:${i}`])).toBe(String(i));
});

it('READONLY inside MULTI/EXEC reaches the caller (never replayed half a transaction); the next write goes to the new master', async () => {
  const client = sentinel.masterFor(NAME, { decodeResponses: true });
  clients.push(client);
  await client.set('tx:warm', 1);
  const before = set.master();
  const after = await set.failover();
  expect(ports(client)).toEqual([before.port]);

  const error = await client.pipeline().set('tx:a', 'a').incr('tx:n').execute().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  expect(String((error as Error).message)).toMatch(/READONLY|EXECABORT/);
  expect(await rawCommand(after, ['EXISTS', 'tx:a'])).toBe(0);

  // The connection re-resolved: a transaction now runs on the new master.
  expect(await client.pipeline().set('tx:a', 'a').incr('tx:n').execute()).toEqual([true, 1]);
  expect(ports(client)).toEqual([after.port]);
  expect(await rawCommand(after, ['GET', 'tx:a'])).toBe('a');
});

it('READONLY on a connection lent out (a blocking write) reaches the caller; the shared connection re-resolves', async () => {
  const client = sentinel.masterFor(NAME, { decodeResponses: true });
  clients.push(client);
  await client.set('lent:warm', 1);
  // A blocking command leaves an idle connection to the current master in the pool.
  expect(await client.blmove('lent:src', 'lent:dst', 0.1)).toBeNull();
  const before = set.master();
  const after = await set.failover();
  expect(ports(client)).toEqual([before.port, before.port]);

  // BLMOVE takes a connection of its own (acquire): never sent again behind its user's back.
  await expect(client.blmove('lent:src', 'lent:dst', 0.1)).rejects.toMatchObject({ code: 'AREDIS_ERR_READONLY' });
  // The shared connection to the same demoted server was told to re-resolve.
  expect(await client.set('lent:k', 'v')).toBe(true);
  expect(await rawCommand(after, ['GET', 'lent:k'])).toBe('v');
  expect(await client.blmove('lent:src', 'lent:dst', 0.1)).toBeNull();
});
