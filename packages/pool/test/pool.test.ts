import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { ConnectionError, MaxConnectionsError, TimeoutError } from '@aredis/resp-parser';
import { Connection, type TcpConnectionOptions } from '@aredis/connection';
import { BlockingConnectionPool, ConnectionPool } from '../src/index.js';

let server: RedisServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** The server's view: how many clients carry this name. */
async function clientsNamed(name: string): Promise<number> {
  const probe = new Connection({ host: server.host, port: server.port, decodeResponses: true });
  try {
    const list = String(await probe.send(['CLIENT', 'LIST']));
    return list.split('\n').filter((line) => line.includes(` name=${name} `)).length;
  } finally {
    await probe.disconnect();
  }
}

describe('ConnectionPool', () => {
  it('passes the options a custom connection class declares to it', async () => {
    class Tagged extends Connection {
      static override readonly optionNames = [...Connection.optionNames, 'tag'];
      readonly tag: unknown;
      constructor(options: TcpConnectionOptions & { tag?: string }) {
        super(options);
        this.tag = options.tag;
      }
    }
    await using pool = new ConnectionPool({ connectionClass: Tagged, host: server.host, port: server.port, tag: 'mine' });
    expect(pool.connectionOptions).toMatchObject({ tag: 'mine' });
    const connection = pool.getConnection() as Tagged;
    expect(connection).toBeInstanceOf(Tagged);
    expect(connection.tag).toBe('mine');
    expect(await connection.send(['PING'])).toBe('PONG');
  });

  it('shares one multiplexed connection for ordinary commands', async () => {
    await using pool = new ConnectionPool({ host: server.host, port: server.port });
    expect(pool.getConnection()).toBe(pool.getConnection());
    expect(pool.size).toBe(1);
  });

  it('spreads ordinary commands over sharedConnections, round robin', async () => {
    await using pool = new ConnectionPool({ host: server.host, port: server.port, sharedConnections: 3 });
    const seen = new Set(Array.from({ length: 9 }, () => pool.getConnection()));
    expect(seen.size).toBe(3);
    expect(pool.size).toBe(3);
    const replies = await Promise.all([...seen].map((c) => (c as Connection).send(['PING'])));
    expect(replies).toEqual(['PONG', 'PONG', 'PONG']);
  });

  it('lends dedicated connections and reuses the ones given back', async () => {
    await using pool = new ConnectionPool({ host: server.host, port: server.port, maxConnections: 3 });
    const a = await pool.acquire();
    const b = await pool.acquire();
    expect(a).not.toBe(b);
    expect(a.isReady).toBe(true);
    expect(pool.inUse).toBe(2);
    pool.release(a);
    const c = await pool.acquire();
    expect(c).toBe(a);
    pool.release(b);
    pool.release(c);
    expect(pool.size).toBe(2);
  });

  it('raises MaxConnectionsError (a ConnectionError, as redis-py) when every connection allowed is taken', async () => {
    await using pool = new ConnectionPool({ host: server.host, port: server.port, maxConnections: 2 });
    pool.getConnection();
    const lent = await pool.acquire();
    const refused = await pool.acquire().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(MaxConnectionsError);
    expect(refused).toBeInstanceOf(ConnectionError);
    expect((refused as MaxConnectionsError).code).toBe('AREDIS_ERR_MAX_CONNECTIONS');
    expect((refused as MaxConnectionsError).mayHaveRun).toBe(false);
    expect((refused as Error).message).toMatch(/maxConnections 2/);
    pool.release(lent);
    const again = await pool.acquire(); // room again once one is given back
    expect(again).toBe(lent);
  });

  it('closes, instead of reusing, a connection given back with a reply still owed', async () => {
    await using pool = new ConnectionPool({ host: server.host, port: server.port });
    const connection = await pool.acquire();
    const blocked = connection.send(['BLPOP', 'pool:empty', '5'], { timeout: 0.02 });
    await expect(blocked).rejects.toBeInstanceOf(TimeoutError);
    pool.release(connection);
    expect(connection.state).toBe('closed');
    expect(pool.size).toBe(0);
  });

  it('closes idle connections after maxIdleTime', async () => {
    await using pool = new ConnectionPool({
      host: server.host,
      port: server.port,
      clientName: 'reaped',
      maxIdleTime: 0.05,
      idleCheckInterval: 0.02,
    });
    const shared = pool.getConnection() as Connection;
    await shared.send(['PING']);
    const lent = await pool.acquire();
    pool.release(lent);
    expect(await clientsNamed('reaped')).toBe(2);
    await vi.waitFor(() => expect(pool.size).toBe(0), { timeout: 5000, interval: 20 });
    expect(await clientsNamed('reaped')).toBe(0);
    // The pool still works: it opens a new connection.
    expect(await (pool.getConnection() as Connection).send(['PING'])).toBe('PONG');
  });

  it('disconnect() closes every connection, lent ones too', async () => {
    const pool = new ConnectionPool({ host: server.host, port: server.port, clientName: 'closing' });
    await (pool.getConnection() as Connection).send(['PING']);
    const lent = await pool.acquire();
    expect(await clientsNamed('closing')).toBe(2);
    await pool.disconnect();
    expect(lent.state).toBe('closed');
    expect(pool.size).toBe(0);
    expect(await clientsNamed('closing')).toBe(0);
  });
});

describe('BlockingConnectionPool', () => {
  it('waits for a connection to be given back', async () => {
    await using pool = new BlockingConnectionPool({ host: server.host, port: server.port, maxConnections: 1, timeout: 5 });
    const first = await pool.acquire();
    const waiting = pool.acquire();
    setTimeout(() => pool.release(first), 30);
    expect(await waiting).toBe(first);
  });

  it('raises TimeoutError after waiting `timeout` seconds (0.3 s waits hundreds of ms, not 0.3 ms)', async () => {
    await using pool = new BlockingConnectionPool({ host: server.host, port: server.port, maxConnections: 1, timeout: 0.3 });
    await pool.acquire();
    const started = performance.now();
    await expect(pool.acquire()).rejects.toBeInstanceOf(TimeoutError);
    // A lower bound only (a timer never fires much early); the test does not time anything else.
    expect(performance.now() - started).toBeGreaterThan(200);
  });

  it('gives the shared connection once a slot frees up', async () => {
    await using pool = new BlockingConnectionPool({ host: server.host, port: server.port, maxConnections: 1, timeout: 5 });
    const lent = await pool.acquire();
    const shared = pool.getConnection();
    expect(shared).toBeInstanceOf(Promise);
    setTimeout(() => pool.release(lent, { close: true }), 20);
    const connection = await shared;
    expect(await connection.send(['PING'])).toBe('PONG');
  });
});
