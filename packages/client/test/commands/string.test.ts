import { describe, expect, expectTypeOf, it } from 'vitest';
import { PROTOCOLS, useClients, useServer } from './harness.js';
import { DataError, ResponseError } from '@aredis/resp-parser';
import { StrictRedis } from '@aredis/client';

// Every string command against a real server (7.0), under RESP3 (the default) and RESP2:
// the replies must have the same shape under both.

const server = useServer();

describe.each(PROTOCOLS)('string commands over RESP%i', (protocol) => {
  let r: StrictRedis<true>;
  let raw: StrictRedis<false>;
  const k = (name: string) => `string:${protocol}:${name}`;

  useClients(server, protocol, (made) => ({ r, raw } = made));

  it('set and get, with Buffers when not decoding', async () => {
    expect(await r.set(k('a'), 'va')).toBe(true);
    expect(await r.get(k('a'))).toBe('va');
    expect(await r.get(k('none'))).toBeNull();
    const b = await raw.get(k('a'));
    expect(b).toEqual(Buffer.from('va'));
    expectTypeOf(b).toEqualTypeOf<Buffer | null>();
    await raw.set(k('bin'), Buffer.from([0xff, 0x00, 0x80]));
    expect(await raw.get(k('bin'))).toEqual(Buffer.from([0xff, 0x00, 0x80]));
  });

  it('set options: nx/xx give null when not set, get gives the old value, expiries apply', async () => {
    expect(await r.set(k('s'), 'one', { nx: true })).toBe(true);
    expect(await r.set(k('s'), 'two', { nx: true })).toBeNull();
    expect(await r.set(k('s-missing'), 'x', { xx: true })).toBeNull();
    const old = await r.set(k('s'), 'three', { get: true });
    expect(old).toBe('one');
    expectTypeOf(old).toEqualTypeOf<string | null>();
    expect(await r.set(k('s-new'), 'x', { get: true })).toBeNull();
    await r.set(k('s'), 'four', { ex: 100 });
    expect(await r.ttl(k('s'))).toBeGreaterThan(90);
    await r.set(k('s'), 'five', { keepttl: true });
    expect(await r.ttl(k('s'))).toBeGreaterThan(90);
    await r.set(k('s'), 'six', { px: 100_000 });
    expect(await r.pttl(k('s'))).toBeGreaterThan(90_000);
    const at = new Date(Date.now() + 200_000);
    await r.set(k('s'), 'seven', { exat: at });
    expect(await r.expiretime(k('s'))).toBe(Math.floor(at.getTime() / 1000));
    await r.set(k('s'), 'eight', { pxat: at.getTime() });
    expect(await r.pexpiretime(k('s'))).toBe(at.getTime());
    await expect(r.set(k('s'), 'v', { nx: true, xx: true })).rejects.toThrow(DataError);
  });

  it('append, strlen, getrange, setrange, substr', async () => {
    expect(await r.append(k('ap'), 'Hello')).toBe(5);
    expect(await r.append(k('ap'), ' World')).toBe(11);
    expect(await r.strlen(k('ap'))).toBe(11);
    expect(await r.strlen(k('none'))).toBe(0);
    expect(await r.getrange(k('ap'), 0, 4)).toBe('Hello');
    expect(await r.getrange(k('ap'), -5, -1)).toBe('World');
    expect(await r.setrange(k('ap'), 6, 'Redis')).toBe(11);
    expect(await r.get(k('ap'))).toBe('Hello Redis');
    expect(await r.substr(k('ap'), 6)).toBe('Redis');
    expect(await r.substr(k('ap'), 0, 4)).toBe('Hello');
    expect(await raw.getrange(k('ap'), 0, 0)).toEqual(Buffer.from('H'));
  });

  it('incr, incrby, decr, decrby as numbers; incrbyfloat as a number', async () => {
    expect(await r.incr(k('n'))).toBe(1);
    expect(await r.incr(k('n'), 9)).toBe(10);
    expect(await r.incrby(k('n'), 5)).toBe(15);
    expect(await r.incrby(k('n'))).toBe(16);
    expect(await r.decr(k('n'))).toBe(15);
    expect(await r.decr(k('n'), 5)).toBe(10);
    expect(await r.decrby(k('n'), 20)).toBe(-10);
    const f = await r.incrbyfloat(k('f'), 10.5);
    expect(f).toBe(10.5);
    expectTypeOf(f).toEqualTypeOf<number>();
    expect(await r.incrbyfloat(k('f'), -0.25)).toBe(10.25);
    expect(await raw.incrbyfloat(k('f'))).toBe(11.25);
    await r.set(k('word'), 'abc');
    await expect(r.incr(k('word'))).rejects.toThrow(ResponseError);
  });

  it('getdel, getset, getex with each expiry', async () => {
    await r.set(k('gd'), 'v');
    expect(await r.getdel(k('gd'))).toBe('v');
    expect(await r.getdel(k('gd'))).toBeNull();
    expect(await r.getset(k('gs'), 'one')).toBeNull();
    expect(await r.getset(k('gs'), 'two')).toBe('one');
    expect(await r.getex(k('gs'))).toBe('two');
    expect(await r.getex(k('gs'), { ex: 100 })).toBe('two');
    expect(await r.ttl(k('gs'))).toBeGreaterThan(90);
    expect(await r.getex(k('gs'), { persist: true })).toBe('two');
    expect(await r.ttl(k('gs'))).toBe(-1);
    await r.getex(k('gs'), { px: 100_000 });
    expect(await r.pttl(k('gs'))).toBeGreaterThan(90_000);
    const at = new Date(Date.now() + 300_000);
    await r.getex(k('gs'), { exat: at });
    expect(await r.expiretime(k('gs'))).toBe(Math.floor(at.getTime() / 1000));
    await r.getex(k('gs'), { pxat: at });
    expect(await r.pexpiretime(k('gs'))).toBe(at.getTime());
    expect(await r.getex(k('none'), { ex: 1 })).toBeNull();
    await expect(r.getex(k('gs'), { ex: 1, px: 1 })).rejects.toThrow(/'ex' and 'px'/);
  });

  it('mget, mset (true), msetnx (boolean)', async () => {
    expect(await r.mset({ [k('m1')]: 'a', [k('m2')]: 2 })).toBe(true);
    expect(await r.mget([k('m1'), k('m2'), k('none')])).toEqual(['a', '2', null]);
    expect(await r.mget(k('m1'), k('m2'))).toEqual(['a', '2']);
    expect(await raw.mget([k('m1')], k('m2'))).toEqual([Buffer.from('a'), Buffer.from('2')]);
    expect(await r.msetnx({ [k('m3')]: 'c', [k('m4')]: 'd' })).toBe(true);
    expect(await r.msetnx(new Map([[k('m4'), 'x'], [k('m5'), 'y']]))).toBe(false);
    expect(await r.get(k('m5'))).toBeNull();
    await expect(r.mset({})).rejects.toThrow(DataError);
  });

  it('setex and psetex (true), setnx (boolean)', async () => {
    expect(await r.setex(k('se'), 100, 'v')).toBe(true);
    expect(await r.ttl(k('se'))).toBeGreaterThan(90);
    expect(await r.psetex(k('pse'), 100_000, 'v')).toBe(true);
    expect(await r.pttl(k('pse'))).toBeGreaterThan(90_000);
    expect(await r.setnx(k('snx'), 'v')).toBe(true);
    expect(await r.setnx(k('snx'), 'w')).toBe(false);
    expect(await r.get(k('snx'))).toBe('v');
  });

  it('lcs: the string, its length, and the matches as one object under both protocols', async () => {
    await r.mset({ [k('l1')]: 'ohmytext', [k('l2')]: 'mynewtext' });
    expect(await r.lcs(k('l1'), k('l2'))).toBe('mytext');
    expect(await raw.lcs(k('l1'), k('l2'))).toEqual(Buffer.from('mytext'));
    expect(await r.lcs(k('l1'), k('l2'), { len: true })).toBe(6);
    expect(await r.lcs(k('l1'), k('l2'), { idx: true })).toEqual({
      matches: [
        [[4, 7], [5, 8]],
        [[2, 3], [0, 1]],
      ],
      len: 6,
    });
    expect(await r.lcs(k('l1'), k('l2'), { idx: true, minmatchlen: 4, withmatchlen: true })).toEqual({
      matches: [[[4, 7], [5, 8], 4]],
      len: 6,
    });
  });
});
