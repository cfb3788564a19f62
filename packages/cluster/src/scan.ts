import type { SendOptions } from '@aredis/connection';
import { COMMANDS, type AnyCommandSpec, type KeyScanIterOptions } from '@aredis/commands';
import type { CommandArg } from '@aredis/resp-parser';
import { sendToNode, type ClusterCore } from './execute.js';
import { makeCall } from './route.js';

const SCAN = (COMMANDS as unknown as Record<string, AnyCommandSpec>).scan as AnyCommandSpec;
const buildScan = SCAN.build as (cursor: number | string, options: KeyScanIterOptions) => CommandArg[];

/**
 * Every key of the cluster: SCAN to the end on each master in turn (masters as the slot map
 * lists them when the walk starts). A key moved between masters during the walk may be seen
 * twice or not at all, as a slot migration allows.
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
  const map = await core.nodes.map();
  for (const node of map.masters()) {
    let cursor: number | string = 0;
    do {
      const args = buildScan(cursor, page);
      const reply = (await sendToNode(core, node, makeCall('SCAN', args, SCAN, page as Readonly<Record<string, unknown>>, sendOptions))) as [number | string, unknown[]];
      cursor = reply[0];
      yield* reply[1];
    } while (cursor !== 0 && cursor !== '0');
  }
}
