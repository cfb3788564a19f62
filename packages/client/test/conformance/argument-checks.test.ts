import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, StrictRedis } from '@aredis/client';
import { PROTOCOLS, useServer } from '../commands/harness.js';

// redis-py raises DataError for a bad argument before anything reaches the server; so does
// this client, for negative counts, bad enum words and flags that are not booleans. The
// server's command statistics show that none of these commands was sent.

const server = useServer();

/** Calls each expected to be refused locally, named by the command the server would have counted. */
const refused: [command: string, call: (r: StrictRedis<true>) => Promise<unknown>][] = [
  ['client|kill', (r) => r.clientKill({ skipme: 'yeah' as never })],
  ['client|kill', (r) => r.clientKill({ type: 'bogus' as never })],
  ['xautoclaim', (r) => r.xautoclaim('s', 'g', 'c', 0, { count: -1 })],
  ['xautoclaim', (r) => r.xautoclaim('s', 'g', 'c', 0, { count: 0 })],
  ['xautoclaim', (r) => r.xautoclaim('s', 'g', 'c', -1)],
  ['xadd', (r) => r.xadd('s', { f: 'v' }, { maxlen: -1 })],
  ['xrange', (r) => r.xrange('s', '-', '+', { count: -3 })],
  ['lpop', (r) => r.lpop('l', -1)],
  ['lmpop', (r) => r.lmpop(['l'], 'LEFT', { count: 0 })],
  ['lmpop', (r) => r.lmpop(['l'], 'MIDDLE' as never)],
  ['spop', (r) => r.spop('s', -2)],
  ['zpopmin', (r) => r.zpopmin('z', -1)],
  ['zunion', (r) => r.zunion(['a', 'b'], { aggregate: 'AVG' as never })],
  ['zrange', (r) => r.zrange('z', 0, -1, { withscores: true, scoreCastFunc: 'float' as never })],
  ['set', (r) => r.set('k', 'v', { ex: 0 })],
  ['set', (r) => r.set('k', 'v', { px: -5 })],
  ['set', (r) => r.set('k', 'v', { nx: 'yes' as never })],
  ['setbit', (r) => r.setbit('b', -1, 1)],
  ['setrange', (r) => r.setrange('k', -1, 'x')],
  ['restore', (r) => r.restore('k', -1, Buffer.from('x'))],
  ['scan', (r) => r.scan(0, { count: 0 })],
  ['georadius', (r) => r.georadius('g', 0, 0, 1, { count: 0 })],
  ['geodist', (r) => r.geodist('g', 'a', 'b', 'yards' as never)],
  ['bitop', (r) => r.bitop('NAND' as never, 'd', 'a')],
];

for (const protocol of PROTOCOLS) {
  describe(`arguments refused before sending (RESP${protocol})`, () => {
    let r: StrictRedis<true>;
    beforeAll(() => {
      r = new StrictRedis({ port: server.port, protocol, decodeResponses: true });
    });
    afterAll(async () => {
      await r.close();
    });

    it.each(refused.map(([command, call], i) => [i, command, call] as const))('#%i %s: DataError, nothing sent', async (_, command, call) => {
      expect(await r.configResetstat()).toBe(true);
      await expect(call(r)).rejects.toBeInstanceOf(DataError);
      const stats = await r.info('commandstats');
      expect(Object.keys(stats)).not.toContain(`cmdstat_${command}`);
      // The check itself can fail: an accepted call shows in the same statistics.
      expect(Object.keys(stats)).toContain('cmdstat_config|resetstat');
    });

    it('the same commands with good arguments are sent', async () => {
      expect(await r.configResetstat()).toBe(true);
      await r.lpop('l', 0);
      await r.xautoclaim('s', 'g', 'c', 0, { count: 1 }).catch(() => undefined); // NOGROUP: sent, refused by the server
      const stats = Object.keys(await r.info('commandstats'));
      expect(stats).toContain('cmdstat_lpop');
      expect(stats).toContain('cmdstat_xautoclaim');
    });
  });
}
