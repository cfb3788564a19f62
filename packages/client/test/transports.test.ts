import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { AuthenticationError } from '@aredis/resp-parser';
import { StrictRedis, TlsConnection } from '../src/index.js';

describe('StrictRedis over TLS', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startServer({ tls: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('connects to a rediss:// URL with the CA given', async () => {
    const tls = server.tls!;
    await using r = StrictRedis.fromUrl(server.url, { ca: tls.ca, servername: tls.servername, decodeResponses: true });
    expect(r.connectionPool.connectionClass).toBe(TlsConnection);
    expect(await r.set('tls:k', 'secret')).toBe(true);
    expect(await r.get('tls:k')).toBe('secret');
  });

  it('connects with ssl: true and host/port options', async () => {
    const tls = server.tls!;
    await using r = new StrictRedis({ host: server.host, port: server.port, ssl: true, ca: tls.ca, decodeResponses: true });
    expect(await r.echo('over tls')).toBe('over tls');
  });
});

describe('StrictRedis with an ACL user', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startServer({ users: [{ name: 'reader', password: 'r-pass', rules: '~* +@read +ping +hello' }] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('logs in as the user from the URL and gets its permissions', async () => {
    await using r = StrictRedis.fromUrl(`redis://reader:r-pass@${server.host}:${server.port}/0`, { decodeResponses: true });
    expect(await r.get('acl:none')).toBeNull();
    await expect(r.set('acl:k', 'v')).rejects.toMatchObject({ prefix: 'NOPERM' });
  });

  it('rejects a wrong password with AuthenticationError', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port, username: 'reader', password: 'nope' });
    await expect(r.ping()).rejects.toBeInstanceOf(AuthenticationError);
  });
});
