import type { SendOptions } from '@aredis/connection';
import { COMMANDS, type AnyCommandSpec, type KeyScanIterOptions } from '@aredis/commands';
import type { CommandArg } from '@aredis/resp-parser';
import { sendToNode, type ClusterCore } from './execute.js';
import { followCluster, followable } from './follow.js';
import { makeCall } from './route.js';
import type { NodeKey } from './slot-map.js';

const SCAN = (COMMANDS as unknown as Record<string, AnyCommandSpec>).scan as AnyCommandSpec;
const buildScan = SCAN.build as (cursor: number | string, options: KeyScanIterOptions) => CommandArg[];

type ScanReply = [number | string, unknown[]];

/** One master's walk: the node, and the slots it served when the walk was planned. */
interface Walk {
  readonly node: NodeKey;
  readonly slots: readonly number[];
}

/**
 * Every key of the cluster: SCAN to the end on each master in turn (masters as the slot map
 * lists them when the walk starts). When a master is lost in the middle of its walk, the walk
 * starts again from cursor 0 on the node that serves its slots once the cluster has failed over
 * (a SCAN cursor means nothing on another server): keys may then be seen twice, none is missed.
 * A key moved between masters by a slot migration during the walk may be seen twice or not at
 * all, as SCAN across a migration allows.
 */
export async function* scanNodes(
  core: ClusterCore,
  sendOptions: SendOptions | undefined,
  options: KeyScanIterOptions = {},
): AsyncGenerator<unknown, void, undefined> {
  const page: KeyScanIterOptions = {};
  if (options.match !== undefined) page.match = options.match;
  if (options.count !== undefined) page.count = options.count;
  if (options.type !== undefined) page.type = options.type;
  const scanAt = (node: NodeKey, cursor: number | string): Promise<ScanReply> =>
    sendToNode(core, node, makeCall('SCAN', buildScan(cursor, page), SCAN, page as Readonly<Record<string, unknown>>, sendOptions)) as Promise<ScanReply>;

  const map = await core.nodes.map();
  const todo: Walk[] = map.masters().map((node) => ({ node, slots: map.slotsOf(node) }));
  for (let walk = todo.shift(); walk !== undefined; walk = todo.shift()) {
    let node = walk.node;
    let cursor: number | string = 0;
    do {
      let reply: ScanReply;
      try {
        reply = await scanAt(node, cursor);
      } catch (error) {
        if (!followable(error) || walk.slots.length === 0) throw error;
        // Lost: from the start, on whichever node serves the walk's slots now.
        let first: ScanReply | undefined;
        const target = { name: 'SCAN', slot: walk.slots[0], readonly: false };
        node = await followCluster(core, target, async (at) => ((first = await scanAt(at, 0)), at), error);
        reply = first as ScanReply;
        // The rest of its slots elsewhere (a failover keeps them together; a reshard may not).
        const now = await core.nodes.map();
        for (const other of new Set(walk.slots.map((slot) => now.master(slot)))) {
          if (other !== undefined && other !== node && !todo.some((w) => w.node === other)) todo.push({ node: other, slots: now.slotsOf(other) });
        }
      }
      cursor = reply[0];
      yield* reply[1];
    } while (cursor !== 0 && cursor !== '0');
  }
}
