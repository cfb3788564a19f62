import { afterAll, beforeAll, expect, it } from 'vitest';
import { rawCommand, startServer, type RedisServer } from '@aredis/testing';
import { StrictRedis } from '@aredis/client';
import { SentinelConnectionPool, SentinelManagedConnection, type SentinelDiscovery } from '../src/index.js';

let master: RedisServer;
let replica: RedisServer;

beforeAll(async () => {
  [master, replica] = await Promise.all([startServer(), startServer()]);
  await rawCommand(replica, ['REPLICAOF', master.host, master.port]);
});

afterAll(async () => {
  await Promise.all([master?.stop(), replica?.stop()]);
});

it('a master pool refuses a server whose ROLE is not master and asks the sentinels again', async () => {
  // Sentinels that still name the replica twice (a stale view), then the master.
  const answers: [string, number][] = [[replica.host, replica.port], [replica.host, replica.port], [master.host, master.port]];
  let asked = 0;
  const discovery: SentinelDiscovery = {
    discoverMaster: async () => answers[Math.min(asked++, answers.length - 1)] as [string, number],
    discoverSlaves: async () => [],
  };
  const pool = new SentinelConnectionPool('m', discovery, { retry: { retries: 5, base: 0.005 }, decodeResponses: true });
  const client = new StrictRedis<true>({ connectionPool: pool, decodeResponses: true });
  try {
    const reconnects: string[] = [];
    const connection = pool.getConnection() as SentinelManagedConnection;
    connection.on('reconnecting', ({ error }: { error: Error }) => reconnects.push(error.message));
    expect(await client.set('role:k', 'v')).toBe(true);
    expect(asked).toBe(3);
    expect(reconnects).toHaveLength(2);
    expect(reconnects[0]).toContain('role slave');
    expect(connection.port).toBe(master.port);
    expect(await rawCommand(master, ['GET', 'role:k'])).toBe('v');
  } finally {
    await pool.disconnect();
  }
});

it('checkConnection: false skips the ROLE check', async () => {
  const discovery: SentinelDiscovery = {
    discoverMaster: async () => [replica.host, replica.port],
    discoverSlaves: async () => [],
  };
  const pool = new SentinelConnectionPool('m', discovery, { checkConnection: false, retry: false, decodeResponses: true });
  const client = new StrictRedis<true>({ connectionPool: pool, decodeResponses: true });
  try {
    expect(await client.executeCommand('ROLE').then((r) => (r as string[])[0])).toBe('slave');
  } finally {
    await pool.disconnect();
  }
});
