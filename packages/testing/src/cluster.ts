import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseClusterNodes } from './cluster-nodes.js';
import { baseConfig, renderExtraConfig, type ExtraConfig } from './config.js';
import { OptionsError, StartupError } from './errors.js';
import { makeTempDir, removeDir, startOnFreePorts } from './launch.js';
import { RedisProcess } from './redis-process.js';
import { parseInfo, rawCommand, type RawReply } from './resp.js';
import { waitUntil } from './wait.js';

const run = promisify(execFile);
const HOST = '127.0.0.1';

export interface ClusterOptions {
  /** Masters; default 3 (the minimum redis-cli accepts). */
  masters?: number;
  /** Replicas per master; default 1. */
  replicasPerMaster?: number;
  /** `cluster-node-timeout` in ms; default 2000. */
  nodeTimeout?: number;
  /** Extra config for every node. */
  config?: ExtraConfig;
  /** Milliseconds to wait for the cluster to form; default 30000. */
  startTimeout?: number;
}

export interface ClusterNode {
  readonly host: string;
  readonly port: number;
  /** The cluster bus port (`cluster-port`). */
  readonly busPort: number;
  /** The node's role as last seen (`refresh()`, `waitForFailover()` and `restartNode()` update it). */
  readonly role: 'master' | 'replica';
  /** The cluster node id. */
  readonly id: string;
  /** Whether the process is running. */
  readonly running: boolean;
  readonly pid: number | undefined;
}

export interface RedisCluster {
  readonly nodes: readonly ClusterNode[];
  /** `{ host, port }` of every node, for a client's `startupNodes`. */
  readonly startupNodes: readonly { host: string; port: number }[];
  /** The cluster's temporary directory (one sub-directory a node), removed by `stop()`. */
  readonly dir: string;
  /** The running nodes that are masters (roles as last seen). */
  masters(): ClusterNode[];
  /** The running nodes that are replicas (roles as last seen). */
  replicas(): ClusterNode[];
  /** Kills the node's process with SIGKILL (a crash); its state survives for `restartNode`. */
  killNode(port: number): Promise<void>;
  /** Starts a killed node again on the same ports with its `nodes.conf`, waits until it reports `cluster_state:ok`. */
  restartNode(port: number): Promise<void>;
  /** After killing a master: waits until a replica took over its slots and every running node reports ok. */
  waitForFailover(oldMasterPort: number, timeoutMs?: number): Promise<ClusterNode>;
  /** Waits until every running node reports `cluster_state:ok`. */
  waitForOk(timeoutMs?: number): Promise<void>;
  /** Re-reads roles from CLUSTER NODES of a running node. */
  refresh(): Promise<readonly ClusterNode[]>;
  /** Stops every node and removes the cluster's directory. Idempotent. */
  stop(): Promise<void>;
}

class Node implements ClusterNode {
  readonly host = HOST;
  port = 0;
  busPort = 0;
  role: 'master' | 'replica' = 'master';
  id = '';
  slots: [number, number][] = [];
  constructor(readonly proc: RedisProcess, readonly dir: string) {}
  get running(): boolean {
    return this.proc.running;
  }
  get pid(): number | undefined {
    return this.proc.running ? this.proc.pid : undefined;
  }
}

function checkOptions(options: ClusterOptions): Required<Pick<ClusterOptions, 'masters' | 'replicasPerMaster' | 'nodeTimeout'>> {
  const masters = options.masters ?? 3;
  const replicasPerMaster = options.replicasPerMaster ?? 1;
  const nodeTimeout = options.nodeTimeout ?? 2000;
  if (!Number.isInteger(masters) || masters < 3) throw new OptionsError(`masters: at least 3 (redis-cli --cluster create needs 3), got ${masters}`);
  if (!Number.isInteger(replicasPerMaster) || replicasPerMaster < 0) throw new OptionsError(`replicasPerMaster: an integer >= 0, got ${replicasPerMaster}`);
  if (!Number.isInteger(nodeTimeout) || nodeTimeout < 100) throw new OptionsError(`nodeTimeout: an integer >= 100 (ms), got ${nodeTimeout}`);
  return { masters, replicasPerMaster, nodeTimeout };
}

function text(reply: RawReply): string {
  return typeof reply === 'string' ? reply : '';
}

/**
 * Starts a Redis Cluster of real redis-server processes on free ports (client and bus ports
 * both picked, `cluster-port` set), joined with `redis-cli --cluster create`, and resolves when
 * every node reports `cluster_state:ok`, every replica's link is up and every node's CLUSTER
 * SLOTS lists all masters with their replicas.
 */
export async function startCluster(options: ClusterOptions = {}): Promise<RedisCluster> {
  const { masters, replicasPerMaster, nodeTimeout } = checkOptions(options);
  const startTimeout = options.startTimeout ?? 30_000;
  const root = makeTempDir('cluster');
  const nodes: Node[] = [];
  const total = masters * (1 + replicasPerMaster);
  const stopAll = async (): Promise<void> => {
    await Promise.all(nodes.map((node) => node.proc.stop('SIGKILL')));
    removeDir(root);
  };
  try {
    for (let i = 0; i < total; i++) {
      const dir = join(root, `node-${i}`);
      mkdirSync(dir);
      nodes.push(new Node(new RedisProcess({ dir }), dir));
    }
    await Promise.all(nodes.map(async (node) => {
      [node.port = 0, node.busPort = 0] = await startOnFreePorts(node.proc, 2, ([port = 0, bus = 0]) => ({
        config: [
          ...baseConfig(node.dir),
          `port ${port}`,
          'cluster-enabled yes',
          'cluster-config-file nodes.conf',
          `cluster-node-timeout ${nodeTimeout}`,
          `cluster-port ${bus}`,
          // Any replica may take over however stale (tests kill masters on purpose), and the
          // topology stays as built.
          'cluster-replica-validity-factor 0',
          'cluster-allow-replica-migration no',
          // CLUSTER SLOTS omits replicas whose replication offset is still 0; the master's
          // periodic PING (default every 10 s) is what moves it on an idle cluster.
          'repl-ping-replica-period 1',
          ...renderExtraConfig(options.config),
          '',
        ].join('\n'),
        probe: { host: HOST, port },
      }));
      node.id = text(await rawCommand(node, ['CLUSTER', 'MYID']));
    }));
    const addresses = nodes.map((node) => `${HOST}:${node.port}`);
    try {
      await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicasPerMaster), '--cluster-yes'], {
        timeout: startTimeout,
      });
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new StartupError(`redis-cli --cluster create failed: ${(error as Error).message}\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`, { cause: error });
    }
    const cluster = makeCluster(nodes, root, stopAll);
    await waitUntil('the cluster to form', async (why) => {
      for (const node of nodes) {
        const info = parseInfo(text(await rawCommand(node, ['CLUSTER', 'INFO'])));
        if (info.cluster_state !== 'ok') return why(`${node.port}: cluster_state:${info.cluster_state}`);
        if (Number(info.cluster_known_nodes) !== total) return why(`${node.port} knows ${info.cluster_known_nodes} of ${total} nodes`);
        const slots = await rawCommand(node, ['CLUSTER', 'SLOTS']);
        const ranges = Array.isArray(slots) ? slots : [];
        const complete = ranges.every((range) => Array.isArray(range) && range.length === 2 + 1 + replicasPerMaster);
        if (ranges.length < masters || !complete) return why(`${node.port}: CLUSTER SLOTS does not list every master with ${replicasPerMaster} replica(s) yet`);
      }
      await cluster.refresh();
      for (const node of nodes.filter((n) => n.role === 'replica')) {
        const info = parseInfo(text(await rawCommand(node, ['INFO', 'replication'])));
        if (info.master_link_status !== 'up') return why(`replica ${node.port}: master_link_status:${info.master_link_status}`);
      }
      return true;
    }, startTimeout);
    return cluster;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function makeCluster(nodes: Node[], root: string, stopAll: () => Promise<void>): RedisCluster {
  const startupNodes = nodes.map(({ host, port }) => ({ host, port }));
  const byPort = (port: number): Node => {
    const node = nodes.find((n) => n.port === port);
    if (node === undefined) throw new OptionsError(`no cluster node on port ${port}`);
    return node;
  };
  let stopped: Promise<void> | undefined;

  const refresh = async (): Promise<readonly ClusterNode[]> => {
    for (const source of nodes.filter((n) => n.running)) {
      try {
        const entries = parseClusterNodes(text(await rawCommand(source, ['CLUSTER', 'NODES'])));
        for (const node of nodes) {
          const entry = entries.find((e) => e.id === node.id);
          if (entry === undefined) continue;
          node.role = entry.flags.includes('master') ? 'master' : 'replica';
          node.slots = entry.slots;
        }
        return nodes;
      } catch {
        // try the next node
      }
    }
    return nodes;
  };

  const waitForOk = async (timeoutMs = 20_000): Promise<void> => {
    await waitUntil('cluster_state:ok on every running node', async (why) => {
      for (const node of nodes.filter((n) => n.running)) {
        const info = parseInfo(text(await rawCommand(node, ['CLUSTER', 'INFO'])));
        if (info.cluster_state !== 'ok') return why(`${node.port}: cluster_state:${info.cluster_state}`);
      }
      return true;
    }, timeoutMs);
  };

  return {
    get nodes() {
      return nodes;
    },
    startupNodes,
    dir: root,
    masters: () => nodes.filter((n) => n.running && n.role === 'master'),
    replicas: () => nodes.filter((n) => n.running && n.role === 'replica'),
    async killNode(port: number) {
      await byPort(port).proc.stop('SIGKILL');
    },
    async restartNode(port: number) {
      const node = byPort(port);
      if (node.running) throw new OptionsError(`restartNode: node ${port} is running; killNode() it first`);
      await node.proc.start(undefined, { host: node.host, port: node.port });
      await waitUntil(`node ${port} to rejoin`, async (why) => {
        const info = parseInfo(text(await rawCommand(node, ['CLUSTER', 'INFO'])));
        return info.cluster_state === 'ok' || why(`cluster_state:${info.cluster_state}`);
      }, 20_000);
      await refresh();
    },
    async waitForFailover(oldMasterPort: number, timeoutMs = 30_000) {
      const old = byPort(oldMasterPort);
      const slot = old.slots[0]?.[0];
      if (old.role !== 'master' || slot === undefined) throw new OptionsError(`waitForFailover: node ${oldMasterPort} was not a master with slots`);
      const promoted = await waitUntil(`a new master for slot ${slot} (was ${oldMasterPort})`, async (why) => {
        let owner: Node | undefined;
        for (const source of nodes.filter((n) => n.running)) {
          const entries = parseClusterNodes(text(await rawCommand(source, ['CLUSTER', 'NODES'])));
          const entry = entries.find((e) => e.flags.includes('master') && !e.flags.includes('fail') && !e.flags.includes('fail?')
            && e.slots.some(([first, last]) => first <= slot && slot <= last));
          const node = nodes.find((n) => n.id === entry?.id);
          if (node === undefined || node === old || !node.running) return why(`${source.port} does not see a new master yet`);
          if (owner !== undefined && owner !== node) return why('nodes disagree on the new master');
          owner = node;
        }
        return owner;
      }, timeoutMs);
      await waitForOk(timeoutMs);
      await refresh();
      return promoted;
    },
    waitForOk,
    refresh,
    stop() {
      stopped ??= stopAll().then(() => removeDir(root));
      return stopped;
    },
  };
}
