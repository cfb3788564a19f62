import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printedForms, startServer, type RedisServer } from '@aredis/testing';
import { DataError } from '@aredis/resp-parser';
import {
  BlockingConnectionPool,
  Connection,
  ConnectionPool,
  StrictRedis,
  TlsConnection,
  UnixDomainSocketConnection,
} from '../src/index.js';

const PASSWORD = 'pw-3f9a-never-printed';
const PASSPHRASE = 'passphrase-77c1-never-printed';
const KEY = 'KEY-9d2e-never-printed';

let server: RedisServer;
let tlsServer: RedisServer;

beforeAll(async () => {
  server = await startServer({ requirepass: PASSWORD, unixSocket: true });
  tlsServer = await startServer({ tls: { authClients: 'yes' }, requirepass: PASSWORD });
});
afterAll(async () => {
  await server?.stop();
  await tlsServer?.stop();
});

/** Fails naming the object and the form when a secret shows in any printed form of `value`. */
function expectNoSecret(name: string, value: unknown, secrets: readonly string[] = [PASSWORD, PASSPHRASE, KEY]): void {
  for (const form of printedForms(value)) {
    for (const secret of secrets) expect(form.includes(secret), `${name} printed ${secret}: ${form.slice(0, 300)}`).toBe(false);
  }
}

describe('secrets are never printed', () => {
  it('the client, its pools and every connection class, before and after use', async () => {
    const r = new StrictRedis({ host: server.host, port: server.port, password: PASSWORD });
    const pool = new ConnectionPool({ host: server.host, port: server.port, password: PASSWORD });
    const blocking = new BlockingConnectionPool({ host: server.host, port: server.port, password: PASSWORD, timeout: 1 });
    const tcp = new Connection({ host: server.host, port: server.port, password: PASSWORD });
    const unix = new UnixDomainSocketConnection({ path: server.socketPath as string, password: PASSWORD });
    const tls = tlsServer.tls!;
    const secure = new TlsConnection({
      host: tlsServer.host,
      port: tlsServer.port,
      password: PASSWORD,
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
      servername: tls.servername,
      tls: { passphrase: PASSPHRASE },
    });
    const keyed = new TlsConnection({ port: 1, key: KEY, tls: { key: KEY, pfx: Buffer.from(KEY), passphrase: PASSPHRASE } });
    const objects = { r, pool, blocking, tcp, unix, secure, keyed, urlClient: StrictRedis.fromUrl(server.url) };
    for (const [name, value] of Object.entries(objects)) expectNoSecret(name, value, [PASSWORD, PASSPHRASE, KEY, tls.key]);
    // In use: connected, with commands answered.
    expect(await r.ping()).toBe('PONG');
    await (await pool.acquire()).send(['PING']);
    await (await blocking.acquire()).send(['PING']);
    for (const c of [tcp, unix, secure]) expect(await c.send(['PING'])).toBe('PONG');
    for (const [name, value] of Object.entries(objects)) expectNoSecret(`${name} (in use)`, value, [PASSWORD, PASSPHRASE, KEY, tls.key]);
    expectNoSecret('connection.options', tcp.options);
    expectNoSecret('TLS options', secure.options.tls);
    expectNoSecret('TLS options', keyed.options.tls);
    expect(secure.options.password).toBe(PASSWORD); // still readable as it is
    expectNoSecret('pool.connectionOptions', pool.connectionOptions);
    expect(JSON.parse(JSON.stringify(pool)).connectionOptions.password).toBe('[redacted]');
    await Promise.all([r.close(), pool.disconnect(), blocking.disconnect(), tcp.disconnect(), unix.disconnect(), secure.disconnect(), keyed.disconnect()]);
  });

  it('a pipeline, a watched pipeline, PubSub, Monitor and a lock, in use', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port, password: PASSWORD, decodeResponses: true });
    const pipeline = r.pipeline().set('secrets:k', 'v').get('secrets:k');
    expectNoSecret('pipeline', pipeline);
    await pipeline.execute();
    const watched = await r.pipeline().watch('secrets:k');
    expectNoSecret('watched pipeline', watched);
    await watched.reset();
    const pubsub = r.pubsub();
    await pubsub.subscribe('secrets:channel');
    expectNoSecret('pubsub', pubsub);
    await pubsub.close();
    const monitor = await r.monitor();
    expectNoSecret('monitor', monitor);
    await monitor.close();
    const lock = r.lock('secrets:lock', { timeout: 5 });
    expect(await lock.acquire()).toBe(true);
    expectNoSecret('lock', lock);
    await lock.release();
  });

  it('a malformed URL is quoted with its user information masked', () => {
    for (const url of [`redis://:${PASSWORD}@127.0.0.1:99999`, `redis://user:${PASSWORD}@[::1`, `unix://user:${PASSWORD}@`]) {
      let error: unknown;
      try {
        StrictRedis.fromUrl(url);
      } catch (caught) {
        error = caught;
      }
      expect(error, url).toBeInstanceOf(DataError);
      expect((error as Error).message).not.toContain(PASSWORD);
      expect((error as Error).message).toContain('***@');
    }
  });

  it('a failed pipeline command is quoted without the password it carries', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port, password: PASSWORD, decodeResponses: true });
    const results = await r.pipeline({ transaction: false }).executeCommand('AUTH', 'default', 'wrong-secret-pw').executeCommand('CONFIG', 'SET', 'masterauth', 'x').execute({ raiseOnError: false });
    expect(results[0]).toBeInstanceOf(Error);
    expect((results[0] as Error).message).not.toContain('wrong-secret-pw');
    expect((results[0] as Error).message).toContain('[redacted]');
  });
});
