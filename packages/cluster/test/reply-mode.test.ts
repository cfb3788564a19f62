import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type RedisCluster } from '@aredis/testing';
import { StrictRedisCluster } from '../src/index.js';

// The command declarations' reply modes through the cluster client: DUMP stays binary on a
// decoding client (on the client, in a pipeline, in a one-slot transaction) and mget([]) is
// answered without asking any node.

let cluster: RedisCluster;
let c: StrictRedisCluster<true>;
let raw: StrictRedisCluster<false>;
const binary = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0xc3, 0x28]);

beforeAll(async () => {
  cluster = await startCluster({ masters: 3 });
  c = new StrictRedisCluster<true>({ startupNodes: cluster.startupNodes, decodeResponses: true });
  raw = new StrictRedisCluster<false>({ startupNodes: cluster.startupNodes });
  await raw.set('{m}bin', binary);
}, 60_000);
afterAll(async () => {
  await c?.close();
  await raw?.close();
  await cluster?.stop();
});

describe('reply modes on the cluster client', () => {
  it('DUMP is a Buffer on a decoding cluster client, in pipelines too', async () => {
    const expected = await raw.dump('{m}bin');
    expect(Buffer.isBuffer(expected)).toBe(true);
    expect(await c.dump('{m}bin')).toEqual(expected);
    await c.set('{m}text', 'é');
    expect(await c.pipeline().dump('{m}bin').get('{m}text').execute()).toEqual([expected, 'é']);
    expect(await c.pipeline({ transaction: true }).dump('{m}bin').get('{m}text').execute()).toEqual([expected, 'é']);
  });

  it('mget([]) is [] on the client and in its place in a pipeline', async () => {
    expect(await c.mget([])).toEqual([]);
    expect(await c.pipeline().get('{m}text').mget([]).get('{m}text').execute()).toEqual(['é', [], 'é']);
    expect(await c.pipeline().mget([]).execute()).toEqual([[]]);
  });
});
