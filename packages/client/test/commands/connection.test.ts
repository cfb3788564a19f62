import { describe, expect, it } from 'vitest';
import { PROTOCOLS, useClients, useServer } from './harness.js';
import { DataError, ResponseError } from '@aredis/resp-parser';
import { StrictRedis } from '@aredis/client';
import { waitUntil } from '@aredis/testing';

// Every connection-group method against a real redis-server (7.0) started here, under RESP3 and
// RESP2. CLIENT NO-TOUCH and CLIENT SETINFO are Redis 7.2 commands: argument tests only
// (packages/commands/test/connection.test.ts), the server here lacks them.

const server = useServer();

/** Waits (@aredis/testing's waitUntil, 2 s) until `ok` holds of what `probe` gives, and returns that. */
async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const held = await waitUntil(what, async () => {
    const v = await probe();
    return ok(v) ? { v } : undefined;
  }, 2_000, 20);
  return held.v;
}

describe.each(PROTOCOLS)('connection commands over RESP%i', (protocol) => {
  let r: StrictRedis<true>;
  let raw: StrictRedis<false>;

  useClients(server, protocol, (made) => ({ r, raw } = made), { confirmProtocol: false });

  it('PING and ECHO', async () => {
    expect(await r.ping()).toBe('PONG');
    expect(await r.ping('hello')).toBe('hello');
    expect(await raw.ping(Buffer.from('bytes'))).toEqual(Buffer.from('bytes'));
    expect(await r.echo('héllo')).toBe('héllo');
    expect(await raw.echo(42)).toEqual(Buffer.from('42'));
    await expect(r.echo(undefined as unknown as string)).rejects.toBeInstanceOf(DataError);
  });

  it('CLIENT ID, INFO, LIST (by type and id), SETNAME, GETNAME', async () => {
    const id = await r.clientId();
    expect(typeof id).toBe('number');
    const info = await r.clientInfo();
    expect(info).toEqual(expect.objectContaining({ id, db: 0, age: expect.any(Number), idle: expect.any(Number), cmd: 'client|info' }));
    expect(info.addr).toMatch(/^127\.0\.0\.1:\d+$/);
    const rawInfo = await raw.clientInfo();
    expect(typeof rawInfo.id).toBe('number');
    expect(await r.clientGetname()).toBeNull();
    expect(await r.clientSetname(`conn-${protocol}`)).toBe(true);
    expect(await r.clientGetname()).toBe(`conn-${protocol}`);
    expect(await raw.clientGetname()).toBeNull();
    const all = await r.clientList();
    expect(all.find((c) => c.id === id)?.name).toBe(`conn-${protocol}`);
    const normal = await r.clientList({ type: 'normal' });
    expect(normal.length).toBeGreaterThan(0);
    expect(await r.clientList({ clientId: [id] })).toEqual([expect.objectContaining({ id, name: `conn-${protocol}` })]);
    await expect(r.clientList({ type: 'bogus' as 'normal' })).rejects.toBeInstanceOf(DataError);
  });

  it('CLIENT KILL by filters and by address', async () => {
    const victim = new StrictRedis<true>({ port: server.port, protocol, decodeResponses: true });
    try {
      const id = await victim.clientId();
      expect(await r.clientKill({ id, skipme: true })).toBe(1);
      expect(await r.clientKill({ id })).toBe(0);
      const addr = (await victim.clientInfo()).addr;
      expect(await r.clientKill(addr)).toBe(true);
      await expect(r.clientKill('127.0.0.1:1')).rejects.toBeInstanceOf(ResponseError);
    } finally {
      await victim.close();
    }
  });

  it('CLIENT PAUSE and UNPAUSE', async () => {
    expect(await r.clientPause(10_000, { all: false })).toBe(true);
    // Reads still run while writes are paused.
    expect(await r.ping()).toBe('PONG');
    expect(await r.clientUnpause()).toBe(true);
    expect(await r.clientPause(1)).toBe(true);
    expect(await r.set(`conn:${protocol}:after-pause`, '1')).toBe(true);
  });

  it('CLIENT TRACKING, TRACKINGINFO, CACHING, GETREDIR', async () => {
    const tracker = new StrictRedis<true>({ port: server.port, protocol, decodeResponses: true });
    try {
      const redirect = protocol === 2 ? { clientId: await r.clientId() } : {};
      expect(await tracker.clientGetredir()).toBe(-1);
      expect(await tracker.clientTracking(true, { ...redirect, optin: true })).toBe(true);
      const info = await tracker.clientTrackinginfo();
      expect(info.flags).toEqual(expect.arrayContaining(['on', 'optin']));
      expect(info.redirect).toBe(protocol === 2 ? redirect.clientId : 0);
      expect(info.prefixes).toEqual([]);
      expect(await tracker.clientGetredir()).toBe(protocol === 2 ? redirect.clientId : 0);
      expect(await tracker.clientCaching(true)).toBe(true);
      expect(await tracker.clientTracking(false)).toBe(true);
      expect(await tracker.clientTracking(true, { ...redirect, bcast: true, prefix: ['a:', 'b:'], noloop: true })).toBe(true);
      const bcast = await tracker.clientTrackinginfo();
      expect(bcast.flags).toEqual(expect.arrayContaining(['on', 'bcast', 'noloop']));
      expect([...bcast.prefixes].sort()).toEqual(['a:', 'b:']);
      expect(await tracker.clientTracking(false)).toBe(true);
      expect((await tracker.clientTrackinginfo()).flags).toEqual(['off']);
      await expect(tracker.clientCaching(true)).rejects.toBeInstanceOf(ResponseError);
    } finally {
      await tracker.close();
    }
  });

  it('CLIENT NO-EVICT', async () => {
    expect(await r.clientNoEvict(true)).toBe(true);
    expect((await r.clientInfo()).flags).toContain('e');
    expect(await r.clientNoEvict(false)).toBe(true);
  });

  it('CLIENT UNBLOCK a blocked BLPOP, by timeout and by error', async () => {
    const blocked = new StrictRedis<true>({ port: server.port, protocol, decodeResponses: true });
    try {
      const findBlocked = async () => (await r.clientList()).find((c) => c.cmd === 'blpop' && String(c.flags).includes('b'));
      const pop = blocked.blpop([`conn:${protocol}:empty`], 0);
      const client = await until(findBlocked, (c) => c !== undefined, 'BLPOP to block');
      expect(await r.clientUnblock(client!.id)).toBe(true);
      expect(await pop).toBeNull();
      const pop2 = blocked.blpop([`conn:${protocol}:empty`], 0);
      const client2 = await until(findBlocked, (c) => c !== undefined, 'BLPOP to block');
      expect(await r.clientUnblock(client2!.id, { error: true })).toBe(true);
      await expect(pop2).rejects.toThrow(/UNBLOCKED/);
      expect(await r.clientUnblock(client2!.id)).toBe(false);
    } finally {
      await blocked.close();
    }
  });

  it('CLIENT HELP', async () => {
    expect((await r.clientHelp()).join('\n')).toMatch(/KILL/);
  });
});
