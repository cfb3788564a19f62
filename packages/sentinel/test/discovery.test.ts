import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, rawCommand, startSentinel, type RedisSentinelSet } from '@aredis/testing';
import { ConnectionError, StrictRedis } from '@aredis/client';
import { MasterNotFoundError, Sentinel, SentinelConnectionPool, SentinelManagedConnection } from '../src/index.js';

const NAME = 'disco';
let set: RedisSentinelSet;
let sentinel: Sentinel;
const clients: StrictRedis<boolean>[] = [];

function track<D extends boolean>(client: StrictRedis<D>): StrictRedis<D> {
  clients.push(client as StrictRedis<boolean>);
  return client;
}

/** The server a client's shared connection is on now. */
function portOf(client: StrictRedis<boolean>): number {
  const [connection] = client.connectionPool.connections();
  if (!(connection instanceof SentinelManagedConnection)) throw new Error('no sentinel-managed connection');
  return connection.port;
}

beforeAll(async () => {
  set = await startSentinel({ replicas: 2, sentinels: 3, masterName: NAME });
  sentinel = new Sentinel(set.sentinelAddresses);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await sentinel?.close();
  await set?.stop();
});

describe('discovery', () => {
  it('discoverMaster gives the master set up by the launcher', async () => {
    const { host, port } = set.master();
    expect(await sentinel.discoverMaster(NAME)).toEqual([host, port]);
    expect(await sentinel.getMasterAddrByName(NAME)).toEqual([host, port]);
  });

  it('discoverSlaves / discoverReplicas list both replicas', async () => {
    const master = set.master().port;
    const expected = set.nodes.filter((n) => n.port !== master).map((n) => [n.host, n.port]);
    const sort = (list: [string, number][]) => [...list].sort((a, b) => a[1] - b[1]);
    expect(sort(await sentinel.discoverSlaves(NAME))).toEqual(sort(expected as [string, number][]));
    expect(sort(await sentinel.discoverReplicas(NAME))).toEqual(sort(expected as [string, number][]));
  });

  it('discoverSentinels lists the two other sentinels', async () => {
    const others = await sentinel.discoverSentinels(NAME);
    expect(others).toHaveLength(2);
    const ports = set.sentinelAddresses.map(([, port]) => port);
    for (const [, port] of others) expect(ports).toContain(port);
  });

  it('an unknown name raises MasterNotFoundError (a ConnectionError with a stable code)', async () => {
    const error = await sentinel.discoverMaster('no-such-master').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MasterNotFoundError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as MasterNotFoundError).code).toBe('AREDIS_ERR_MASTER_NOT_FOUND');
    expect((error as Error).message).toContain('No such master');
    expect(await sentinel.discoverSlaves('no-such-master')).toEqual([]);
  });

  it('a master seen by too few other sentinels is not accepted (minOtherSentinels)', async () => {
    const strict = new Sentinel(set.sentinelAddresses, { minOtherSentinels: 3 });
    try {
      const error = await strict.discoverMaster(NAME).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MasterNotFoundError);
      expect((error as Error).message).toContain('fewer than 3');
      const { host, port } = set.master();
      const enough = new Sentinel(set.sentinelAddresses, { minOtherSentinels: 2 });
      expect(await enough.discoverMaster(NAME)).toEqual([host, port]);
      await enough.close();
    } finally {
      await strict.close();
    }
  });

  it('skips a dead sentinel and moves the one that answered to the front', async () => {
    const dead = await freePort();
    const [first, ...rest] = set.sentinelAddresses;
    const rotating = new Sentinel([['127.0.0.1', dead], ...rest, first as [string, number]]);
    try {
      const { host, port } = set.master();
      expect(await rotating.discoverMaster(NAME)).toEqual([host, port]);
      const frontPort = rotating.sentinels[0]?.connectionPool.connectionOptions.port;
      expect(frontPort).toBe(rest[0]?.[1]);
      expect(rotating.sentinels.map((s) => s.connectionPool.connectionOptions.port)).toContain(dead);
      // Only dead sentinels: MasterNotFoundError naming why.
      const none = new Sentinel([['127.0.0.1', dead]]);
      const error = await none.discoverMaster(NAME).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MasterNotFoundError);
      expect((error as Error).message).toContain(String(dead));
      await none.close();
    } finally {
      await rotating.close();
    }
  });
});

describe('clients', () => {
  it('masterFor writes to the master (checked with ROLE)', async () => {
    const master = track(sentinel.masterFor(NAME, { decodeResponses: true }));
    expect(master.connectionPool).toBeInstanceOf(SentinelConnectionPool);
    expect(await master.set('disco:k', 'v1')).toBe(true);
    expect(await master.get('disco:k')).toBe('v1');
    expect(portOf(master)).toBe(set.master().port);
    expect(await rawCommand(set.master(), ['GET', 'disco:k'])).toBe('v1');
  });

  it('slaveFor reads from the replicas in turn', async () => {
    const master = track(sentinel.masterFor(NAME, { decodeResponses: true }));
    await master.set('disco:r', 'replicated');
    await master.executeCommand('WAIT', 2, 5000);
    // One pool, two shared connections: each took the next replica.
    const replica = track(sentinel.slaveFor(NAME, { decodeResponses: true, sharedConnections: 2 }));
    expect(await Promise.all([replica.get('disco:r'), replica.get('disco:r'), replica.get('disco:r')])).toEqual(['replicated', 'replicated', 'replicated']);
    expect(await replica.executeCommand('ROLE').then((r) => (r as string[])[0])).toBe('slave');
    const connections = replica.connectionPool.connections() as SentinelManagedConnection[];
    expect(connections).toHaveLength(2);
    const replicaPorts = new Set(connections.map((c) => c.port));
    expect(replicaPorts.size).toBe(2);
    expect(replicaPorts.has(set.master().port)).toBe(false);
    const readOnly = track(sentinel.replicaFor(NAME));
    await expect(readOnly.set('disco:w', 'x')).rejects.toMatchObject({ code: 'AREDIS_ERR_READONLY' });
  });

  it('an unknown service fails the command with MasterNotFoundError once the retry budget is spent', async () => {
    const client = track(sentinel.masterFor('no-such-master', { retry: { retries: 1, base: 0.005 } }));
    await expect(client.ping()).rejects.toBeInstanceOf(MasterNotFoundError);
  });

  it('slaveFor falls back to the master when no replica is up', async () => {
    const replicas = set.nodes.filter((n) => n.port !== set.master().port);
    await Promise.all(replicas.map((r) => set.killNode(r.port)));
    // Wait for a sentinel to flag them down (down-after 1000 ms).
    const deadline = Date.now() + 15_000;
    while ((await sentinel.discoverSlaves(NAME)).length > 0) {
      if (Date.now() > deadline) throw new Error('sentinels still see replicas up');
      await new Promise((r) => setTimeout(r, 200));
    }
    const fallback = track(sentinel.slaveFor(NAME, { decodeResponses: true }));
    expect(await fallback.get('disco:k')).toBe('v1');
    expect(portOf(fallback)).toBe(set.master().port);
  });
});
