import { AbstractConnection, traceBatch } from '@aredis/connection';
import { ready, sendToNode, type ClusterCall, type ClusterCore } from './execute.js';
import { followCluster, followable } from './follow.js';
import type { NodeKey } from './slot-map.js';

/** One command of a plain cluster pipeline as sent: a whole command, or one part of a split one. */
export interface PipelineUnit {
  readonly call: ClusterCall;
  /** undefined: keyless (any master). */
  readonly slot: number | undefined;
}

/**
 * Sends the units of a plain pipeline: grouped by the node each goes to (its slot's master, or
 * the node the readFrom policy picks for a read-only command), each group in one write, the
 * groups in parallel. Units answered with a redirection or a wait (MOVED, ASK, TRYAGAIN,
 * CLUSTERDOWN, LOADING) or whose node was lost are sent again one by one, in call order (so
 * their order on a key holds), each following the cluster as a single command does. Resolves
 * with one raw result a unit: the shaped reply or the Error.
 */
export async function sendUnits(core: ClusterCore, units: readonly PipelineUnit[]): Promise<unknown[]> {
  const map = await core.nodes.map();
  const masters = map.masters();
  const router = core.nodes.router;
  const groups = new Map<NodeKey, number[]>();
  const results = new Array<unknown>(units.length);
  const retry: number[] = [];
  units.forEach(({ slot, call }, i) => {
    let node: NodeKey | undefined;
    try {
      node = slot === undefined ? masters[Math.floor(Math.random() * masters.length)] : router.pick(map, slot, call.readonly);
    } catch (error) {
      results[i] = error; // a readFrom function that returned a wrong node
      return;
    }
    if (node === undefined) {
      retry.push(i);
      return;
    }
    let group = groups.get(node);
    if (group === undefined) groups.set(node, (group = []));
    group.push(i);
  });
  await Promise.all(
    [...groups].map(async ([node, indexes]) => {
      let connection: AbstractConnection;
      try {
        const got = core.nodes.pool(node).getConnection();
        connection = await ready(got instanceof AbstractConnection ? got : await got);
      } catch (error) {
        for (const i of indexes) results[i] = error;
        return;
      }
      // All in one tick: one write to the node (one `aredis:batch` trace a node).
      await traceBatch(connection, indexes.length, false, () =>
        Promise.all(
          indexes.map((i) => {
            const { call } = units[i] as PipelineUnit;
            return connection.send(call.args, call.sendOptions, core.callbacks.get(call.name), call.callOptions).then(
              (reply) => (results[i] = reply),
              (error: unknown) => (results[i] = error),
            );
          }),
        ),
      );
    }),
  );
  const unplaced = new Set(retry);
  for (let i = 0; i < units.length; i++) if (!unplaced.has(i) && followable(results[i])) retry.push(i);
  retry.sort((a, b) => a - b);
  for (const i of retry) {
    const { call, slot } = units[i] as PipelineUnit;
    const target = { name: call.name, slot, readonly: call.readonly };
    const attempt = (node: NodeKey, asking: boolean): Promise<unknown> => sendToNode(core, node, call, asking);
    try {
      // A unit no node took has no first error: it simply starts.
      results[i] = unplaced.has(i) ? await followCluster(core, target, attempt) : await followCluster(core, target, attempt, results[i]);
    } catch (error) {
      results[i] = error;
    }
  }
  return results;
}
