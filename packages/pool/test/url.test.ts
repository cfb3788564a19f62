import { describe, expect, it } from 'vitest';
import { Connection, TlsConnection, UnixDomainSocketConnection } from '@aredis/connection';
import { DataError } from '@aredis/resp-parser';
import { ConnectionPool, parseUrl } from '../src/index.js';

describe('parseUrl', () => {
  it('reads host, port, user, password and the db from the path', () => {
    expect(parseUrl('redis://alice:s%40cret@example.com:6380/3')).toEqual({
      connectionClass: Connection,
      host: 'example.com',
      port: 6380,
      username: 'alice',
      password: 's@cret',
      db: 3,
    });
  });

  it('takes a password without a user, and the db from the query', () => {
    expect(parseUrl('redis://:pw@localhost?db=2')).toEqual({
      connectionClass: Connection,
      host: 'localhost',
      password: 'pw',
      db: 2,
    });
  });

  it('picks TlsConnection for rediss:// and unwraps IPv6 hosts', () => {
    const options = parseUrl('rediss://[::1]:6390');
    expect(options.connectionClass).toBe(TlsConnection);
    expect(options.host).toBe('::1');
    expect(options.port).toBe(6390);
  });

  it('reads unix:// sockets with a db in the query', () => {
    expect(parseUrl('unix://:pw@/tmp/redis.sock?db=5')).toEqual({
      connectionClass: UnixDomainSocketConnection,
      path: '/tmp/redis.sock',
      password: 'pw',
      db: 5,
    });
  });

  it('reads durations in seconds under both spellings (camelCase and redis-py snake_case)', () => {
    const options = parseUrl('redis://h?socketConnectTimeout=0.25&socket_timeout=1.5&healthCheckInterval=2&command_timeout=3&protocol=2&client_name=app');
    expect(options).toMatchObject({
      socketConnectTimeout: 0.25,
      socketTimeout: 1.5,
      healthCheckInterval: 2,
      commandTimeout: 3,
      protocol: 2,
      clientName: 'app',
    });
    expect(parseUrl('redis://h?socket_connect_timeout=5')).toMatchObject({ socketConnectTimeout: 5 });
  });

  it('points the old connectTimeout name to socketConnectTimeout', () => {
    expect(() => parseUrl('redis://h?connectTimeout=250')).toThrow(/'connectTimeout' is now 'socketConnectTimeout'/);
    expect(() => parseUrl('redis://h?connect_timeout=1')).toThrow(/socket_connect_timeout/);
  });

  it('rejects unknown schemes and parameters and bad numbers with DataError', () => {
    expect(() => parseUrl('http://localhost')).toThrow(DataError);
    expect(() => parseUrl('redis://localhost?bogus=1')).toThrow(/bogus/);
    expect(() => parseUrl('redis://localhost?socketTimout=1')).toThrow(/did you mean 'socketTimeout'/);
    expect(() => parseUrl('redis://localhost/x')).toThrow(/db/);
    expect(() => parseUrl('redis://localhost?socketTimeout=-1')).toThrow(/socketTimeout/);
    expect(() => parseUrl('not a url')).toThrow(DataError);
  });
});

describe('ConnectionPool.fromUrl', () => {
  it("reads redis-py's retry_on_timeout, but leaves it to the client: a pool refuses it", () => {
    expect(parseUrl('redis://h?retry_on_timeout=true').retryOnTimeout).toBe(true);
    expect(parseUrl('redis://h?retryOnTimeout=no').retryOnTimeout).toBe(false);
    expect(() => ConnectionPool.fromUrl('redis://h?retry_on_timeout=true')).toThrow(/'retryOnTimeout' is the client's/);
  });

  it('builds the pool with the URL options and lets overrides win', () => {
    const pool = ConnectionPool.fromUrl('redis://localhost:7000/1?maxConnections=4', { db: 2 });
    expect(pool.connectionClass).toBe(Connection);
    expect(pool.maxConnections).toBe(4);
    expect(pool.connectionOptions).toMatchObject({ host: 'localhost', port: 7000, db: 2 });
    expect(pool.connectionOptions).not.toHaveProperty('maxConnections');
  });
});
