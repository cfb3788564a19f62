import { DataError } from '@aredis/resp-parser';
import { nodeKey, type NodeAddress } from './slot-map.js';

/**
 * Address translation for a cluster behind NAT (or in containers): the addresses the nodes
 * announce (CLUSTER SHARDS/SLOTS, MOVED, ASK) mapped to the ones this client can reach. As
 * ioredis's `natMap`: an object keyed by the announced `host:port`; or, as redis-py's
 * `address_remap`, a function of the announced address. Addresses the map does not name (or
 * the function gives back unchanged) are used as announced.
 */
export type NatMap = Readonly<Record<string, NodeAddress>> | ((announced: NodeAddress) => NodeAddress);

/** The translation `natMap` describes (identity when undefined). Checks the map's entries now. */
export function natTranslator(natMap: NatMap | undefined): (announced: NodeAddress) => NodeAddress {
  if (natMap === undefined) return (address) => address;
  if (typeof natMap === 'function') {
    return (announced) => {
      const mapped = natMap({ host: announced.host, port: announced.port });
      checkAddress(`natMap(${nodeKey(announced.host, announced.port)})`, mapped);
      return mapped;
    };
  }
  if (typeof natMap !== 'object' || natMap === null || Array.isArray(natMap)) {
    throw new DataError("StrictRedisCluster: option 'natMap' must be an object of 'host:port' → { host, port }, or a function");
  }
  const table = new Map<string, NodeAddress>();
  for (const [from, to] of Object.entries(natMap)) {
    if (!/^.+:\d+$/.test(from)) throw new DataError(`StrictRedisCluster: natMap key '${from}' must be 'host:port'`);
    checkAddress(`natMap['${from}']`, to);
    table.set(from, { host: to.host, port: to.port });
  }
  return (announced) => table.get(nodeKey(announced.host, announced.port)) ?? announced;
}

function checkAddress(where: string, address: unknown): asserts address is NodeAddress {
  const a = address as Partial<NodeAddress> | null;
  if (a === null || typeof a !== 'object' || typeof a.host !== 'string' || a.host === '' || !Number.isInteger(a.port) || (a.port as number) <= 0 || (a.port as number) > 65535) {
    throw new DataError(`StrictRedisCluster: ${where} must be { host: string, port: 1-65535 }`);
  }
}
