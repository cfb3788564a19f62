import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { baseConfig, quoteToken, renderExtraConfig, type ExtraConfig } from './config.js';
import { CommandError, OptionsError } from './errors.js';
import { makeTempDir, removeDir, startOnFreePorts } from './launch.js';
import { RedisProcess } from './redis-process.js';
import { pairsToRecord, parseInfo, rawCommand, type RawReply } from './resp.js';
import { waitUntil } from './wait.js';

const HOST = '127.0.0.1';

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
  /** Milliseconds to wait for the whole set to be ready; default 30000. */
  startTimeout?: number;
}

export interface SentinelDataNode {
  readonly host: string;
  readonly port: number;
  /** Role as last seen (updated by `failover()`, `waitForFailover()`, `refresh()`). */
  readonly role: 'master' | 'replica';
  readonly running: boolean;
  readonly pid: number | undefined;
}

export interface SentinelProcess {
  readonly host: string;
  readonly port: number;
  readonly running: boolean;
  readonly pid: number | undefined;
}

export interface RedisSentinelSet {
  readonly masterName: string;
  /** The master and replicas. */
  readonly nodes: readonly SentinelDataNode[];
  readonly sentinels: readonly SentinelProcess[];
  /** `[host, port]` of every sentinel, the shape `new Sentinel([...])` takes. */
  readonly sentinelAddresses: readonly [string, number][];
  /** The set's temporary directory (one sub-directory a process), removed by `stop()`. */
  readonly dir: string;
  /** The current master as last seen. */
  master(): { host: string; port: number };
  /**
   * `SENTINEL FAILOVER`, then waits until every running sentinel reports a new master and it says
   * `role:master`. The sentinels would turn the old master into a replica only ~10 s later; this
   * sends it `REPLICAOF <new master>` itself and waits until every running data node replicates
   * from the new master. Resolves with the new master.
   */
  failover(timeoutMs?: number): Promise<{ host: string; port: number }>;
  /** Waits until every running data node but the master replicates from the master with its link up. */
  waitForReplicas(timeoutMs?: number): Promise<void>;
  /** After killing the master: waits until the sentinels agree on a new one (automatic failover). */
  waitForFailover(oldMasterPort: number, timeoutMs?: number): Promise<{ host: string; port: number }>;
  /** Kills a data node or a sentinel with SIGKILL. */
  killNode(port: number): Promise<void>;
  /** Starts a killed data node or sentinel again, on the same port with its (possibly rewritten) config. */
  restartNode(port: number): Promise<void>;
  /** Re-reads every running data node's role. */
  refresh(): Promise<readonly SentinelDataNode[]>;
  /** Stops everything and removes the directory. Idempotent. */
  stop(): Promise<void>;
}

class Member {
  readonly host = HOST;
  port = 0;
  role: 'master' | 'replica' = 'replica';
  constructor(readonly proc: RedisProcess, readonly dir: string) {}
  get running(): boolean {
    return this.proc.running;
  }
  get pid(): number | undefined {
    return this.proc.running ? this.proc.pid : undefined;
  }
}

function text(reply: RawReply): string {
  return typeof reply === 'string' ? reply : '';
}

function checkOptions(options: SentinelOptions) {
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
  return { masterName, replicas, sentinels, quorum, downAfterMs, failoverTimeout };
}

/**
 * Starts a master, its replicas and sentinels watching it (`redis-server --sentinel`, short
 * down-after and failover timeouts), and resolves when every sentinel sees the master, every
 * replica and every other sentinel.
 */
export async function startSentinel(options: SentinelOptions = {}): Promise<RedisSentinelSet> {
  const { masterName, replicas, sentinels, quorum, downAfterMs, failoverTimeout } = checkOptions(options);
  const startTimeout = options.startTimeout ?? 30_000;
  const root = makeTempDir('sentinel');
  const members = (count: number, prefix: string, sentinel: boolean): Member[] =>
    Array.from({ length: count }, (_, i) => {
      const dir = join(root, `${prefix}-${i}`);
      mkdirSync(dir);
      return new Member(new RedisProcess({ dir, sentinel }), dir);
    });
  const data = members(1 + replicas, 'redis', false);
  const watchers = members(sentinels, 'sentinel', true);
  const stopAll = async (): Promise<void> => {
    await Promise.all([...data, ...watchers].map((m) => m.proc.stop('SIGKILL')));
    removeDir(root);
  };
  try {
    const dataConfig = (member: Member, port: number, masterPort: number | undefined): string => [
      ...baseConfig(member.dir),
      `port ${port}`,
      'repl-ping-replica-period 1',
      ...(masterPort === undefined ? [] : [`replicaof ${HOST} ${masterPort}`]),
      ...renderExtraConfig(options.config),
      '',
    ].join('\n');
    const [master, ...replicaMembers] = data as [Member, ...Member[]];
    master.role = 'master';
    [master.port = 0] = await startOnFreePorts(master.proc, 1, ([port = 0]) => ({ config: dataConfig(master, port, undefined), probe: { host: HOST, port } }));
    await Promise.all(replicaMembers.map(async (replica) => {
      [replica.port = 0] = await startOnFreePorts(replica.proc, 1, ([port = 0]) => ({ config: dataConfig(replica, port, master.port), probe: { host: HOST, port } }));
    }));
    // Sentinels learn replicas from the master's INFO: have them attached before sentinels start.
    await waitUntil('the replicas to attach', async (why) => {
      for (const replica of replicaMembers) {
        const info = parseInfo(text(await rawCommand(replica, ['INFO', 'replication'])));
        if (info.master_link_status !== 'up') return why(`replica ${replica.port}: master_link_status:${info.master_link_status}`);
      }
      return true;
    }, startTimeout);
    await Promise.all(watchers.map(async (watcher) => {
      [watcher.port = 0] = await startOnFreePorts(watcher.proc, 1, ([port = 0]) => ({
        config: [
          `port ${port}`,
          `bind ${HOST}`,
          'daemonize no',
          'logfile ""',
          `dir ${quoteToken(watcher.dir)}`,
          `sentinel monitor ${masterName} ${HOST} ${master.port} ${quorum}`,
          `sentinel down-after-milliseconds ${masterName} ${downAfterMs}`,
          `sentinel failover-timeout ${masterName} ${failoverTimeout}`,
          `sentinel parallel-syncs ${masterName} ${Math.max(1, replicas)}`,
          '',
        ].join('\n'),
        probe: { host: HOST, port },
      }));
    }));
    await waitUntil('every sentinel to see the master, its replicas and the other sentinels', async (why) => {
      for (const watcher of watchers) {
        const view = pairsToRecord(await rawCommand(watcher, ['SENTINEL', 'MASTER', masterName]));
        if (view.flags !== 'master') return why(`sentinel ${watcher.port}: master flags ${view.flags}`);
        if (Number(view['num-slaves']) !== replicas) return why(`sentinel ${watcher.port} sees ${view['num-slaves']} of ${replicas} replicas`);
        if (Number(view['num-other-sentinels']) !== sentinels - 1) return why(`sentinel ${watcher.port} sees ${view['num-other-sentinels']} of ${sentinels - 1} other sentinels`);
        const seen = await rawCommand(watcher, ['SENTINEL', 'REPLICAS', masterName]);
        for (const entry of Array.isArray(seen) ? seen : []) {
          const replica = pairsToRecord(entry);
          if (replica.flags !== 'slave' || replica['master-link-status'] !== 'ok') {
            return why(`sentinel ${watcher.port}: replica ${replica.port} flags ${replica.flags}, link ${replica['master-link-status']}`);
          }
        }
      }
      return true;
    }, startTimeout);
    return makeSet(masterName, data, watchers, root, stopAll);
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function makeSet(masterName: string, data: Member[], watchers: Member[], root: string, stopAll: () => Promise<void>): RedisSentinelSet {
  let current = data[0] as Member;
  let stopped: Promise<void> | undefined;
  const byPort = (port: number): Member => {
    const member = [...data, ...watchers].find((m) => m.port === port);
    if (member === undefined) throw new OptionsError(`no data node or sentinel on port ${port}`);
    return member;
  };

  const refresh = async (): Promise<readonly SentinelDataNode[]> => {
    await Promise.all(data.filter((m) => m.running).map(async (member) => {
      const info = parseInfo(text(await rawCommand(member, ['INFO', 'replication'])));
      member.role = info.role === 'master' ? 'master' : 'replica';
    }));
    return data;
  };

  /**
   * Waits until every running sentinel names the same running data node other than `old` as
   * master and has finished its failover (a sentinel still reconfiguring replicas ignores the
   * others' updates, so a second failover started then could leave it behind).
   */
  const waitForNewMaster = async (old: Member, timeoutMs: number): Promise<{ host: string; port: number }> => {
    const next = await waitUntil(`the sentinels to agree on a new master for ${masterName}`, async (why) => {
      let agreed: Member | undefined;
      for (const watcher of watchers.filter((w) => w.running)) {
        const view = pairsToRecord(await rawCommand(watcher, ['SENTINEL', 'MASTER', masterName]));
        const member = data.find((m) => m.port === Number(view.port));
        if (member === undefined || member === old) return why(`sentinel ${watcher.port} still reports ${view.port}`);
        if (view.flags !== 'master') return why(`sentinel ${watcher.port}: master flags ${view.flags}`);
        if (agreed !== undefined && agreed !== member) return why('the sentinels disagree');
        agreed = member;
      }
      if (agreed === undefined) return why('no sentinel running');
      const info = parseInfo(text(await rawCommand(agreed, ['INFO', 'replication'])));
      return info.role === 'master' ? agreed : why(`${agreed.port} reports role:${info.role}`);
    }, timeoutMs);
    current = next;
    await refresh().catch(() => undefined);
    return { host: next.host, port: next.port };
  };

  const waitForReplicas = async (timeoutMs = 30_000): Promise<void> => {
    await waitUntil(`every replica to follow ${current.port}`, async (why) => {
      for (const member of data.filter((m) => m.running && m !== current)) {
        const info = parseInfo(text(await rawCommand(member, ['INFO', 'replication'])));
        if (info.role !== 'slave' || info.master_port !== String(current.port) || info.master_link_status !== 'up') {
          return why(`${member.port}: role:${info.role} master_port:${info.master_port} link:${info.master_link_status}`);
        }
      }
      return true;
    }, timeoutMs);
    await refresh();
  };

  return {
    masterName,
    get nodes() {
      return data;
    },
    get sentinels() {
      return watchers;
    },
    dir: root,
    sentinelAddresses: watchers.map((w) => [w.host, w.port] as [string, number]),
    master: () => ({ host: current.host, port: current.port }),
    async failover(timeoutMs = 30_000) {
      const old = current;
      await waitUntil('SENTINEL FAILOVER to be accepted', async (why) => {
        const watcher = watchers.find((w) => w.running);
        if (watcher === undefined) return why('no sentinel running');
        try {
          return (await rawCommand(watcher, ['SENTINEL', 'FAILOVER', masterName])) === 'OK';
        } catch (error) {
          // NOGOODSLAVE / INPROG right after start or after another failover: try again.
          if (error instanceof CommandError && /NOGOODSLAVE|INPROG/.test(error.message)) return why(error.message);
          throw error;
        }
      }, timeoutMs, 200);
      const next = await waitForNewMaster(old, timeoutMs);
      if (old.running && old.role === 'master') await rawCommand(old, ['REPLICAOF', next.host, next.port]);
      await waitForReplicas(timeoutMs);
      return next;
    },
    waitForReplicas,
    waitForFailover(oldMasterPort: number, timeoutMs = 30_000) {
      return waitForNewMaster(byPort(oldMasterPort), timeoutMs);
    },
    async killNode(port: number) {
      await byPort(port).proc.stop('SIGKILL');
    },
    async restartNode(port: number) {
      const member = byPort(port);
      if (member.running) throw new OptionsError(`restartNode: ${port} is running; killNode() it first`);
      await member.proc.start(undefined, { host: member.host, port: member.port });
    },
    refresh,
    stop() {
      stopped ??= stopAll().then(() => removeDir(root));
      return stopped;
    },
  };
}
