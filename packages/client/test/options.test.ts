import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import {
  Connection,
  ConnectionPool,
  DataError,
  StrictRedis,
  TlsConnection,
  type StrictRedisOptions,
  type TcpConnectionOptions,
} from '../src/index.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

class Tagged extends Connection {
  static override readonly optionNames = [...Connection.optionNames, 'tag'];
  readonly tag: string | undefined;
  constructor(options: TcpConnectionOptions & { tag?: string } = {}) {
    super(options);
    this.tag = options.tag;
  }
}

describe('StrictRedis options are checked', () => {
  it("new StrictRedis({ decodeResponse: true }) is a DataError that names 'decodeResponses'", () => {
    // @ts-expect-error: the typo is a type error too
    expect(() => new StrictRedis({ decodeResponse: true })).toThrow(DataError);
    // @ts-expect-error: the typo is a type error too
    expect(() => new StrictRedis({ decodeResponse: true })).toThrow(/StrictRedis: unknown option 'decodeResponse' \(did you mean 'decodeResponses'\?\)/);
  });

  it("connectTimeout points to socketConnectTimeout; redis-py's snake_case names to the camelCase ones", () => {
    // @ts-expect-error: renamed
    expect(() => new StrictRedis({ connectTimeout: 5 })).toThrow(/'connectTimeout' is now 'socketConnectTimeout'/);
    // @ts-expect-error: camelCase here
    expect(() => new StrictRedis({ socket_connect_timeout: 5 })).toThrow(/did you mean 'socketConnectTimeout'/);
    // @ts-expect-error: camelCase here
    expect(() => new StrictRedis({ health_check_interval: 5 })).toThrow(/did you mean 'healthCheckInterval'/);
  });

  it('refuses options its connection class does not take, and takes a custom class’s declared ones', async () => {
    // (The types allow any built-in class's options here: the class may come from ssl or a URL.)
    expect(() => new StrictRedis({ ca: 'x' })).toThrow(/unknown option 'ca'/);
    expect(() => new StrictRedis({ ssl: true, ca: 'x' }).connectionPool.connectionClass).not.toThrow();
    expect(new StrictRedis({ ssl: true }).connectionPool.connectionClass).toBe(TlsConnection);
    await using r = new StrictRedis({ connectionClass: Tagged, tag: 'mine', host: server.host, port: server.port });
    expect(r.connectionPool.connectionOptions).toMatchObject({ tag: 'mine' });
    expect(await r.ping()).toBeTruthy();
    expect((r.connectionPool.connections()[0] as Tagged).tag).toBe('mine');
    // @ts-expect-error: tag is Tagged's
    expect(() => new StrictRedis({ tag: 'mine' })).toThrow(/StrictRedis: unknown option 'tag'/);
  });

  it('with a connectionPool, connection options belong to that pool', () => {
    const pool = new ConnectionPool({ host: server.host, port: server.port });
    expect(() => new StrictRedis({ connectionPool: pool, host: 'elsewhere' })).toThrow(/option 'host' is for the pool and its connections/);
    // decodeResponses must say what the pool does, so that the reply types hold
    expect(() => new StrictRedis<true>({ connectionPool: pool, decodeResponses: true })).toThrow(/'decodeResponses' is true but the connectionPool's connections do not decode/);
    expect(() => new StrictRedis({ connectionPool: pool, decodeResponses: false })).not.toThrow();
    const decoding = new ConnectionPool({ host: server.host, port: server.port, decodeResponses: true });
    expect(() => new StrictRedis<true>({ connectionPool: decoding, decodeResponses: true })).not.toThrow();
    // @ts-expect-error: not an option at all
    expect(() => new StrictRedis({ connectionPool: pool, hots: 'x' })).toThrow(/unknown option 'hots' \(did you mean 'host'\?\)/);
    // @ts-expect-error: not a pool
    expect(() => new StrictRedis({ connectionPool: {} })).toThrow(/'connectionPool' must be a ConnectionPool/);
  });

  it('a subclass may take more options by extending optionNames', () => {
    class Mine extends StrictRedis {
      static override readonly optionNames = [...StrictRedis.optionNames, 'flavour'];
    }
    expect(() => new Mine({ flavour: 'x' } as StrictRedisOptions<false>)).not.toThrow();
    expect(() => new StrictRedis({ flavour: 'x' } as StrictRedisOptions<false>)).toThrow(/unknown option 'flavour'/);
  });

  it('withOptions checks its keys and its timeout', () => {
    const r = new StrictRedis();
    // @ts-expect-error: a typo of timeout
    expect(() => r.withOptions({ timout: 1 })).toThrow(/withOptions: unknown option 'timout' \(did you mean 'timeout'\?\)/);
    expect(() => r.withOptions({ timeout: -1 })).toThrow(/withOptions: option 'timeout' must be a number of seconds/);
  });

  it('the types: no index signature, and a custom class’s options follow its constructor', () => {
    expectTypeOf<StrictRedisOptions>().not.toHaveProperty('anything');
    expectTypeOf<StrictRedisOptions<boolean, typeof Tagged>>().toHaveProperty('tag');
    expectTypeOf<StrictRedisOptions<boolean, typeof Tagged>>().not.toHaveProperty('ca');
    expectTypeOf(new StrictRedis({ connectionClass: Tagged, tag: 'x' })).toMatchTypeOf<StrictRedis>();
  });
});
