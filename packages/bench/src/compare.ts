/**
 * Before and after in one run: with `AREDIS_BEFORE=<dir>` (a built checkout of an earlier
 * commit, made by `pnpm bench:compare <ref>`), clients.ts also drives that commit's aredis with
 * the TypeScript parser as one more client, "aredis before (ts parser)", and RESULTS.md gets a
 * table of after ÷ before for every scenario. The earlier build is loaded from its own
 * dist files, so both versions run side by side in this process against the same server.
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { aredisPeer, type AredisLike, type Peer } from './peers.js';
import type { Table } from './report.js';

export const BEFORE = 'aredis before (ts parser)';
export const AFTER = 'aredis (ts parser)';

/** The earlier build's StrictRedis: its own types are not ours. */
type EarlierClientClass = new (options: Record<string, unknown>) => AredisLike;

/** The earlier build's client as a Peer, or undefined without AREDIS_BEFORE. */
export async function beforePeer(port: number, dir = process.env.AREDIS_BEFORE): Promise<Peer | undefined> {
  if (dir === undefined || dir === '') return undefined;
  const entry = pathToFileURL(join(dir, 'packages', 'client', 'dist', 'index.js')).href;
  const parserEntry = pathToFileURL(join(dir, 'packages', 'resp-parser', 'dist', 'index.js')).href;
  const { StrictRedis } = (await import(entry)) as { StrictRedis: EarlierClientClass };
  const { RespParser } = (await import(parserEntry)) as { RespParser: unknown };
  return aredisPeer(BEFORE, new StrictRedis({ port, decodeResponses: true, parserClass: RespParser }), new StrictRedis({ port, parserClass: RespParser }));
}

/** One row a scenario: before, after, and after ÷ before (what "nothing else gets slower" asks). */
export function beforeAfterTable(table: Table, before = BEFORE, after = AFTER): string {
  const lines = ['| scenario | before | after | after ÷ before |', '|---|---:|---:|---:|'];
  for (const [scenario, row] of Object.entries(table)) {
    const b = row[before];
    const a = row[after];
    if (b === undefined || a === undefined) continue;
    const ratio = b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a';
    lines.push(`| ${scenario} | ${Math.round(b).toLocaleString('en-US')} | ${Math.round(a).toLocaleString('en-US')} | ${ratio} |`);
  }
  return lines.join('\n');
}
