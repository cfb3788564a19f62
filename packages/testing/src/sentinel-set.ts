import { CommandError, OptionsError } from './errors.js';
import { removeDir } from './launch.js';
import { pairsToRecord, parseInfo, type RawReply } from './resp.js';
import { Member, text, type SentinelDataNode, type SentinelProcess } from './sentinel-member.js';
import type { ClientTls } from './certificates.js';
import { waitUntil } from './wait.js';

export { Member, text, type SentinelDataNode, type SentinelProcess };

export interface FailoverOptions {
  /** Milliseconds to wait for each step; default 30000. */
  timeoutMs?: number;
  /**
   * Send the old master `REPLICAOF <new master>` at once and wait for every data node to follow
   * the new master (default true). false: leave the old master as it is, a master still, until
   * the sentinels demote it themselves (~10 s later): what a client sees of a failover whose old
   * master stays up.
   */
  demoteOldMaster?: boolean;
}

export interface RedisSentinelSet {
  readonly masterName: string;
  /** The master and replicas. */
  readonly nodes: readonly SentinelDataNode[];
  readonly sentinels: readonly SentinelProcess[];
  /** `[host, port]` of every sentinel, the shape `new Sentinel([...])` takes. */
  readonly sentinelAddresses: readonly [string, number][];
  /** What a client needs for a TLS set (`tls: true`): the CA, a client certificate, the server name. */
  readonly tls: ClientTls | undefined;
  /** The set's temporary directory (one sub-directory a process), removed by `stop()`. */
  readonly dir: string;
  /** The current master as last seen. */
  master(): { host: string; port: number };
  /** A raw command to the data node or sentinel on `port`, with the set's TLS and credentials. */
  command(port: number, args: (string | number)[]): Promise<RawReply>;
  /**
   * `SENTINEL FAILOVER`, then waits until every running sentinel reports a new master and it says
   * `role:master`. The sentinels would turn the old master into a replica only ~10 s later; by
   * default this sends it `REPLICAOF <new master>` itself and waits until every running data node
   * replicates from the new master (see `FailoverOptions`). Resolves with the new master.
   */
  failover(options?: number | FailoverOptions): Promise<{ host: string; port: number }>;
  /** Waits until every running data node but the master (and `except`) replicates from the master with its link up. */
  waitForReplicas(timeoutMs?: number, except?: readonly number[]): Promise<void>;
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

export function makeSet(masterName: string, data: Member[], watchers: Member[], root: string, tls: ClientTls | undefined, stopAll: () => Promise<void>): RedisSentinelSet {
  let current = data[0] as Member;
  let stopped: Promise<void> | undefined;
  const byPort = (port: number): Member => {
    const member = [...data, ...watchers].find((m) => m.port === port);
    if (member === undefined) throw new OptionsError(`no data node or sentinel on port ${port}`);
    return member;
  };

  const refresh = async (): Promise<readonly SentinelDataNode[]> => {
    await Promise.all(data.filter((m) => m.running).map(async (member) => {
      const info = parseInfo(text(await member.ask(['INFO', 'replication'])));
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
        const view = pairsToRecord(await watcher.ask(['SENTINEL', 'MASTER', masterName]));
        const member = data.find((m) => m.port === Number(view.port));
        if (member === undefined || member === old) return why(`sentinel ${watcher.port} still reports ${view.port}`);
        if (view.flags !== 'master') return why(`sentinel ${watcher.port}: master flags ${view.flags}`);
        if (agreed !== undefined && agreed !== member) return why('the sentinels disagree');
        agreed = member;
      }
      if (agreed === undefined) return why('no sentinel running');
      const info = parseInfo(text(await agreed.ask(['INFO', 'replication'])));
      return info.role === 'master' ? agreed : why(`${agreed.port} reports role:${info.role}`);
    }, timeoutMs);
    current = next;
    await refresh().catch(() => undefined);
    return { host: next.host, port: next.port };
  };

  const waitForReplicas = async (timeoutMs = 30_000, except: readonly number[] = []): Promise<void> => {
    await waitUntil(`every replica to follow ${current.port}`, async (why) => {
      for (const member of data.filter((m) => m.running && m !== current && !except.includes(m.port))) {
        const info = parseInfo(text(await member.ask(['INFO', 'replication'])));
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
    tls,
    sentinelAddresses: watchers.map((w) => [w.host, w.port] as [string, number]),
    master: () => ({ host: current.host, port: current.port }),
    command: (port, args) => byPort(port).ask(args),
    async failover(options: number | FailoverOptions = {}) {
      const { timeoutMs = 30_000, demoteOldMaster = true } = typeof options === 'number' ? { timeoutMs: options } : options;
      const old = current;
      await waitUntil('SENTINEL FAILOVER to be accepted', async (why) => {
        const watcher = watchers.find((w) => w.running);
        if (watcher === undefined) return why('no sentinel running');
        try {
          return (await watcher.ask(['SENTINEL', 'FAILOVER', masterName])) === 'OK';
        } catch (error) {
          // NOGOODSLAVE / INPROG right after start or after another failover: try again.
          if (error instanceof CommandError && /NOGOODSLAVE|INPROG/.test(error.message)) return why(error.message);
          throw error;
        }
      }, timeoutMs, 200);
      const next = await waitForNewMaster(old, timeoutMs);
      if (demoteOldMaster && old.running && old.role === 'master') await old.ask(['REPLICAOF', next.host, next.port]);
      await waitForReplicas(timeoutMs, demoteOldMaster ? [] : [old.port]);
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
      await member.proc.start(undefined, member.target);
    },
    refresh,
    stop() {
      stopped ??= stopAll().then(() => removeDir(root));
      return stopped;
    },
  };
}
