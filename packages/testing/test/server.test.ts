import { existsSync } from 'node:fs';
import { createServer, connect as netConnect, type Server } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { rawCommand, rawCommands, RawErrorReply, startServer, StartupError, type RedisServer } from '../src/index.js';
import { startOnFreePorts, makeTempDir, removeDir } from '../src/launch.js';
import { RedisProcess } from '../src/redis-process.js';
import { processExists, redisCli } from './helpers.js';

const started: RedisServer[] = [];
async function start(...args: Parameters<typeof startServer>): Promise<RedisServer> {
  const server = await startServer(...args);
  started.push(server);
  return server;
}
afterAll(async () => {
  await Promise.all(started.map((server) => server.stop()));
});

/** PING over a plain socket written by hand, to check the server without any helper. */
function handPing(options: { host: string; port: number } | { path: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(options as { path: string });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString());
    });
    socket.once('error', reject);
  });
}

describe('startServer', () => {
  it('starts a server on a free port that answers, and stop() kills it and removes its directory', async () => {
    const server = await start();
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).not.toBe(6379);
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(await handPing(server)).toBe('+PONG\r\n');
    const pid = server.pid;
    expect(pid).toBeTypeOf('number');
    expect(processExists(pid as number)).toBe(true);
    // no persistence
    expect(await rawCommands(server, [['CONFIG', 'GET', 'save'], ['CONFIG', 'GET', 'appendonly']])).toEqual([
      ['save', ''],
      ['appendonly', 'no'],
    ]);
    expect(await rawCommand(server, ['CONFIG', 'GET', 'dir'])).toEqual(['dir', server.dir]);
    await server.stop();
    expect(processExists(pid as number)).toBe(false);
    expect(existsSync(server.dir)).toBe(false);
    expect(server.pid).toBeUndefined();
    await server.stop(); // idempotent
  });

  it('starts several servers in parallel on distinct ports', async () => {
    const servers = await Promise.all([start(), start(), start()]);
    expect(new Set(servers.map((s) => s.port)).size).toBe(3);
    for (const server of servers) expect(await rawCommand(server, ['PING'])).toBe('PONG');
    await Promise.all(servers.map((s) => s.stop()));
    for (const server of servers) expect(server.pid).toBeUndefined();
  });

  it('restart() brings the server back on the same port with a new process', async () => {
    const server = await start();
    await rawCommand(server, ['SET', 'k', 'v']);
    const before = server.pid as number;
    await server.restart();
    expect(processExists(before)).toBe(false);
    expect(server.pid).not.toBe(before);
    expect(await rawCommand(server, ['PING'])).toBe('PONG');
    expect(await rawCommand(server, ['GET', 'k'])).toBeNull();
    await server.stop();
  });

  it('kill() crashes the server; restart() revives it', async () => {
    const server = await start();
    const pid = server.pid as number;
    await server.kill();
    expect(processExists(pid)).toBe(false);
    await expect(rawCommand(server, ['PING'], { timeout: 500 })).rejects.toThrow(/failed|closed/);
    await server.restart();
    expect(await rawCommand(server, ['PING'])).toBe('PONG');
    await server.stop();
  });

  it('listens on a unix socket in its directory', async () => {
    const server = await start({ unixSocket: true });
    expect(server.socketPath).toBe(`${server.dir}/redis.sock`);
    expect(await handPing({ path: server.socketPath as string })).toBe('+PONG\r\n');
    expect(await redisCli(['-s', server.socketPath as string, 'PING'])).toBe('PONG');
    await server.stop();
  });

  it('requirepass: commands need AUTH; url and cliArgs carry the password', async () => {
    const server = await start({ requirepass: 's3cret pw' });
    expect(server.url).toBe(`redis://:s3cret%20pw@127.0.0.1:${server.port}`);
    const [reply] = await rawCommands(server, [['PING']]);
    expect(reply).toBeInstanceOf(RawErrorReply);
    expect(String(reply)).toMatch(/^NOAUTH/);
    expect(await rawCommand(server, ['PING'], { before: [['AUTH', 's3cret pw']] })).toBe('PONG');
    expect(await redisCli([...server.cliArgs, 'PING'])).toBe('PONG');
    await server.stop();
  });

  it('ACL users: a full user and a restricted one', async () => {
    const server = await start({
      users: [
        { name: 'alice', password: 'wonder land' },
        { name: 'reader', password: 'r', rules: '~* +@read +ping +acl|whoami' },
      ],
    });
    expect(await rawCommand(server, ['ACL', 'WHOAMI'], { before: [['AUTH', 'alice', 'wonder land']] })).toBe('alice');
    expect(await rawCommand(server, ['SET', 'a', '1'], { before: [['AUTH', 'alice', 'wonder land']] })).toBe('OK');
    const [get, set] = await rawCommands(server, [['GET', 'a'], ['SET', 'a', '2']], { before: [['AUTH', 'reader', 'r']] });
    expect(get).toBe('1');
    expect(String(set)).toMatch(/^NOPERM/);
    await expect(rawCommand(server, ['PING'], { before: [['AUTH', 'alice', 'wrong']] })).rejects.toThrow(/WRONGPASS/);
    await server.stop();
  });

  it('TLS: the handshake succeeds with the returned CA; a client without it is rejected', async () => {
    const server = await start({ tls: true });
    const tls = server.tls;
    expect(tls).toBeDefined();
    if (tls === undefined) return;
    expect(server.url).toBe(`rediss://127.0.0.1:${server.port}`);
    const authorized = await new Promise<boolean>((resolve, reject) => {
      const socket = tlsConnect({ host: server.host, port: server.port, ca: tls.ca, servername: tls.servername }, () => {
        resolve(socket.authorized);
        socket.destroy();
      });
      socket.once('error', reject);
    });
    expect(authorized).toBe(true);
    expect(await rawCommand({ host: server.host, port: server.port, tls: { ca: tls.ca } }, ['PING'])).toBe('PONG');
    await expect(
      new Promise((resolve, reject) => {
        const socket = tlsConnect({ host: server.host, port: server.port }, () => resolve(socket));
        socket.once('error', reject);
      }),
    ).rejects.toThrow(/self-signed|unable to verify|certificate/i);
    expect(await redisCli([...server.cliArgs, 'PING'])).toBe('PONG');
    await server.stop();
  });

  it('TLS with authClients "yes": mutual TLS needs the client certificate', async () => {
    const server = await start({ tls: { authClients: 'yes' } });
    const tls = server.tls;
    if (tls === undefined) throw new Error('no tls');
    expect(await rawCommand(server, ['PING'])).toBe('PONG'); // rawCommand sends tls.cert/key
    await expect(rawCommand({ host: server.host, port: server.port, tls: { ca: tls.ca } }, ['PING'], { timeout: 3000 })).rejects.toThrow();
    await server.stop();
  });

  it('extra config as an object or as lines, and extra args', async () => {
    const server = await start({
      config: { 'maxmemory-policy': 'allkeys-lru', 'lazyfree-lazy-user-del': true, databases: 4 },
      args: ['--hz', '20'],
    });
    expect(await rawCommands(server, [['CONFIG', 'GET', 'maxmemory-policy'], ['CONFIG', 'GET', 'lazyfree-lazy-user-del'], ['CONFIG', 'GET', 'databases'], ['CONFIG', 'GET', 'hz']]))
      .toEqual([['maxmemory-policy', 'allkeys-lru'], ['lazyfree-lazy-user-del', 'yes'], ['databases', '4'], ['hz', '20']]);
    await server.stop();
    const lines = await start({ config: ['maxmemory 10mb'] });
    expect(await rawCommand(lines, ['CONFIG', 'GET', 'maxmemory'])).toEqual(['maxmemory', String(10 * 1024 * 1024)]);
    await lines.stop();
  });

  it('a server that cannot start fails with StartupError quoting its log, and leaves nothing behind', async () => {
    const error = await startServer({ config: ['no-such-directive yes'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as StartupError).code).toBe('AREDIS_TESTING_ERR_STARTUP');
    expect((error as Error).message).toMatch(/Bad directive or wrong number of arguments/);
    expect((error as Error).message).toMatch(/no-such-directive/);
  });
});

describe('port races', () => {
  it('retries on a new port when the picked one is taken', async () => {
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as { port: number }).port;
    const dir = makeTempDir('race');
    const proc = new RedisProcess({ dir });
    const tried: number[] = [];
    try {
      const [port] = await startOnFreePorts(proc, 1, ([free = 0]) => {
        const use = tried.length === 0 ? taken : free;
        tried.push(use);
        return { config: `port ${use}\nbind 127.0.0.1\nsave ""\nlogfile ""\ndir ${dir}\n`, probe: { port: use } };
      });
      expect(tried[0]).toBe(taken);
      expect(tried.length).toBe(2);
      expect(port).toBe(tried[1]);
      expect(await rawCommand({ port: tried[1] }, ['PING'])).toBe('PONG');
    } finally {
      await proc.stop();
      removeDir(dir);
      squatter.close();
    }
  });
});
