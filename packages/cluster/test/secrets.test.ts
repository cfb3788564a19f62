import { afterAll, beforeAll, expect, it } from 'vitest';
import { printedForms, startCluster, type RedisCluster } from '@aredis/testing';
import { StrictRedisCluster } from '../src/index.js';

const PASSWORD = 'cluster-pw-51b0-never-printed';

let cluster: RedisCluster;

beforeAll(async () => {
  // An ACL user with a password; the default user stays open for the launcher.
  cluster = await startCluster({ masters: 3, replicasPerMaster: 0, config: [`user app on >${PASSWORD} ~* &* +@all`] });
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

function expectNoSecret(name: string, value: unknown): void {
  for (const form of printedForms(value)) expect(form.includes(PASSWORD), `${name} printed the password: ${form.slice(0, 300)}`).toBe(false);
}

it('the cluster client, its pipeline and its PubSub print without the password, before and after use', async () => {
  const c = new StrictRedisCluster<true>({ startupNodes: [cluster.startupNodes[0]!], username: 'app', password: PASSWORD, decodeResponses: true });
  expectNoSecret('cluster client', c);
  expect(await c.set('secrets:k', 'v')).toBe(true);
  const pipeline = c.pipeline().get('secrets:k');
  expectNoSecret('cluster pipeline', pipeline);
  expect(await pipeline.execute()).toEqual(['v']);
  const pubsub = c.pubsub();
  await pubsub.subscribe('secrets:channel');
  expectNoSecret('cluster pubsub', pubsub);
  await pubsub.close();
  expectNoSecret('cluster client (in use)', c);
  await c.close();
});
