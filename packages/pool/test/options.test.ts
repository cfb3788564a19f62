import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataError } from '@aredis/resp-parser';
import { Connection, TlsConnection, UnixDomainSocketConnection, type TcpConnectionOptions } from '@aredis/connection';
import {
  BlockingConnectionPool,
  ConnectionPool,
  type ConnectionOptionsOf,
  type ConnectionPoolOptions,
} from '../src/index.js';

/** A connection class with one option of its own, declared as the pool needs it. */
class Tagged extends Connection {
  static override readonly optionNames = [...Connection.optionNames, 'tag'];
  readonly tag: string | undefined;
  constructor(options: TcpConnectionOptions & { tag?: string } = {}) {
    super(options);
    this.tag = options.tag;
  }
}

describe('pool options are checked', () => {
  it('an unknown key is a DataError naming the nearest key, thrown at construction (before any connection exists)', () => {
    // @ts-expect-error: a typo of maxConnections
    expect(() => new ConnectionPool({ maxConnection: 3 })).toThrow(/ConnectionPool: unknown option 'maxConnection' \(did you mean 'maxConnections'\?\)/);
    // @ts-expect-error: a typo of a connection option
    expect(() => new ConnectionPool({ decodeResponse: true })).toThrow(/did you mean 'decodeResponses'/);
    // @ts-expect-error: the old name
    expect(() => new ConnectionPool({ connectTimeout: 1 })).toThrow(/'connectTimeout' is now 'socketConnectTimeout'/);
  });

  it("accepts exactly its own options plus its connection class's", () => {
    const pool = new ConnectionPool({ connectionClass: Tagged, tag: 'mine', host: 'h', maxConnections: 2 });
    expect(pool.connectionOptions).toEqual({ tag: 'mine', host: 'h' });
    // @ts-expect-error: not an option of Tagged (a typo of tag)
    expect(() => new ConnectionPool({ connectionClass: Tagged, tagg: 'mine' })).toThrow(/unknown option 'tagg' \(did you mean 'tag'\?\)/);
    // @ts-expect-error: tag is Tagged's, not Connection's
    expect(() => new ConnectionPool({ tag: 'mine' })).toThrow(DataError);
    // @ts-expect-error: a TLS option on a TCP pool
    expect(() => new ConnectionPool({ connectionClass: Connection, ca: 'x' })).toThrow(/unknown option 'ca'/);
    expect(() => new ConnectionPool({ connectionClass: TlsConnection, ca: 'x' })).not.toThrow();
    expect(() => new ConnectionPool({ connectionClass: UnixDomainSocketConnection, path: '/tmp/x.sock' })).not.toThrow();
  });

  it('a connection class that does not declare its extra option cannot be given it', () => {
    class Undeclared extends Connection {
      constructor(options: TcpConnectionOptions & { tag?: string } = {}) {
        super(options);
      }
    }
    expect(() => new ConnectionPool({ connectionClass: Undeclared, tag: 'x' })).toThrow(/unknown option 'tag'/);
  });

  it("timeout is BlockingConnectionPool's only", () => {
    expect(new BlockingConnectionPool({ timeout: 2 }).timeout).toBe(2);
    // @ts-expect-error: ConnectionPool fails at once when full; it has no timeout
    expect(() => new ConnectionPool({ timeout: 2 })).toThrow(/ConnectionPool: unknown option 'timeout'/);
    expect(() => new BlockingConnectionPool({ connectionClass: Tagged, tag: 'x', timeout: 1 })).not.toThrow();
  });

  it('a connectionClass must be a connection class', () => {
    // @ts-expect-error: not a class
    expect(() => new ConnectionPool({ connectionClass: () => undefined })).toThrow(/'connectionClass' must be a connection class/);
  });

  it('release() options are checked', async () => {
    await using pool = new ConnectionPool();
    // @ts-expect-error: a typo of close
    expect(() => pool.release(pool.getConnection() as Connection, { clsoe: true })).toThrow(/release: unknown option 'clsoe'/);
  });

  it("the options' type follows the connection class's constructor", () => {
    expectTypeOf<ConnectionOptionsOf<typeof Tagged>>().toEqualTypeOf<TcpConnectionOptions & { tag?: string }>();
    expectTypeOf<ConnectionOptionsOf<typeof UnixDomainSocketConnection>>().toHaveProperty('path').toEqualTypeOf<string>();
    expectTypeOf<ConnectionPoolOptions<typeof Tagged>>().toHaveProperty('tag');
    expectTypeOf<ConnectionPoolOptions<typeof Connection>>().not.toHaveProperty('tag');
    // A unix pool needs its path (UnixDomainSocketConnection's constructor requires it).
    expectTypeOf<{ connectionClass: typeof UnixDomainSocketConnection }>().not.toMatchTypeOf<
      ConnectionPoolOptions<typeof UnixDomainSocketConnection>
    >();
    // Every pool is a ConnectionPool, whatever its class.
    expectTypeOf(new ConnectionPool({ connectionClass: Tagged, tag: 'x' })).toMatchTypeOf<ConnectionPool>();
  });
});
