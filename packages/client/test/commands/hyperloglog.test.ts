import { describe, expect, it } from 'vitest';
import { PROTOCOLS, useClients, useServer } from './harness.js';
import { DataError, ResponseError } from '@aredis/resp-parser';
import { StrictRedis } from '@aredis/client';

// Every hyperloglog command (PFDEBUG and PFSELFTEST are not methods) against a real server,
// under RESP3 (the default) and RESP2.

const server = useServer();

describe.each(PROTOCOLS)('hyperloglog commands over RESP%i', (protocol) => {
  let r: StrictRedis<true>;
  const k = (name: string) => `hll:${protocol}:${name}`;

  useClients(server, protocol, (made) => ({ r } = made));

  it('pfadd gives 1 when changed, 0 otherwise; pfcount counts one or a union', async () => {
    expect(await r.pfadd(k('a'), 'x', 'y', 'z')).toBe(1);
    expect(await r.pfadd(k('a'), 'x')).toBe(0);
    expect(await r.pfadd(k('empty'))).toBe(1);
    expect(await r.pfadd(k('b'), 'z', 'w', 7)).toBe(1);
    expect(await r.pfcount(k('a'))).toBe(3);
    expect(await r.pfcount(k('a'), k('b'))).toBe(5);
    expect(await r.pfcount(k('empty'))).toBe(0);
    await r.set(k('str'), 'not a hll');
    await expect(r.pfcount(k('str'))).rejects.toThrow(ResponseError);
    await expect(r.pfcount()).rejects.toThrow(DataError);
  });

  it('pfmerge gives true', async () => {
    await r.pfadd(k('m1'), 'a', 'b');
    await r.pfadd(k('m2'), 'b', 'c');
    expect(await r.pfmerge(k('m'), k('m1'), k('m2'))).toBe(true);
    expect(await r.pfcount(k('m'))).toBe(3);
    expect(await r.pfmerge(k('m'))).toBe(true);
  });
});
