import type { SendOptions } from '@aredis/connection';
import { sendOptionsOf, type AnyCommandSpec, type CallOptions } from '@aredis/commands';
import { isBlocking } from '@aredis/pipeline';
import { MovedError, type CommandArg } from '@aredis/resp-parser';
import { TooManyRedirectionsError } from './errors.js';
import { followable } from './follow.js';
import { sleep } from './timeouts.js';
import { runRouted, sendToNode, type ClusterCall, type ClusterCore } from './execute.js';
import { FANOUT, mergeReplies, type FanoutRule } from './fanout.js';
import { commandSlot, slotsByIndex } from './routing.js';
import { mergeParts, splitBySlot } from './split.js';

/** The call of a built command. */
export function makeCall(
  name: string,
  args: readonly CommandArg[],
  spec: AnyCommandSpec | undefined,
  callOptions: CallOptions,
  sendOptions: SendOptions | undefined,
): ClusterCall {
  return {
    name,
    args,
    callOptions,
    sendOptions: sendOptionsOf(spec, sendOptions),
    readonly: spec?.readonly === true,
    blocking: isBlocking(spec, args),
  };
}

/**
 * Where a command goes, decided from its built arguments: keyless ones by the FANOUT table
 * (else a random master); splittable multi-key ones across slots in parts (split.ts); the rest
 * to the node of their one slot (CrossSlotError, nothing sent, when the keys span slots).
 */
export function runCommand(core: ClusterCore, call: ClusterCall): Promise<unknown> {
  const args = call.args;
  const slots = slotsByIndex(args);
  if (slots.size === 0) {
    const rule = FANOUT[call.name];
    return rule === undefined ? runRouted(core, call, undefined) : fanout(core, call, rule);
  }
  const parts = splitBySlot(call.name, args, slots);
  if (parts !== undefined) {
    return Promise.all(parts.map((part) => runRouted(core, { ...call, args: part.args }, part.slot))).then((replies) =>
      mergeParts(call.name, parts, replies),
    );
  }
  let slot: number | undefined;
  try {
    slot = commandSlot(args, slots);
  } catch (error) {
    return Promise.reject(error);
  }
  return runRouted(core, call, slot);
}

/**
 * A keyless command sent to several nodes (or to the one its slot argument names), merged.
 * When a node is lost (or the cluster is down), the map is reloaded and the command sent again
 * to the nodes it lists then (every command of the table may run twice), within `retryTimeout`.
 */
async function fanout(core: ClusterCore, call: ClusterCall, rule: FanoutRule): Promise<unknown> {
  if (rule.target === 'slot') return runRouted(core, call, Number(call.args[2]));
  if (rule.target === 'random') return runRouted(core, call, undefined);
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const map = await core.nodes.map();
    const targets = rule.target === 'all-masters' ? map.masters() : map.nodes();
    try {
      const replies = await Promise.all(targets.map((node) => sendToNode(core, node, call)));
      return mergeReplies(rule.merge, new Map(targets.map((node, i) => [node, replies[i]])));
    } catch (error) {
      if (!followable(error) || error instanceof MovedError) throw error;
      const wait = core.backoff(attempt);
      if (Date.now() + wait - started > core.retryTimeout()) {
        throw new TooManyRedirectionsError(
          `${call.name}: gave up after ${((Date.now() - started) / 1000).toFixed(1)} s waiting for every node (retryTimeout ${core.retryTimeout() / 1000} s; last: ${(error as Error).message})`,
          { cause: error },
        );
      }
      await Promise.all([core.nodes.refresh().catch(() => undefined), sleep(wait)]);
    }
  }
}
