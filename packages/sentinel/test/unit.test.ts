import { describe, expect, it } from 'vitest';
import { DataError, ProtocolError } from '@aredis/client';
import { Connection } from '@aredis/connection';
import { MasterNotFoundError, ReplicaNotFoundError, Sentinel, SentinelConnectionPool, SentinelManagedConnection, type SentinelDiscovery } from '../src/index.js';
import { addressOf, flagsOf, isUp, roleOf, toRecord, toRecords } from '../src/replies.js';

/** Sentinels that answer from lists, counting the questions. */
function fakeDiscovery(master: [string, number], replicas: [string, number][]): SentinelDiscovery & { asked: number } {
  return {
    asked: 0,
    async discoverMaster() {
      this.asked++;
      return master;
    },
    async discoverSlaves() {
      this.asked++;
      return replicas;
    },
  };
}

describe('bad input raises DataError naming the argument', () => {
  it('Sentinel constructor', () => {
    expect(() => new Sentinel([])).toThrow(DataError);
    expect(() => new Sentinel([['', 1]])).toThrow(/sentinels\[0\]/);
    expect(() => new Sentinel([['h', 0]])).toThrow(/sentinels\[0\]/);
    expect(() => new Sentinel([['h', 26379]], { minOtherSentinels: -1 })).toThrow(/minOtherSentinels/);
  });

  it('methods, before anything is sent', async () => {
    const sentinel = new Sentinel([['127.0.0.1', 1]]);
    await expect(sentinel.discoverMaster('')).rejects.toThrow(/discoverMaster: argument 'name'/);
    await expect(sentinel.discoverSlaves('')).rejects.toBeInstanceOf(DataError);
    expect(() => sentinel.masterFor('')).toThrow(/masterFor: argument 'name'/);
    expect(() => sentinel.slaveFor('')).toThrow(/slaveFor: argument 'name'/);
    await sentinel.close();
  });

  it('a pool with a connection class that is not sentinel-managed; a managed connection without its pool', () => {
    const discovery = fakeDiscovery(['h', 1], []);
    expect(() => new SentinelConnectionPool('m', discovery, { connectionClass: Connection })).toThrow(/connectionClass/);
    expect(() => new SentinelManagedConnection({})).toThrow(DataError);
  });
});

describe('sentinel replies', () => {
  it('records from RESP2 flat arrays and RESP3 maps', () => {
    const flat = ['name', 'm', 'ip', '127.0.0.1', 'port', '6380', 'flags', 'master'];
    const map = new Map<unknown, unknown>([['name', 'm'], ['ip', '127.0.0.1'], ['port', 6380], ['flags', 'master']]);
    const expected = { name: 'm', ip: '127.0.0.1', port: '6380', flags: 'master' };
    expect(toRecord(flat)).toEqual(expected);
    expect(toRecord(map)).toEqual(expected);
    expect(toRecord(flat.map((v) => Buffer.from(v)))).toEqual(expected);
    expect(toRecords([flat, map])).toEqual([expected, expected]);
    expect(addressOf(toRecord(flat))).toEqual(['127.0.0.1', 6380]);
  });

  it('malformed replies raise ProtocolError', () => {
    expect(() => toRecord(['odd'])).toThrow(ProtocolError);
    expect(() => toRecord('x')).toThrow(ProtocolError);
    expect(() => toRecords('x')).toThrow(ProtocolError);
    expect(() => addressOf({ ip: '127.0.0.1', port: 'x' })).toThrow(ProtocolError);
    expect(() => roleOf([])).toThrow(ProtocolError);
  });

  it('flags: down (subjectively or objectively) is not up; a link being re-made is (redis-py)', () => {
    expect(isUp(flagsOf({ flags: 'master' }))).toBe(true);
    expect(isUp(flagsOf({ flags: 'master,s_down' }))).toBe(false);
    expect(isUp(flagsOf({ flags: 'master,s_down,o_down' }))).toBe(false);
    expect(isUp(flagsOf({ flags: 'slave,disconnected' }))).toBe(true);
    expect(isUp(flagsOf({ flags: 'master,disconnected' }))).toBe(true);
    expect(roleOf([Buffer.from('slave'), '127.0.0.1', 1])).toBe('slave');
  });
});

describe('SentinelConnectionPool addresses', () => {
  it('a replica pool takes the replicas in turn', async () => {
    const replicas: [string, number][] = [['h', 1], ['h', 2], ['h', 3]];
    const pool = new SentinelConnectionPool('m', fakeDiscovery(['h', 9], replicas), { isMaster: false });
    const seen = [];
    for (let i = 0; i < 6; i++) seen.push((await pool.nextReplicaAddress())[1]);
    // Some rotation of 1, 2, 3, twice.
    expect(seen.slice(0, 3).sort()).toEqual([1, 2, 3]);
    expect(seen.slice(3)).toEqual(seen.slice(0, 3));
  });

  it('a replica pool falls back to the master when no replica is up', async () => {
    const pool = new SentinelConnectionPool('m', fakeDiscovery(['h', 9], []), { isMaster: false });
    expect(await pool.nextReplicaAddress()).toEqual(['h', 9]);
    expect(pool.masterAddress).toEqual(['h', 9]);
  });

  it('a replica pool with neither replica nor master raises ReplicaNotFoundError', async () => {
    const discovery: SentinelDiscovery = {
      discoverMaster: async () => {
        throw new MasterNotFoundError('No master found for "m"');
      },
      discoverSlaves: async () => [],
    };
    const pool = new SentinelConnectionPool('m', discovery, { isMaster: false });
    const error = await pool.nextReplicaAddress().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplicaNotFoundError);
    expect((error as ReplicaNotFoundError).code).toBe('AREDIS_ERR_REPLICA_NOT_FOUND');
    expect((error as Error).cause).toBeInstanceOf(MasterNotFoundError);
  });
});
