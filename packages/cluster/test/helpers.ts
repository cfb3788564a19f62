import type { ClusterNode, RedisCluster } from '@aredis/testing';
import { keySlot, nodeKey, type StrictRedisCluster } from '../src/index.js';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `count` keys named `prefix<i>` whose slots `node` serves now (by the client's map). */
export async function keysServedBy(c: StrictRedisCluster<boolean>, node: ClusterNode, prefix: string, count: number): Promise<string[]> {
  const map = await c.slotMap();
  const key = nodeKey(node.host, node.port);
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) if (map.master(keySlot(`${prefix}${i}`)) === key) out.push(`${prefix}${i}`);
  return out;
}

/** A hash tag whose slot `node` serves: `{tag}` keys all live there. */
export async function tagServedBy(c: StrictRedisCluster<boolean>, node: ClusterNode, prefix: string): Promise<string> {
  const [key] = await keysServedBy(c, node, prefix, 1);
  return `{${key as string}}`;
}

/** What one loop of operations saw: when each ended and whether it succeeded. */
export class OpLog {
  readonly entries: { at: number; ok: boolean }[] = [];
  readonly errors: unknown[] = [];

  ok(): void {
    this.entries.push({ at: Date.now(), ok: true });
  }
  failed(error: unknown): void {
    this.errors.push(error);
    this.entries.push({ at: Date.now(), ok: false });
  }
  /** Successes that ended after `at`. */
  okAfter(at: number): number {
    return this.entries.filter((e) => e.ok && e.at > at).length;
  }
  /** Failures that ended after `at`. */
  failedAfter(at: number): number {
    return this.entries.filter((e) => !e.ok && e.at > at).length;
  }
  /** The first success that ended after `at` (ms since the epoch), if any. */
  firstOkAfter(at: number): number | undefined {
    return this.entries.find((e) => e.ok && e.at > at)?.at;
  }
  /** The longest time between two successes in a row (ms). */
  longestGap(): number {
    return this.#gap().ms;
  }
  /** When the longest gap ended: the success that closed it (ms since the epoch). */
  resumedAt(): number {
    return this.#gap().endedAt;
  }
  #gap(): { ms: number; endedAt: number } {
    let gap = { ms: 0, endedAt: NaN };
    let previous: number | undefined;
    for (const e of this.entries) {
      if (!e.ok) continue;
      if (previous !== undefined && e.at - previous > gap.ms) gap = { ms: e.at - previous, endedAt: e.at };
      previous = e.at;
    }
    return gap;
  }
}

/** Runs `step(i)` again and again until `stop()` says so, logging each outcome. */
export function loop(log: OpLog, stop: () => boolean, step: (i: number) => Promise<void>): Promise<void> {
  return (async () => {
    for (let i = 0; !stop(); i++) {
      try {
        await step(i);
        log.ok();
      } catch (error) {
        log.failed(error);
      }
      await sleep(2);
    }
  })();
}

/** The master serving `slot` now, as the running servers say. */
export async function ownerOf(cluster: RedisCluster, slot: number): Promise<ClusterNode> {
  await cluster.refresh();
  const { rawCommand } = await import('@aredis/testing');
  const reply = (await rawCommand(cluster.masters()[0]!, ['CLUSTER', 'SLOTS'])) as [number, number, [string, number]][];
  const range = reply.find(([start, end]) => start <= slot && slot <= end)!;
  return cluster.nodes.find((n) => n.port === range[2][1])!;
}
