import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { clientTls, testCertificates } from './certificates.js';
import type { ExtraConfig } from './config.js';
import { OptionsError } from './errors.js';
import { makeTempDir, removeDir, startOnFreePorts } from './launch.js';
import { RedisProcess } from './redis-process.js';
import { pairsToRecord, parseInfo } from './resp.js';
import { HOST, checkAuth, dataNodeConfig, sentinelConfig, type SentinelSetAuth, type SetSettings } from './sentinel-config.js';
import { Member, makeSet, text, type RedisSentinelSet } from './sentinel-set.js';
import { waitUntil } from './wait.js';

export type { RedisSentinelSet, SentinelDataNode, SentinelProcess, FailoverOptions } from './sentinel-set.js';
export type { SentinelSetAuth } from './sentinel-config.js';

export interface SentinelOptions {
  /** The monitored master's name; default `mymaster`. */
  masterName?: string;
  /** Replicas of the master; default 2. */
  replicas?: number;
  /** Sentinel processes; default 3. */
  sentinels?: number;
  /** Sentinels that must agree the master is down; default a majority. */
  quorum?: number;
  /** `down-after-milliseconds`; default 1000. */
  downAfterMs?: number;
  /** `failover-timeout`; default 5000. */
  failoverTimeout?: number;
  /** Extra config for the master and replicas. */
  config?: ExtraConfig;
  /**
   * TLS only, on every data node and sentinel (`port 0`, `tls-port`), replication and the
   * sentinels' own links included; certificates made on the fly (`set.tls` has what a client
   * needs). Default false.
   */
  tls?: boolean;
  /** Credentials the data nodes require (replicas and sentinels are given them). */
  dataAuth?: SentinelSetAuth;
  /** Credentials the sentinels require (`requirepass` or an ACL user; they use them among themselves too). */
  sentinelAuth?: SentinelSetAuth;
  /** Milliseconds to wait for the whole set to be ready; default 30000. */
  startTimeout?: number;
}

async function checkOptions(options: SentinelOptions): Promise<SetSettings> {
  const masterName = options.masterName ?? 'mymaster';
  const replicas = options.replicas ?? 2;
  const sentinels = options.sentinels ?? 3;
  const quorum = options.quorum ?? Math.floor(sentinels / 2) + 1;
  const downAfterMs = options.downAfterMs ?? 1000;
  const failoverTimeout = options.failoverTimeout ?? 5000;
  if (!/^[\w.-]+$/.test(masterName)) throw new OptionsError(`masterName: letters, digits, '.', '-', '_' only, got ${JSON.stringify(masterName)}`);
  if (!Number.isInteger(replicas) || replicas < 0) throw new OptionsError(`replicas: an integer >= 0, got ${replicas}`);
  if (!Number.isInteger(sentinels) || sentinels < 1) throw new OptionsError(`sentinels: an integer >= 1, got ${sentinels}`);
  if (!Number.isInteger(quorum) || quorum < 1 || quorum > sentinels) throw new OptionsError(`quorum: between 1 and ${sentinels}, got ${quorum}`);
  if (!Number.isInteger(downAfterMs) || downAfterMs < 100) throw new OptionsError(`downAfterMs: an integer >= 100, got ${downAfterMs}`);
  if (!Number.isInteger(failoverTimeout) || failoverTimeout < 1000) throw new OptionsError(`failoverTimeout: an integer >= 1000, got ${failoverTimeout}`);
  const dataAuth = checkAuth('dataAuth', options.dataAuth);
  const sentinelAuth = checkAuth('sentinelAuth', options.sentinelAuth);
  const certificates = options.tls === true ? await testCertificates() : undefined;
  return { masterName, replicas, sentinels, quorum, downAfterMs, failoverTimeout, config: options.config, certificates, dataAuth, sentinelAuth };
}

/**
 * Starts a master, its replicas and sentinels watching it (`redis-server --sentinel`, short
 * down-after and failover timeouts), and resolves when every sentinel sees the master, every
 * replica and every other sentinel.
 */
export async function startSentinel(options: SentinelOptions = {}): Promise<RedisSentinelSet> {
  const settings = await checkOptions(options);
  const { masterName, replicas, sentinels, certificates } = settings;
  const startTimeout = options.startTimeout ?? 30_000;
  const tls = certificates === undefined ? undefined : clientTls(certificates);
  const root = makeTempDir('sentinel');
  const members = (count: number, prefix: string, sentinel: boolean): Member[] =>
    Array.from({ length: count }, (_, i) => {
      const dir = join(root, `${prefix}-${i}`);
      mkdirSync(dir);
      return new Member(new RedisProcess({ dir, sentinel }), dir, tls, sentinel ? settings.sentinelAuth : settings.dataAuth);
    });
  const data = members(1 + replicas, 'redis', false);
  const watchers = members(sentinels, 'sentinel', true);
  const stopAll = async (): Promise<void> => {
    await Promise.all([...data, ...watchers].map((m) => m.proc.stop('SIGKILL')));
    removeDir(root);
  };
  const start = async (member: Member, config: (port: number) => string): Promise<void> => {
    [member.port = 0] = await startOnFreePorts(member.proc, 1, ([port = 0]) => {
      member.port = port;
      return { config: config(port), probe: member.target };
    });
  };
  try {
    const [master, ...replicaMembers] = data as [Member, ...Member[]];
    master.role = 'master';
    await start(master, (port) => dataNodeConfig(settings, master.dir, port, undefined));
    await Promise.all(replicaMembers.map((replica) => start(replica, (port) => dataNodeConfig(settings, replica.dir, port, master.port))));
    // Sentinels learn replicas from the master's INFO: have them attached before sentinels start.
    await waitUntil('the replicas to attach', async (why) => {
      for (const replica of replicaMembers) {
        const info = parseInfo(text(await replica.ask(['INFO', 'replication'])));
        if (info.master_link_status !== 'up') return why(`replica ${replica.port}: master_link_status:${info.master_link_status}`);
      }
      return true;
    }, startTimeout);
    await Promise.all(watchers.map((watcher) => start(watcher, (port) => sentinelConfig(settings, watcher.dir, port, master.port))));
    await waitUntil('every sentinel to see the master, its replicas and the other sentinels', async (why) => {
      for (const watcher of watchers) {
        const view = pairsToRecord(await watcher.ask(['SENTINEL', 'MASTER', masterName]));
        if (view.flags !== 'master') return why(`sentinel ${watcher.port}: master flags ${view.flags}`);
        if (Number(view['num-slaves']) !== replicas) return why(`sentinel ${watcher.port} sees ${view['num-slaves']} of ${replicas} replicas`);
        if (Number(view['num-other-sentinels']) !== sentinels - 1) return why(`sentinel ${watcher.port} sees ${view['num-other-sentinels']} of ${sentinels - 1} other sentinels`);
        const seen = await watcher.ask(['SENTINEL', 'REPLICAS', masterName]);
        for (const entry of Array.isArray(seen) ? seen : []) {
          const replica = pairsToRecord(entry);
          if (replica.flags !== 'slave' || replica['master-link-status'] !== 'ok') {
            return why(`sentinel ${watcher.port}: replica ${replica.port} flags ${replica.flags}, link ${replica['master-link-status']}`);
          }
        }
      }
      return true;
    }, startTimeout);
    return makeSet(masterName, data, watchers, root, tls, stopAll);
  } catch (error) {
    await stopAll();
    throw error;
  }
}
