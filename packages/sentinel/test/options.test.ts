import { inspect } from 'node:util';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataError } from '@aredis/client';
import { Sentinel, SentinelConnectionPool, type SentinelDiscovery, type SentinelManagerOptions, type SentinelNodeOptions } from '../src/index.js';

const SENTINELS: [string, number][] = [['127.0.0.1', 26379]];
const discovery: SentinelDiscovery = { discoverMaster: async () => ['h', 1], discoverSlaves: async () => [] };

function refusal(run: () => unknown): DataError {
  try {
    run();
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('no DataError was thrown');
}

describe('every options object refuses an unknown key, naming it and the nearest known one', () => {
  it('new Sentinel', () => {
    // @ts-expect-error no index signature: a typo is a type error too
    const error = refusal(() => new Sentinel(SENTINELS, { minOtherSentinel: 1 }));
    expect(error.message).toBe("Sentinel: unknown option 'minOtherSentinel' (did you mean 'minOtherSentinels'?)");
    // @ts-expect-error
    expect(refusal(() => new Sentinel(SENTINELS, { pasword: 'x' })).message).toContain("'pasword' (did you mean 'password'?)");
    // @ts-expect-error host and port of the data servers come from the sentinels
    expect(refusal(() => new Sentinel(SENTINELS, { host: 'x' })).message).toContain("unknown option 'host'");
    // redis-py's snake_case name points to ours
    // @ts-expect-error
    expect(refusal(() => new Sentinel(SENTINELS, { sentinel_options: {} })).message).toContain("(did you mean 'sentinelOptions'?)");
  });

  it('sentinelOptions (the sentinels\' own connections)', () => {
    // @ts-expect-error
    const error = refusal(() => new Sentinel(SENTINELS, { sentinelOptions: { usernme: 'u' } }));
    expect(error.message).toBe("Sentinel sentinelOptions: unknown option 'usernme' (did you mean 'username'?)");
    // @ts-expect-error the sentinels have no database
    expect(refusal(() => new Sentinel(SENTINELS, { sentinelOptions: { db: 1 } })).message).toContain("unknown option 'db'");
  });

  it('masterFor / slaveFor / replicaFor', async () => {
    const sentinel = new Sentinel(SENTINELS);
    // @ts-expect-error
    expect(refusal(() => sentinel.masterFor('m', { checkConection: false })).message).toBe("masterFor: unknown option 'checkConection' (did you mean 'checkConnection'?)");
    // @ts-expect-error
    expect(refusal(() => sentinel.slaveFor('m', { decodeResponse: true })).message).toContain("slaveFor: unknown option 'decodeResponse'");
    // @ts-expect-error isMaster is the method's to say
    expect(refusal(() => sentinel.replicaFor('m', { isMaster: true })).message).toContain("unknown option 'isMaster'");
    await sentinel.close();
  });

  it('SentinelConnectionPool and the URL helpers', () => {
    // @ts-expect-error
    expect(refusal(() => new SentinelConnectionPool('m', discovery, { sharedConnection: 2 })).message).toContain("'sharedConnection' (did you mean 'sharedConnections'?)");
    // @ts-expect-error
    expect(refusal(() => Sentinel.masterFromUrl('redis+sentinel://h/m', { watchFailover: false })).message).toContain("(did you mean 'watchFailovers'?)");
  });

  it('checked before anything is sent: option values too; durations are seconds', async () => {
    expect(() => new Sentinel(SENTINELS, { minOtherSentinels: -1 })).toThrow(/minOtherSentinels/);
    expect(() => new Sentinel(SENTINELS, { sentinelOptions: { socketTimeout: -1 } })).toThrow(
      "Sentinel sentinelOptions: option 'socketTimeout' must be a number of seconds >= 0, got -1",
    );
    // @ts-expect-error a duration is a number
    expect(() => new Sentinel(SENTINELS, { socketConnectTimeout: '2' })).toThrow(/'socketConnectTimeout' must be a number of seconds/);
    const sentinel = new Sentinel(SENTINELS);
    expect(() => sentinel.masterFor('m', { commandTimeout: Number.NaN })).toThrow(DataError);
    expect(() => sentinel.slaveFor('m', { maxIdleTime: -5 })).toThrow(/maxIdleTime/);
    await sentinel.close();
    // The old name says what it became.
    // @ts-expect-error
    expect(() => new Sentinel(SENTINELS, { sentinelOptions: { connectTimeout: 2000 } })).toThrow("option 'connectTimeout' is now 'socketConnectTimeout' (in seconds");
  });
});

describe('types', () => {
  it('option types have no index signature; masterFor is typed by decodeResponses', async () => {
    expectTypeOf<SentinelManagerOptions>().not.toHaveProperty('anything');
    expectTypeOf<SentinelNodeOptions>().toHaveProperty('ssl');
    expectTypeOf<SentinelNodeOptions>().not.toHaveProperty('db');
    const sentinel = new Sentinel(SENTINELS);
    expectTypeOf(sentinel.masterFor('m', { decodeResponses: true }).get('k')).resolves.toEqualTypeOf<string | null>();
    expectTypeOf(sentinel.masterFor('m').get('k')).resolves.toEqualTypeOf<Buffer | null>();
    await sentinel.close();
  });
});

describe('secrets stay out of printed objects', () => {
  it('a Sentinel and its pools print their addresses, not their options', async () => {
    const sentinel = new Sentinel(SENTINELS, { password: 'data-secret', sentinelOptions: { password: 'sentinel-secret' } });
    const client = sentinel.masterFor('m');
    const printed = inspect(sentinel, { depth: 5 }) + inspect(client.connectionPool, { depth: 5 });
    expect(printed).toContain('127.0.0.1:26379');
    expect(printed).toContain('service=m(master)');
    expect(printed).not.toContain('secret');
    await client.close();
    await sentinel.close();
  });
});

describe('redis-py: without sentinel_kwargs, the socket options go to the sentinels too', () => {
  it('socketTimeout and socketConnectTimeout are inherited only when sentinelOptions is left out', async () => {
    const inherited = new Sentinel(SENTINELS, { socketTimeout: 1.5, socketConnectTimeout: 0.5, password: 'p' });
    const options = inherited.sentinels[0]?.connectionPool.connectionOptions;
    expect([options?.socketTimeout, options?.socketConnectTimeout, options?.password]).toEqual([1.5, 0.5, undefined]);
    const own = new Sentinel(SENTINELS, { socketTimeout: 1.5, sentinelOptions: { password: 'q' } });
    const ownOptions = own.sentinels[0]?.connectionPool.connectionOptions;
    expect([ownOptions?.socketTimeout, ownOptions?.password]).toEqual([undefined, 'q']);
    await Promise.all([inherited.close(), own.close()]);
  });
});
