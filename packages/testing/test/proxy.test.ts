import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawCommand, startProxy, startServer, waitUntil, type RedisServer, type TcpProxy } from '../src/index.js';

/** A TCP server that records what it receives and echoes it (unless told otherwise). */
interface Upstream {
  server: Server;
  port: number;
  sockets: Socket[];
  received: () => string;
  ended: () => number;
}
async function startUpstream(echo = true): Promise<Upstream> {
  const sockets: Socket[] = [];
  let data = '';
  let ends = 0;
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.push(socket);
    socket.on('data', (chunk) => {
      data += chunk.toString();
      if (echo && socket.writable) socket.write(chunk);
    });
    socket.on('end', () => ends++);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, sockets, received: () => data, ended: () => ends };
}

/** A client socket that collects what it reads and how it ended. */
interface Client {
  socket: Socket;
  text: () => string;
  closed: Promise<{ error: NodeJS.ErrnoException | undefined }>;
  ended: Promise<void>;
  /** The proxy ended or destroyed this connection (FIN or RST). */
  dropped: Promise<void>;
  waitFor: (text: string) => Promise<void>;
}
async function openClient(proxy: { port: number }): Promise<Client> {
  const socket = connect({ host: '127.0.0.1', port: proxy.port, allowHalfOpen: true });
  let data = '';
  let error: NodeJS.ErrnoException | undefined;
  const watchers: { text: string; resolve: () => void }[] = [];
  socket.on('data', (chunk) => {
    data += chunk.toString();
    for (const w of watchers.filter((w) => data.includes(w.text))) w.resolve();
  });
  socket.on('error', (e) => (error = e));
  const closed = new Promise<{ error: NodeJS.ErrnoException | undefined }>((resolve) => socket.on('close', () => resolve({ error })));
  const ended = new Promise<void>((resolve) => socket.on('end', resolve));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    text: () => data,
    closed,
    ended,
    dropped: Promise.race([ended, closed.then(() => undefined)]),
    waitFor: (text) => (data.includes(text) ? Promise.resolve() : new Promise((resolve) => watchers.push({ text, resolve }))),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startProxy', () => {
  let redis: RedisServer;
  let upstream: Upstream;
  const proxies: TcpProxy[] = [];
  async function proxyTo(port: number): Promise<TcpProxy> {
    const proxy = await startProxy({ target: { host: '127.0.0.1', port } });
    proxies.push(proxy);
    return proxy;
  }
  beforeAll(async () => {
    [redis, upstream] = await Promise.all([startServer({ unixSocket: true }), startUpstream()]);
  });
  afterAll(async () => {
    await Promise.all(proxies.map((p) => p.close()));
    for (const socket of upstream.sockets) socket.destroy();
    upstream.server.close();
    await redis.stop();
  });

  it('forwards commands to redis and counts connections', async () => {
    const proxy = await proxyTo(redis.port);
    expect(proxy.host).toBe('127.0.0.1');
    expect(proxy.url).toBe(`redis://127.0.0.1:${proxy.port}`);
    expect(await rawCommand(proxy, ['PING'])).toBe('PONG');
    expect(await rawCommand(proxy, ['SET', 'via-proxy', 'yes'])).toBe('OK');
    expect(await rawCommand(redis, ['GET', 'via-proxy'])).toBe('yes');
    while (proxy.connections > 0) await sleep(5); // the proxy sees those two close
    const client = await openClient(proxy);
    await proxy.waitForConnections(1);
    expect(proxy.connections).toBe(1);
    expect(proxy.totalConnections).toBe(3);
    client.socket.end();
    await client.closed;
  });

  it('forwards to a unix socket target', async () => {
    const proxy = await startProxy({ target: { path: redis.socketPath as string } });
    proxies.push(proxy);
    expect(await rawCommand(proxy, ['PING'])).toBe('PONG');
  });

  it('cutAll() destroys both sides of every connection; new connections still work', async () => {
    const proxy = await proxyTo(upstream.port);
    const socketsBefore = upstream.sockets.length;
    const a = await openClient(proxy);
    const b = await openClient(proxy);
    await proxy.waitForConnections(2);
    while (upstream.sockets.length < socketsBefore + 2) await sleep(5);
    expect(proxy.cutAll()).toBe(2);
    await Promise.all([a.dropped, b.dropped]);
    // The server sides see the connection end too.
    const serverSides = upstream.sockets.slice(socketsBefore);
    await Promise.all(serverSides.map((s) => (s.readableEnded || s.destroyed ? undefined : new Promise((r) => s.once('end', r)))));
    while (proxy.connections > 0) await sleep(5);
    expect(proxy.connections).toBe(0);
    const c = await openClient(proxy);
    c.socket.write('again');
    await c.waitFor('again');
    c.socket.destroy();
  });

  it('cutAll({ reset: true }) makes clients see ECONNRESET', async () => {
    const proxy = await proxyTo(upstream.port);
    const client = await openClient(proxy);
    await proxy.waitForConnections(1);
    proxy.cutAll({ reset: true });
    expect((await client.closed).error?.code).toBe('ECONNRESET');
  });

  it('refuse(true) resets new connections but keeps open ones; refuse(false) accepts again', async () => {
    const proxy = await proxyTo(redis.port);
    const open = await openClient(proxy);
    await proxy.waitForConnections(1);
    proxy.refuse(true);
    await expect(rawCommand(proxy, ['PING'], { timeout: 2000 })).rejects.toThrow(/ECONNRESET|closed/);
    open.socket.write('PING\r\n');
    await open.waitFor('+PONG\r\n');
    proxy.refuse(false);
    expect(await rawCommand(proxy, ['PING'])).toBe('PONG');
    open.socket.destroy();
  });

  it('pause() holds traffic both ways without dropping it; resume() delivers it in order', async () => {
    const proxy = await proxyTo(upstream.port);
    const client = await openClient(proxy);
    await proxy.waitForConnections(1);
    const socketsBefore = upstream.sockets.length;
    const start = upstream.received().length;
    proxy.pause();
    for (let i = 0; i < 20; i++) client.socket.write(`<${i}>`);
    const sent = Array.from({ length: 20 }, (_, i) => `<${i}>`).join('').length;
    await waitUntil('the proxy holds the 20 writes', async () => proxy.held().toServer === sent, 5000, 2);
    expect(upstream.received().length).toBe(start);
    expect(client.text()).toBe('');
    const expected = Array.from({ length: 20 }, (_, i) => `<${i}>`).join('');
    proxy.resume();
    await client.waitFor(expected);
    expect(client.text()).toBe(expected);
    // The server-to-client direction is held too.
    proxy.pause();
    expect(upstream.sockets.length).toBe(socketsBefore + 1);
    const serverSide = upstream.sockets.at(-1) as Socket;
    serverSide.write('from-server');
    await waitUntil('the proxy holds the server\'s write', async () => proxy.held().toClient === 'from-server'.length, 5000, 2);
    expect(client.text()).toBe(expected);
    proxy.resume();
    await client.waitFor('from-server');
    client.socket.destroy();
  });

  it('connections opened while paused are held too, and a held FIN is delivered after the data', async () => {
    const proxy = await proxyTo(redis.port);
    proxy.pause();
    const client = await openClient(proxy);
    client.socket.end('PING\r\n');
    await waitUntil('the proxy holds the PING', async () => proxy.held().toServer === 'PING\r\n'.length, 5000, 2);
    expect(client.text()).toBe('');
    proxy.resume();
    await client.ended;
    expect(client.text()).toBe('+PONG\r\n');
  });

  it('setDelay() delays each direction and keeps order while the delay changes', async () => {
    const proxy = await proxyTo(upstream.port);
    const client = await openClient(proxy);
    proxy.setDelay(100);
    const sent = Date.now();
    client.socket.write('slow');
    await client.waitFor('slow');
    expect(Date.now() - sent).toBeGreaterThanOrEqual(190); // 100 ms each way
    let expected = 'slow';
    for (let i = 0; i < 30; i++) {
      proxy.setDelay(i % 3 === 0 ? 0 : 30 - i);
      const piece = `[${i}]`;
      expected += piece;
      client.socket.write(piece);
    }
    await client.waitFor(expected);
    expect(client.text()).toBe(expected);
    proxy.setDelay(0);
    expect(() => proxy.setDelay(-1)).toThrow(/setDelay/);
    client.socket.destroy();
  });

  it('a client half-close passes through: the server still answers before closing', async () => {
    const proxy = await proxyTo(redis.port);
    const client = await openClient(proxy);
    client.socket.end('PING\r\nECHO hello\r\n');
    await client.ended;
    expect(client.text()).toBe('+PONG\r\n$5\r\nhello\r\n');
  });

  it("halfCloseAll('client') sends FIN to clients; their writes still reach the server", async () => {
    const proxy = await proxyTo(upstream.port);
    const client = await openClient(proxy);
    await proxy.waitForConnections(1);
    expect(proxy.halfCloseAll('client')).toBe(1);
    await client.ended;
    const start = upstream.received().length;
    client.socket.write('still-writing');
    while (!upstream.received().slice(start).includes('still-writing')) await sleep(10);
    client.socket.destroy();
  });

  it("halfCloseAll('server') sends FIN to the server; server writes still reach the client", async () => {
    const proxy = await proxyTo(upstream.port);
    const endsBefore = upstream.ended();
    const socketsBefore = upstream.sockets.length;
    const client = await openClient(proxy);
    await proxy.waitForConnections(1);
    while (upstream.sockets.length === socketsBefore) await sleep(5);
    const serverSide = upstream.sockets.at(-1) as Socket;
    proxy.halfCloseAll('server');
    while (upstream.ended() === endsBefore) await sleep(10);
    serverSide.write('after-fin');
    await client.waitFor('after-fin');
    client.socket.destroy();
  });

  it('setTarget() sends new connections elsewhere', async () => {
    const proxy = await proxyTo(upstream.port);
    proxy.setTarget({ host: '127.0.0.1', port: redis.port });
    expect(await rawCommand(proxy, ['PING'])).toBe('PONG');
    expect(() => proxy.setTarget({ port: 0 })).toThrow(/target.port/);
  });

  it('close() destroys connections, stops listening, and is idempotent', async () => {
    const proxy = await startProxy({ target: { port: redis.port } });
    const client = await openClient(proxy);
    await proxy.waitForConnections(1);
    await proxy.close();
    await client.dropped;
    await proxy.close();
    await expect(rawCommand(proxy, ['PING'], { timeout: 1000 })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('a target that refuses makes the client connection close', async () => {
    const dead = await startUpstream();
    const port = dead.port;
    await new Promise((r) => dead.server.close(r));
    const proxy = await proxyTo(port);
    const client = await openClient(proxy);
    await client.dropped;
    while (proxy.connections > 0) await sleep(5);
  });
});
