import { RESPONSE_CALLBACKS, type ResponseCallback } from '@aredis/commands';
import type { Command } from '@aredis/connection';
import { ResponseError, type RespValue } from '@aredis/resp-parser';
import { SlotMap, nodeKey, type NodeAddress, type NodeKey, type SlotAssignment, type SlotRange } from './slot-map.js';

/** Sends one command to the node being asked, shaped by `callback` when given. */
export type NodeSend = (args: Command, callback?: ResponseCallback) => Promise<unknown>;

// The library's own callbacks, not the client's (which a user may override): routing must not change.
const SHARDS_CALLBACK = RESPONSE_CALLBACKS['CLUSTER SHARDS'] as ResponseCallback;
const SLOTS_CALLBACK = RESPONSE_CALLBACKS['CLUSTER SLOTS'] as ResponseCallback;

interface ShardNode {
  readonly [field: string]: unknown;
}
interface Shard {
  readonly slots: readonly number[];
  readonly nodes: readonly ShardNode[];
}

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/**
 * Reads the slot map from one node: CLUSTER SHARDS where the server has it (Redis 7), else
 * CLUSTER SLOTS (remembered per loader once a server refused SHARDS). Every address is passed
 * through `translate` (natMap); a node that does not know its own address (`''`, `?`) is the one
 * asked.
 */
export class SlotLoader {
  readonly #translate: (announced: NodeAddress) => NodeAddress;
  readonly #tls: boolean;
  #shards = true;

  constructor(translate: (announced: NodeAddress) => NodeAddress, tls: boolean) {
    this.#translate = translate;
    this.#tls = tls;
  }

  /** Whether the last load used CLUSTER SHARDS (false once a server refused it). */
  get usesShards(): boolean {
    return this.#shards;
  }

  async load(send: NodeSend, asked: NodeAddress): Promise<SlotMap> {
    if (this.#shards) {
      let reply: unknown;
      try {
        reply = await send(['CLUSTER', 'SHARDS'], SHARDS_CALLBACK);
      } catch (error) {
        // Unknown subcommand (Redis < 7), or refused by an ACL: CLUSTER SLOTS from now on.
        if (!(error instanceof ResponseError)) throw error;
        this.#shards = false;
      }
      if (this.#shards) return SlotMap.fromAssignments((reply as Shard[]).flatMap((shard) => this.#fromShard(shard, asked)));
    }
    const ranges = (await send(['CLUSTER', 'SLOTS'], SLOTS_CALLBACK)) as SlotRange[];
    return SlotMap.fromAssignments(ranges.map((range) => this.#fromRange(range, asked)));
  }

  #key(host: string, port: number, asked: NodeAddress): NodeKey {
    const announced = { host: host === '' || host === '?' ? asked.host : host, port };
    const reachable = this.#translate(announced);
    return nodeKey(reachable.host, reachable.port);
  }

  #fromShard(shard: Shard, asked: NodeAddress): SlotAssignment[] {
    const ranges: [number, number][] = [];
    for (let i = 0; i + 1 < shard.slots.length; i += 2) ranges.push([Number(shard.slots[i]), Number(shard.slots[i + 1])]);
    if (ranges.length === 0) return [];
    let master: NodeKey | undefined;
    const replicas: NodeKey[] = [];
    for (const node of shard.nodes) {
      const endpoint = text(node.endpoint);
      const host = endpoint === '' || endpoint === '?' ? text(node.ip) : endpoint;
      const port = Number(this.#tls ? (node['tls-port'] ?? node.port) : (node.port ?? node['tls-port']));
      if (!Number.isInteger(port) || port <= 0) continue;
      const key = this.#key(host, port, asked);
      // The master owns the slots whatever its health (until a failover says otherwise, as
      // CLUSTER SLOTS does); replicas serve reads only when online (not failed, not loading).
      if (text(node.role) === 'master') master = key;
      else if (text(node.health) === 'online') replicas.push(key);
    }
    return master === undefined ? [] : [{ ranges, master, replicas }];
  }

  #fromRange(range: SlotRange, asked: NodeAddress): SlotAssignment {
    const keyOf = ([host, port]: readonly [string, number, string]): NodeKey => this.#key(text(host), Number(port), asked);
    return { ranges: [[range.start, range.end]], master: keyOf(range.primary), replicas: range.replicas.map(keyOf) };
  }
}

/** `cluster-node-timeout` in ms from a CONFIG GET reply (an array of pairs, or a map), if there. */
export function nodeTimeoutFrom(reply: unknown): number | undefined {
  let value: unknown;
  if (reply instanceof Map) value = reply.get('cluster-node-timeout') ?? [...(reply as Map<RespValue, RespValue>).values()][0];
  else if (Array.isArray(reply)) value = reply[1];
  else if (reply !== null && typeof reply === 'object') value = (reply as Record<string, unknown>)['cluster-node-timeout'];
  const ms = Number(text(value));
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
