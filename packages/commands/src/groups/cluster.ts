import { DataError, type CommandArg, type RespValue } from '@aredis/resp-parser';
import { building } from '../building.js';
import { defineCommand, returns, trailingOptions, type Bulk, type TrailingOptions } from '../define.js';
import { integer, nonNegative, value } from '../args.js';
import { arrayOrEmpty, okToBoolean, pairsToObject, text, texts } from '../callbacks.js';

/**
 * The cluster commands (group 'cluster'): CLUSTER subcommands as `cluster<Sub>` methods, and
 * READONLY, READWRITE, ASKING. Replies follow redis-py: CLUSTER INFO as an object of strings,
 * CLUSTER NODES / REPLICAS / SLAVES as redis-py's parse_cluster_nodes (an object by address).
 * Every export is a command declaration; the export name is the method name.
 */

function nodeId(id: unknown): CommandArg {
  return value('nodeId', id);
}

function slotList(slots: readonly unknown[]): CommandArg[] {
  if (slots.length === 0) throw new DataError(`${building()}: argument 'slots' needs at least one slot`);
  return slots.map((s) => integer('slots', s));
}

function slotRanges(slots: readonly unknown[]): CommandArg[] {
  if (slots.length === 0 || slots.length % 2 !== 0) {
    throw new DataError(`${building()}: argument 'slots' must be start, end pairs`);
  }
  return slots.map((s) => integer('slots', s));
}

// ---- replies ----

/** CLUSTER INFO text → `{ cluster_state: 'ok', ... }`, every value a string, as redis-py. */
function infoReply(reply: RespValue): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text(reply).split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1);
  }
  return out;
}

export interface ClusterNode {
  node_id: string;
  hostname: string;
  flags: string;
  master_id: string;
  last_ping_sent: string;
  last_pong_rcvd: string;
  epoch: string;
  /** `[start, end]`, or `[slot]` for a single slot, as the text gives them. */
  slots: string[][];
  migrations: { slot: string; node_id: string; state: 'migrating' | 'importing' }[];
  connected: boolean;
}

function nodeLine(line: string): [string, ClusterNode] {
  const items = line.split(' ');
  const [id = '', addr = '', flags = '', master = '', ping = '', pong = '', epoch = '', link = ''] = items;
  const at = addr.indexOf('@');
  const address = at < 0 ? addr : addr.slice(0, at);
  const bus = at < 0 ? '' : addr.slice(at + 1);
  const comma = bus.indexOf(',');
  const node: ClusterNode = {
    node_id: id,
    hostname: comma < 0 ? '' : bus.slice(comma + 1),
    flags,
    master_id: master,
    last_ping_sent: ping,
    last_pong_rcvd: pong,
    epoch,
    slots: [],
    migrations: [],
    connected: link === 'connected',
  };
  for (const range of items.slice(8)) {
    if (range.includes('->-')) {
      const [slot = '', dst = ''] = range.slice(1, -1).split('->-');
      node.migrations.push({ slot, node_id: dst, state: 'migrating' });
    } else if (range.includes('-<-')) {
      const [slot = '', src = ''] = range.slice(1, -1).split('-<-');
      node.migrations.push({ slot, node_id: src, state: 'importing' });
    } else if (range !== '') node.slots.push(range.split('-'));
  }
  return [address, node];
}

/** redis-py's parse_cluster_nodes: the node lines (one text, or an array of lines) → object by `ip:port`. */
function nodesReply(reply: RespValue): Record<string, ClusterNode> {
  const lines = Array.isArray(reply) ? reply.map(text) : text(reply).split(/\r?\n/);
  return Object.fromEntries(lines.filter((l) => l.trim() !== '').map((l) => nodeLine(l.trim())));
}

/** `[host, port, node id]`. */
export type ClusterSlotNode = [string, number, string];
export interface ClusterSlotRange {
  start: number;
  end: number;
  primary: ClusterSlotNode;
  replicas: ClusterSlotNode[];
}

function slotNode(raw: RespValue): ClusterSlotNode {
  const [host, port, id] = arrayOrEmpty(raw);
  return [text(host ?? null), Number(port), text(id ?? null)];
}

/** CLUSTER SLOTS → one object a range (redis-py keys a dict by `(start, end)`, which JS cannot). */
function slotsReply(reply: RespValue): ClusterSlotRange[] {
  return arrayOrEmpty(reply).map((raw) => {
    const [start, end, primary, ...replicas] = arrayOrEmpty(raw);
    return { start: Number(start), end: Number(end), primary: slotNode(primary ?? null), replicas: replicas.map(slotNode) };
  });
}

export interface ClusterShardNode {
  id: Bulk;
  port?: number;
  'tls-port'?: number;
  ip: Bulk;
  endpoint: Bulk;
  hostname?: Bulk;
  role: Bulk;
  'replication-offset': number;
  health: Bulk;
}
export interface ClusterShard {
  /** Start and end of each slot range, flat. */
  slots: number[];
  nodes: ClusterShardNode[];
}

function shardsReply(reply: RespValue): unknown[] {
  return arrayOrEmpty(reply).map((raw) => {
    const shard: Record<string, unknown> = pairsToObject(raw);
    shard.slots = arrayOrEmpty((shard.slots ?? null) as RespValue).map(Number);
    shard.nodes = arrayOrEmpty((shard.nodes ?? null) as RespValue).map(pairsToObject);
    return shard;
  });
}

export interface ClusterLink {
  direction: Bulk;
  node: Bulk;
  'create-time': number;
  events: Bulk;
  'send-buffer-allocated': number;
  'send-buffer-used': number;
}

// ---- introspection ----

/** CLUSTER INFO: `{ cluster_state, cluster_slots_assigned, ... }` with string values (redis-py). */
export const clusterInfo = defineCommand({
  name: 'CLUSTER INFO',
  reply: infoReply,
  returns: returns<Record<string, string>>(),
});
/** CLUSTER NODES: redis-py's parse_cluster_nodes, an object keyed by `ip:port`. */
export const clusterNodes = defineCommand({
  name: 'CLUSTER NODES',
  reply: nodesReply,
  returns: returns<Record<string, ClusterNode>>(),
});
/** CLUSTER SLOTS (deprecated by Redis for CLUSTER SHARDS): one object a slot range. */
export const clusterSlots = defineCommand({
  name: 'CLUSTER SLOTS',
  reply: slotsReply,
  returns: returns<ClusterSlotRange[]>(),
});
/** CLUSTER SHARDS: `{ slots, nodes }` per shard, node fields as the server names them. */
export const clusterShards = defineCommand({
  name: 'CLUSTER SHARDS',
  reply: shardsReply,
  returns: returns<ClusterShard[]>(),
});
/** CLUSTER LINKS: one object per peer link. */
export const clusterLinks = defineCommand({
  name: 'CLUSTER LINKS',
  reply: (r) => arrayOrEmpty(r).map(pairsToObject),
  returns: returns<ClusterLink[]>(),
});
export const clusterMyid = defineCommand({ name: 'CLUSTER MYID', returns: returns<Bulk>() });
/** CLUSTER MYSHARDID (Redis 7.2). */
export const clusterMyshardid = defineCommand({ name: 'CLUSTER MYSHARDID', returns: returns<Bulk>() });
export const clusterHelp = defineCommand({ name: 'CLUSTER HELP', reply: texts, returns: returns<string[]>() });

/** CLUSTER KEYSLOT key: the key's hash slot. */
export const clusterKeyslot = defineCommand({
  name: 'CLUSTER KEYSLOT',
  build: (key: string | Buffer) => ['CLUSTER', 'KEYSLOT', value('key', key)],
  returns: returns<number>(),
});

export const clusterCountkeysinslot = defineCommand({ name: 'CLUSTER COUNTKEYSINSLOT', returns: returns<number>() });

/** CLUSTER GETKEYSINSLOT slot count: up to `count` key names of the slot. */
export const clusterGetkeysinslot = defineCommand({
  name: 'CLUSTER GETKEYSINSLOT',
  build: (slot: number, count: number) => [
    'CLUSTER',
    'GETKEYSINSLOT',
    integer('slot', slot),
    nonNegative('count', count),
  ],
  returns: returns<Bulk[]>(),
});

export const clusterCountFailureReports = defineCommand({
  name: 'CLUSTER COUNT-FAILURE-REPORTS',
  build: (id: string) => ['CLUSTER', 'COUNT-FAILURE-REPORTS', nodeId(id)],
  returns: returns<number>(),
});

function replicasOf(sub: 'REPLICAS' | 'SLAVES') {
  return defineCommand({
    name: `CLUSTER ${sub}`,
    build: (id: string) => ['CLUSTER', sub, nodeId(id)],
    reply: nodesReply,
    returns: returns<Record<string, ClusterNode>>(),
  });
}
/** CLUSTER REPLICAS nodeId: the replicas' node lines, parsed as CLUSTER NODES. */
export const clusterReplicas = replicasOf('REPLICAS');
/** CLUSTER SLAVES nodeId: the old name of CLUSTER REPLICAS. */
export const clusterSlaves = replicasOf('SLAVES');

// ---- slot assignment and node management (each replies OK → true) ----

function okCommand<A extends unknown[], T extends TrailingOptions | undefined = undefined>(
  sub: string,
  build: (...args: A) => CommandArg[],
  options?: T,
) {
  return defineCommand({
    name: `CLUSTER ${sub}`,
    ...(options === undefined ? {} : { options: options as T }),
    build: (...args: A) => ['CLUSTER', sub, ...build(...args)],
    reply: (reply) => okToBoolean(reply),
    returns: returns<boolean>(),
  });
}

export const clusterAddslots = okCommand('ADDSLOTS', (...slots: number[]) => slotList(slots));
/** CLUSTER ADDSLOTSRANGE start end [start end ...] (flat, as redis-py). */
export const clusterAddslotsrange = okCommand('ADDSLOTSRANGE', (...slots: number[]) => slotRanges(slots));
export const clusterDelslots = okCommand('DELSLOTS', (...slots: number[]) => slotList(slots));
export const clusterDelslotsrange = okCommand('DELSLOTSRANGE', (...slots: number[]) => slotRanges(slots));
export const clusterFlushslots = defineCommand({
  name: 'CLUSTER FLUSHSLOTS',
  reply: okToBoolean,
  returns: returns<boolean>(),
});
export const clusterSaveconfig = defineCommand({
  name: 'CLUSTER SAVECONFIG',
  reply: okToBoolean,
  returns: returns<boolean>(),
});
export const clusterForget = okCommand('FORGET', (id: string) => [nodeId(id)]);
export const clusterReplicate = okCommand('REPLICATE', (id: string) => [nodeId(id)]);
export const clusterSetConfigEpoch = defineCommand({
  name: 'CLUSTER SET-CONFIG-EPOCH',
  reply: okToBoolean,
  returns: returns<boolean>(),
});

/** CLUSTER FAILOVER [FORCE|TAKEOVER]. */
export const clusterFailover = okCommand('FAILOVER', (option?: 'FORCE' | 'TAKEOVER' | 'force' | 'takeover') => {
  if (option === undefined) return [];
  const o = typeof option === 'string' ? option.toUpperCase() : '';
  if (o !== 'FORCE' && o !== 'TAKEOVER') throw new DataError(`${building()}: argument 'option' must be FORCE or TAKEOVER`);
  return [o];
});

/** CLUSTER MEET host port [{ clusterBusPort }]. */
export const clusterMeet = okCommand('MEET', (host: string, port: number, options: { clusterBusPort?: number } = {}) => {
  const args: CommandArg[] = [value('host', host), integer('port', port)];
  if (options.clusterBusPort !== undefined) args.push(integer('clusterBusPort', options.clusterBusPort));
  return args;
}, trailingOptions(2, { clusterBusPort: true }));

/** CLUSTER RESET [{ soft = true }]: SOFT unless `soft: false` (redis-py's default). */
export const clusterReset = okCommand(
  'RESET',
  (options: { soft?: boolean } = {}) => [options.soft === false ? 'HARD' : 'SOFT'],
  trailingOptions(0, { soft: 'flag' }),
);

/**
 * CLUSTER SETSLOT slot state [nodeId]: state IMPORTING, MIGRATING or NODE with a node id,
 * or STABLE without. (Redis's argument order; redis-py puts the node id first.)
 */
export const clusterSetslot = okCommand(
  'SETSLOT',
  (slot: number, state: 'IMPORTING' | 'MIGRATING' | 'NODE' | 'STABLE', id?: string) => {
    const s = typeof state === 'string' ? state.toUpperCase() : '';
    const args: CommandArg[] = [integer('slot', slot)];
    if (s === 'STABLE') {
      if (id !== undefined) throw new DataError(`${building()}: STABLE takes no 'nodeId'`);
      return [...args, s];
    }
    if (s !== 'IMPORTING' && s !== 'MIGRATING' && s !== 'NODE') {
      throw new DataError(`${building()}: argument 'state' must be IMPORTING, MIGRATING, NODE or STABLE`);
    }
    if (id === undefined) throw new DataError(`${building()}: state ${s} needs a 'nodeId'`);
    return [...args, s, nodeId(id)];
  },
);

/** CLUSTER BUMPEPOCH: `BUMPED <epoch>` or `STILL <epoch>`. */
export const clusterBumpepoch = defineCommand({ name: 'CLUSTER BUMPEPOCH', reply: text, returns: returns<string>() });

// ---- connection modes ----

/** READONLY: let this connection read from a replica of a cluster. */
export const readonly = defineCommand({ name: 'READONLY', reply: okToBoolean, returns: returns<boolean>() });
/** READWRITE: undo READONLY. */
export const readwrite = defineCommand({ name: 'READWRITE', reply: okToBoolean, returns: returns<boolean>() });
/** ASKING: the next command may address an importing slot (after an ASK redirect). */
export const asking = defineCommand({ name: 'ASKING', reply: okToBoolean, returns: returns<boolean>() });
