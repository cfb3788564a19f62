import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { DataError, ResponseError } from '@aredis/resp-parser';
import { StrictRedis } from '../src/index.js';

let server: RedisServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('StrictRedis basics', () => {
  it('sets and gets with Buffers by default and strings when decoding', async () => {
    await using raw = new StrictRedis({ host: server.host, port: server.port });
    await using text = new StrictRedis({ host: server.host, port: server.port, decodeResponses: true });
    expect(await raw.set('basics:a', 'héllo')).toBe(true);
    const buffer: Buffer | null = await raw.get('basics:a');
    expect(Buffer.isBuffer(buffer)).toBe(true);
    expect(buffer?.toString()).toBe('héllo');
    const decoded: string | null = await text.get('basics:a');
    expect(decoded).toBe('héllo');
    expect(await text.get('basics:missing')).toBeNull();
  });

  it('sends many concurrent commands on one connection and matches every reply', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port, decodeResponses: true });
    const n = 2000;
    const sets = Array.from({ length: n }, (_, i) => r.set(`basics:many:${i}`, String(i)));
    await Promise.all(sets);
    const values = await Promise.all(Array.from({ length: n }, (_, i) => r.get(`basics:many:${i}`)));
    expect(values).toEqual(Array.from({ length: n }, (_, i) => String(i)));
    expect(r.connectionPool.size).toBe(1);
  });

  it('executeCommand splits a command with a space and applies its callback', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port, decodeResponses: true });
    const config = (await r.executeCommand('CONFIG GET', 'maxmemory-policy')) as Record<string, unknown>;
    expect(config).toEqual({ 'maxmemory-policy': 'noeviction' });
    expect(await r.executeCommand('SET', 'basics:exec', 5)).toBe(true);
    expect(await r.executeCommand('incrby', 'basics:exec', 2)).toBe(7);
  });

  it('rejects bad arguments with DataError before sending, and server errors with ResponseError', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port });
    await expect(r.get(42 as unknown as string)).rejects.toThrow(DataError);
    await expect(r.executeCommand('GET', {} as unknown as string, 'x')).rejects.toThrow(DataError);
    await r.set('basics:str', 'x');
    await expect(r.executeCommand('LPUSH', 'basics:str', 'y')).rejects.toMatchObject({ prefix: 'WRONGTYPE' });
    await expect(r.executeCommand('NOSUCHCOMMAND')).rejects.toBeInstanceOf(ResponseError);
    expect(await r.ping()).toBeTruthy();
  });
});
