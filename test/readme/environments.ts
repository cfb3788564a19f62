/**
 * What a README block runs against, named by an attribute of its info string:
 *   (default)       a throwaway redis-server; localhost:6379 / 127.0.0.1:6379 lead to it
 *   password=<pw>   the same with `requirepass <pw>`
 *   cluster         a 3-master, 3-replica cluster; *:7000-7005 and 10.0.0.1-6:7000 lead to its nodes
 *   sentinel-tls    a master, 2 replicas and 3 sentinels, TLS everywhere, ACL users app/data-secret
 *                   (data) and watcher/sentinel-secret (sentinels); *:26379-26381 and
 *                   10.0.0.1-3:26379 lead to the sentinels; ca.pem (the CA that signed every
 *                   certificate) in the block's folder
 *   none            no server (the block starts its own or needs none)
 * and what a fragment continues from (`given=r`: the client `r` of the README's first block,
 * `given=c`: the cluster client `c`), declared before it and closed after it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, startSentinel, startServer } from '@aredis/testing';

export interface Environment {
  /** host:port (or *:port) → 127.0.0.1:port, for test/readme/redirect.mjs. */
  readonly redirect: Record<string, string>;
  stop(): Promise<void>;
}

const to = (port: number): string => `127.0.0.1:${port}`;

const GIVEN: Record<string, { before: string; after: string }> = {
  r: {
    before: "import { StrictRedis as GivenStrictRedis } from '@aredis/client';\nconst r = new GivenStrictRedis({ decodeResponses: true });\n",
    after: '\nawait r.close();\n',
  },
  c: {
    before: "import { StrictRedisCluster as GivenCluster } from '@aredis/cluster';\nconst c = new GivenCluster({ startupNodes: [{ host: '10.0.0.1', port: 7000 }], decodeResponses: true });\n",
    after: '\nawait c.close();\n',
  },
};

/** The block's code with what its `given=` attribute says it continues from. */
export function withGiven(code: string, attributes: readonly string[]): string {
  const given = attributes.find((a) => a.startsWith('given='))?.slice('given='.length);
  if (given === undefined) return code;
  const prelude = GIVEN[given];
  if (prelude === undefined) throw new Error(`unknown given=${given} (known: ${Object.keys(GIVEN).join(', ')})`);
  return `${prelude.before}${code}${prelude.after}`;
}

export async function startEnvironment(attributes: readonly string[], folder: string): Promise<Environment> {
  if (attributes.includes('none') || attributes.includes('vitest')) return { redirect: {}, stop: async () => {} };
  if (attributes.includes('cluster')) {
    const cluster = await startCluster({ masters: 3, replicasPerMaster: 1 });
    const redirect: Record<string, string> = {};
    cluster.nodes.forEach((node, i) => {
      redirect[`*:${7000 + i}`] = to(node.port);
      redirect[`10.0.0.${i + 1}:7000`] = to(node.port);
    });
    return { redirect, stop: () => cluster.stop() };
  }
  if (attributes.includes('sentinel-tls')) {
    const set = await startSentinel({
      tls: true,
      dataAuth: { username: 'app', password: 'data-secret' },
      sentinelAuth: { username: 'watcher', password: 'sentinel-secret' },
    });
    writeFileSync(join(folder, 'ca.pem'), set.tls!.ca);
    const redirect: Record<string, string> = {};
    set.sentinelAddresses.forEach(([, port], i) => {
      redirect[`*:${26379 + i}`] = to(port);
      redirect[`10.0.0.${i + 1}:26379`] = to(port);
    });
    return { redirect, stop: () => set.stop() };
  }
  const password = attributes.find((a) => a.startsWith('password='))?.slice('password='.length);
  const server = await startServer(password === undefined ? {} : { requirepass: password });
  return { redirect: { '*:6379': to(server.port) }, stop: () => server.stop() };
}
