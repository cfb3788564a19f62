import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OptionsError, pairsToRecord, parseInfo, rawCommand, startSentinel, type RedisSentinelSet } from '../src/index.js';
import { processExists, redisCli } from './helpers.js';

describe('startSentinel', () => {
  let set: RedisSentinelSet;
  beforeAll(async () => {
    set = await startSentinel({ replicas: 2, sentinels: 3, masterName: 'themaster' });
  });
  afterAll(async () => {
    await set?.stop();
  });

  it('starts a master, two replicas and three sentinels that agree on the master', async () => {
    expect(set.masterName).toBe('themaster');
    expect(set.nodes).toHaveLength(3);
    expect(set.sentinels).toHaveLength(3);
    expect(set.sentinelAddresses).toEqual(set.sentinels.map((s) => [s.host, s.port]));
    const master = set.master();
    expect(set.nodes[0]?.port).toBe(master.port);
    for (const sentinel of set.sentinels) {
      expect(await redisCli(['-p', String(sentinel.port), 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'themaster'])).toBe(`127.0.0.1\n${master.port}`);
      const view = pairsToRecord(await rawCommand(sentinel, ['SENTINEL', 'MASTER', 'themaster']));
      expect(view['num-slaves']).toBe('2');
      expect(view['num-other-sentinels']).toBe('2');
      expect(view['down-after-milliseconds']).toBe('1000');
    }
    const info = parseInfo(String(await rawCommand(master, ['INFO', 'replication'])));
    expect(info.role).toBe('master');
    expect(info.connected_slaves).toBe('2');
  });

  it('failover() promotes a replica and every sentinel reports it', async () => {
    const old = set.master();
    await rawCommand(old, ['SET', 'before-failover', '1']);
    const next = await set.failover();
    expect(next.port).not.toBe(old.port);
    expect(set.master()).toEqual(next);
    for (const sentinel of set.sentinels) {
      expect(await rawCommand(sentinel, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'themaster'])).toEqual(['127.0.0.1', String(next.port)]);
    }
    expect(parseInfo(String(await rawCommand(next, ['INFO', 'replication']))).role).toBe('master');
    expect(await rawCommand(next, ['GET', 'before-failover'])).toBe('1');
    expect(set.nodes.find((n) => n.port === next.port)?.role).toBe('master');
    // The old master now replicates from the new one, like every other data node.
    const oldInfo = parseInfo(String(await rawCommand(old, ['INFO', 'replication'])));
    expect([oldInfo.role, oldInfo.master_port, oldInfo.master_link_status]).toEqual(['slave', String(next.port), 'up']);
    expect(set.nodes.filter((n) => n.role === 'replica')).toHaveLength(2);
  });

  it('a killed master is replaced automatically (waitForFailover)', async () => {
    const old = set.master();
    await set.killNode(old.port);
    const next = await set.waitForFailover(old.port);
    expect(next.port).not.toBe(old.port);
    expect(set.nodes.find((n) => n.port === next.port)?.running).toBe(true);
    await set.restartNode(old.port);
    expect(await rawCommand(old, ['PING'])).toBe('PONG');
  });

  it('stop() kills every process and removes the directory', async () => {
    const pids = [...set.nodes, ...set.sentinels].map((m) => m.pid as number);
    expect(pids.every((pid) => typeof pid === 'number')).toBe(true);
    const [, nodeDir] = (await rawCommand(set.master(), ['CONFIG', 'GET', 'dir'])) as string[];
    expect(dirname(nodeDir as string)).toBe(set.dir);
    await set.stop();
    for (const pid of pids) expect(processExists(pid)).toBe(false);
    expect(existsSync(set.dir)).toBe(false);
    await set.stop();
  });

  it('rejects bad options', async () => {
    await expect(startSentinel({ quorum: 5 })).rejects.toBeInstanceOf(OptionsError);
    await expect(startSentinel({ masterName: 'a b' })).rejects.toThrow(/masterName/);
  });
});

describe('startSentinel with TLS and credentials', () => {
  let set: RedisSentinelSet;
  beforeAll(async () => {
    set = await startSentinel({
      tls: true,
      replicas: 1,
      sentinels: 2,
      masterName: 'locked',
      sentinelAuth: { username: 'watcher', password: 'sentinel-pw' },
      dataAuth: { password: 'data-pw' },
    });
  });
  afterAll(async () => {
    await set?.stop();
  });

  it('every process serves TLS only and requires its credentials; set.command() has both', async () => {
    expect(set.tls?.ca).toContain('BEGIN CERTIFICATE');
    const master = set.master();
    await expect(rawCommand(master, ['PING'], { timeout: 1000 })).rejects.toThrow(); // plain TCP
    await expect(rawCommand({ ...master, tls: set.tls }, ['GET', 'k'])).rejects.toThrow(/NOAUTH/);
    const sentinel = set.sentinels[0] as { port: number };
    await expect(rawCommand({ host: '127.0.0.1', port: sentinel.port, tls: set.tls }, ['SENTINEL', 'MASTERS'])).rejects.toThrow(/NOAUTH/);
    expect(await set.command(sentinel.port, ['ACL', 'WHOAMI'])).toBe('watcher');
    const view = pairsToRecord(await set.command(sentinel.port, ['SENTINEL', 'MASTER', 'locked']));
    expect([view.flags, view['num-slaves'], view['num-other-sentinels']]).toEqual(['master', '1', '1']);
    expect(await set.command(master.port, ['SET', 'k', 'v'])).toBe('OK');
  });

  it('failover({ demoteOldMaster: false }) leaves the old master a master; the replicas follow the new one', async () => {
    const old = set.master();
    const next = await set.failover({ demoteOldMaster: false });
    expect(next.port).not.toBe(old.port);
    expect(parseInfo(String(await set.command(old.port, ['INFO', 'replication']))).role).toBe('master');
    expect(parseInfo(String(await set.command(next.port, ['INFO', 'replication']))).role).toBe('master');
    await set.command(old.port, ['REPLICAOF', next.host, next.port]);
    await set.waitForReplicas();
    expect(set.nodes.filter((n) => n.role === 'master').map((n) => n.port)).toEqual([next.port]);
  });

  it('rejects bad credentials options', async () => {
    await expect(startSentinel({ dataAuth: { password: '' } })).rejects.toThrow(/dataAuth.password/);
    await expect(startSentinel({ sentinelAuth: { username: 'a b', password: 'x' } })).rejects.toThrow(/sentinelAuth.username/);
  });
});
