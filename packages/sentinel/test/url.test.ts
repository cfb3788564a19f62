import { describe, expect, it } from 'vitest';
import { DataError } from '@aredis/client';
import { Sentinel, SentinelConnectionPool, parseSentinelUrl } from '../src/index.js';
import { parseSwitchMaster } from '../src/replies.js';

describe('parseSentinelUrl', () => {
  it('sentinels, service name, db, credentials of the data servers', () => {
    expect(parseSentinelUrl('redis+sentinel://u%40x:p%2Fw@h1:26380,h2,[::1]:26381/mymaster/2')).toEqual({
      sentinels: [['h1', 26380], ['h2', 26379], ['::1', 26381]],
      serviceName: 'mymaster',
      own: {},
      data: { db: 2, username: 'u@x', password: 'p/w' },
    });
    expect(parseSentinelUrl('redis+sentinel://h').serviceName).toBeUndefined();
    expect(parseSentinelUrl('redis+sentinel://:pw@h/m').data).toEqual({ password: 'pw' });
  });

  it('rediss+sentinel:// is TLS to the data servers and to the sentinels', () => {
    const parsed = parseSentinelUrl('rediss+sentinel://h/m?sentinelSsl=no');
    expect(parsed.data.ssl).toBe(true);
    expect(parsed.own.sentinelOptions).toEqual({ ssl: false });
    expect(parseSentinelUrl('rediss+sentinel://h/m').own.sentinelOptions).toEqual({ ssl: true });
  });

  it('query: the sentinels\' own parameters (camelCase or snake_case), the rest are data connection options', () => {
    const parsed = parseSentinelUrl(
      'redis+sentinel://h/m?sentinel_username=watcher&sentinelPassword=s%26cret&min_other_sentinels=1&updateSentinels=false&watchFailovers=0&clientName=app&protocol=2&decode_responses=true',
    );
    expect(parsed.own).toEqual({ minOtherSentinels: 1, updateSentinels: false, watchFailovers: false, sentinelOptions: { username: 'watcher', password: 's&cret' } });
    expect(parsed.data).toEqual({ clientName: 'app', protocol: 2, decodeResponses: true });
  });

  it('bad URLs are DataErrors that never repeat the URL (it may hold a password)', () => {
    const bad = [
      'redis://h/m',
      'redis+sentinel://',
      'redis+sentinel://:secret@/m',
      'redis+sentinel://:secret@h:99999/m',
      'redis+sentinel://:secret@h/m/x',
      'redis+sentinel://:secret@h/m/1/2',
      'redis+sentinel://:secret@h/m?nope=1',
      'redis+sentinel://:secret@h/m?minOtherSentinels=-1',
      'redis+sentinel://:secret@h/m?sentinelSsl=maybe',
      'redis+sentinel://:%E0%A4%A@h/m',
    ];
    for (const url of bad) {
      const error = (() => {
        try {
          parseSentinelUrl(url);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, url).toBeInstanceOf(DataError);
      expect((error as Error).message, url).not.toContain('secret');
      expect((error as Error).message, url).not.toContain('%E0');
    }
  });
});

describe('Sentinel.fromUrl / masterFromUrl / replicaFromUrl', () => {
  it('fromUrl: the URL gives the sentinels, the data options and the service name; options win', async () => {
    const sentinel = Sentinel.fromUrl('redis+sentinel://:pw@127.0.0.1:26390,127.0.0.1:26391/svc/3?sentinelPassword=sp', {
      db: 4,
      sentinelOptions: { username: 'watcher' },
    });
    expect(sentinel.serviceName).toBe('svc');
    expect(sentinel.sentinelAddresses).toEqual([['127.0.0.1', 26390], ['127.0.0.1', 26391]]);
    expect(sentinel.connectionOptions).toMatchObject({ password: 'pw', db: 4 });
    const sentinelOptions = sentinel.sentinels[0]?.connectionPool.connectionOptions;
    expect([sentinelOptions?.username, sentinelOptions?.password]).toEqual(['watcher', 'sp']);
    await sentinel.close();
  });

  it('masterFromUrl / replicaFromUrl: a client of the URL\'s service; a URL without one is refused', async () => {
    const master = Sentinel.masterFromUrl('redis+sentinel://127.0.0.1:26390/svc', { decodeResponses: true });
    const pool = master.connectionPool as SentinelConnectionPool;
    expect([pool.serviceName, pool.isMaster]).toEqual(['svc', true]);
    const replica = Sentinel.replicaFromUrl('rediss+sentinel://127.0.0.1:26390/svc');
    expect([(replica.connectionPool as SentinelConnectionPool).isMaster, (replica.connectionPool as SentinelConnectionPool).ssl]).toEqual([false, true]);
    expect(() => Sentinel.masterFromUrl('redis+sentinel://127.0.0.1:26390')).toThrow(/names no service/);
    await Promise.all([master.close(), replica.close()]);
  });
});

describe('+switch-master messages', () => {
  it('five words with two ports; anything else is not one', () => {
    expect(parseSwitchMaster('mymaster 127.0.0.1 6380 127.0.0.1 6381')).toEqual({ name: 'mymaster', from: ['127.0.0.1', 6380], to: ['127.0.0.1', 6381] });
    for (const text of ['', 'mymaster 127.0.0.1 6380 127.0.0.1', 'm h 0 h 1', 'm h 1 h 70000', 'm h x h 1', 'm h 1 h 1 extra']) {
      expect(parseSwitchMaster(text), text).toBeUndefined();
    }
  });
});
