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

/** Polls `check` every 20 ms until it holds; throws after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** CLUSTER SETSLOT IMPORTING on `to`, MIGRATING on `from`: the slot is migrating. */
export async function startMigration(slot: number, from: ClusterNode, to: ClusterNode): Promise<void> {
  const { rawCommand } = await import('@aredis/testing');
  await rawCommand(to, ['CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', from.id]);
  await rawCommand(from, ['CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', to.id]);
}

/** MIGRATE one key from `from` to `to`. */
export async function migrateKey(from: ClusterNode, to: ClusterNode, key: string): Promise<void> {
  const { rawCommand } = await import('@aredis/testing');
  await rawCommand(from, ['MIGRATE', to.host, String(to.port), key, '0', '5000']);
}

/** CLUSTER SETSLOT NODE on every master: the slot is `to`'s. */
export async function assignSlot(cluster: RedisCluster, slot: number, to: ClusterNode): Promise<void> {
  const { rawCommand } = await import('@aredis/testing');
  for (const master of cluster.masters()) await rawCommand(master, ['CLUSTER', 'SETSLOT', String(slot), 'NODE', to.id]);
}

/** Moves `slot` with its `keys` from `from` to `to`, as a reshard does. */
export async function moveSlot(cluster: RedisCluster, slot: number, from: ClusterNode, to: ClusterNode, keys: readonly string[]): Promise<void> {
  await startMigration(slot, from, to);
  for (const key of keys) await migrateKey(from, to, key);
  await assignSlot(cluster, slot, to);
}
