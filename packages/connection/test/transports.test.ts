import { connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { AuthenticationError } from '@aredis/resp-parser';
import {
  AbstractConnection,
  Connection,
  TlsConnection,
  UnixDomainSocketConnection,
  whenConnected,
  type ConnectionOptions,
} from '../src/index.js';

describe('UnixDomainSocketConnection', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startServer({ unixSocket: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('talks to the server over its unix socket', async () => {
    await using c = new UnixDomainSocketConnection({ path: server.socketPath as string, decodeResponses: true, db: 1 });
    expect(await c.send(['SET', 'unix:k', 'v'])).toBe('OK');
    expect(await c.send(['GET', 'unix:k'])).toBe('v');
    expect(String(await c.send(['CLIENT', 'INFO']))).toMatch(/ db=1 /);
    expect(c.description).toBe(server.socketPath);
  });

  it('is the override point: a custom class may make any Duplex', async () => {
    class ViaUnixSocket extends AbstractConnection {
      opened = 0;
      constructor(readonly socketPath: string, options: ConnectionOptions = {}) {
        super(options);
      }
      get description(): string {
        return `custom:${this.socketPath}`;
      }
      protected createSocket(signal: AbortSignal): Promise<Duplex> {
        this.opened++;
        return whenConnected(netConnect(this.socketPath), 'connect', signal);
      }
    }
    await using c = new ViaUnixSocket(server.socketPath as string, { decodeResponses: true });
    expect(await c.send(['ECHO', 'custom'])).toBe('custom');
    expect(c.opened).toBe(1);
  });
});

describe('TlsConnection', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startServer({ tls: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('connects with the CA and verifies the certificate', async () => {
    const tls = server.tls!;
    await using c = new TlsConnection({
      host: server.host,
      port: server.port,
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
      servername: tls.servername,
      decodeResponses: true,
    });
    expect(await c.send(['PING'])).toBe('PONG');
  });

  it('refuses a server whose certificate it cannot verify', async () => {
    await using c = new TlsConnection({ host: server.host, port: server.port, retry: false, socketConnectTimeout: 5 });
    await expect(c.send(['PING'])).rejects.toMatchObject({ code: 'AREDIS_ERR_CONNECTION' });
  });
});

describe('authentication', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startServer({
      requirepass: 'top-secret',
      users: [{ name: 'app', password: 'app-pass', rules: '~app:* +@all' }],
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('authenticates the default user with a password (HELLO and RESP2 AUTH)', async () => {
    for (const protocol of [3, 2] as const) {
      await using c = new Connection({ host: server.host, port: server.port, password: 'top-secret', protocol });
      expect(await c.send(['PING'])).toBe('PONG');
    }
  });

  it('authenticates an ACL user and gets its permissions', async () => {
    await using c = new Connection({
      host: server.host,
      port: server.port,
      username: 'app',
      password: 'app-pass',
      decodeResponses: true,
    });
    expect(await c.send(['ACL', 'WHOAMI'])).toBe('app');
    expect(await c.send(['SET', 'app:x', '1'])).toBe('OK');
    await expect(c.send(['SET', 'other:x', '1'])).rejects.toMatchObject({ prefix: 'NOPERM' });
  });

  it('fails with AuthenticationError on a wrong password, without retrying', async () => {
    await using c = new Connection({ host: server.host, port: server.port, username: 'app', password: 'wrong' });
    let reconnects = 0;
    c.on('reconnecting', () => reconnects++);
    await expect(c.send(['PING'])).rejects.toBeInstanceOf(AuthenticationError);
    expect(reconnects).toBe(0);
  });
});
