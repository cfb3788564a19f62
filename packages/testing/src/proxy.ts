import { connect, createServer, type Server, type Socket } from 'node:net';
import { OptionsError, TestingError } from './errors.js';
import { Lane } from './proxy-lane.js';

export type ProxyTarget = { host?: string; port: number } | { path: string };

export interface ProxyOptions {
  /** Where connections are forwarded: a TCP host/port or a unix socket path. */
  target: ProxyTarget;
  /** Listen address; default 127.0.0.1 on a free port. */
  host?: string;
  port?: number;
}

export interface CutOptions {
  /** Send RST instead of FIN (the peers see ECONNRESET). Default false. */
  reset?: boolean;
}

export interface TcpProxy {
  readonly host: string;
  readonly port: number;
  /** `redis://host:port` of the proxy. */
  readonly url: string;
  /** Connections currently open through the proxy. */
  readonly connections: number;
  /** Connections accepted since start (refused ones excluded). */
  readonly totalConnections: number;
  /**
   * Bytes the proxy has read and not yet passed on, per direction, over every open connection:
   * what `pause()` (or a delay) holds. A test waits for these instead of sleeping.
   */
  held(): { toServer: number; toClient: number };
  /** Destroys both sides of every open connection; returns how many were cut. */
  cutAll(options?: CutOptions): number;
  /**
   * Cuts each connection open now once `bytes` more bytes have passed in `direction` (default
   * `'toClient'`: server to client), splitting a chunk if need be, so a reply can be cut in
   * its middle. What comes after is held, then dropped with the connection.
   */
  cutAfter(bytes: number, direction?: 'toClient' | 'toServer', options?: CutOptions): void;
  /** While on, new connections are reset as soon as they are accepted (open ones are kept). */
  refuse(on: boolean): void;
  /** Holds all traffic in both directions (buffered, not dropped), also of new connections. */
  pause(): void;
  /** Delivers what was held and lets traffic flow again. */
  resume(): void;
  /** Delays every chunk (both directions) by `ms` from now on; order is preserved. */
  setDelay(ms: number): void;
  /** Half-closes every open connection: sends FIN to the clients (`'client'`) or to the server (`'server'`); the other direction keeps flowing. */
  halfCloseAll(side: 'client' | 'server'): number;
  /** Forwards new connections to another target (open ones keep theirs). */
  setTarget(target: ProxyTarget): void;
  /** Resolves once at least `count` connections are open; rejects after `timeoutMs` (default 5000). */
  waitForConnections(count: number, timeoutMs?: number): Promise<void>;
  /** Stops listening and destroys every connection. Idempotent. */
  close(): Promise<void>;
}

interface Link {
  client: Socket;
  upstream: Socket;
  toServer: Lane;
  toClient: Lane;
}

function checkTarget(target: ProxyTarget | undefined): ProxyTarget {
  if (target === undefined || typeof target !== 'object') throw new OptionsError('target: required ({ host, port } or { path })');
  if ('path' in target) {
    if (typeof target.path !== 'string' || target.path === '') throw new OptionsError('target.path: must be a non-empty string');
  } else if (!Number.isInteger(target.port) || target.port <= 0 || target.port > 65535) {
    throw new OptionsError(`target.port: must be a TCP port, got ${String(target.port)}`);
  }
  return target;
}

/**
 * Starts a TCP proxy in this process for fault tests: clients connect to it, it connects to
 * `target`, and the test can cut, refuse, pause, delay and half-close the traffic.
 */
export async function startProxy(options: ProxyOptions): Promise<TcpProxy> {
  let target = checkTarget(options.target);
  const links = new Set<Link>();
  const state = { paused: false, delay: 0 };
  let refusing = false;
  let total = 0;
  let waiters: { count: number; resolve: () => void }[] = [];

  const notify = (): void => {
    const ready = waiters.filter((w) => links.size >= w.count);
    waiters = waiters.filter((w) => links.size < w.count);
    for (const waiter of ready) waiter.resolve();
  };

  const server: Server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (client) => {
    if (refusing) {
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    total++;
    const upstream = 'path' in target
      ? connect({ path: target.path, allowHalfOpen: true })
      : connect({ host: target.host ?? '127.0.0.1', port: target.port, allowHalfOpen: true });
    upstream.setNoDelay(true);
    client.setNoDelay(true);
    const link: Link = {
      client,
      upstream,
      toServer: new Lane(client, upstream, state),
      toClient: new Lane(upstream, client, state),
    };
    links.add(link);
    let gone = false;
    const drop = (): void => {
      if (gone) return;
      gone = true;
      link.toServer.dispose();
      link.toClient.dispose();
      links.delete(link);
      notify();
    };
    // An error on one side destroys the other; graceful FINs travel through the lanes (after
    // any delay or pause), so a graceful close never loses data still held.
    for (const [side, other] of [[client, upstream], [upstream, client]] as const) {
      side.on('error', () => other.destroy());
      side.on('close', (hadError) => {
        if (hadError) other.destroy();
        if (client.destroyed && upstream.destroyed) drop();
      });
    }
    client.resume();
    notify();
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  let closed: Promise<void> | undefined;

  return {
    host,
    port,
    url: `redis://${host}:${port}`,
    get connections() {
      return links.size;
    },
    get totalConnections() {
      return total;
    },
    held() {
      let toServer = 0;
      let toClient = 0;
      for (const link of links) {
        toServer += link.toServer.queuedBytes;
        toClient += link.toClient.queuedBytes;
      }
      return { toServer, toClient };
    },
    cutAll(cut: CutOptions = {}) {
      const count = links.size;
      for (const link of [...links]) {
        for (const socket of [link.client, link.upstream]) {
          if (cut.reset === true && !socket.destroyed && !socket.connecting) socket.resetAndDestroy();
          else socket.destroy();
        }
      }
      return count;
    },
    cutAfter(bytes: number, direction: 'toClient' | 'toServer' = 'toClient', cut: CutOptions = {}) {
      if (!Number.isInteger(bytes) || bytes < 0) throw new OptionsError(`cutAfter: bytes must be an integer >= 0, got ${bytes}`);
      for (const link of links) {
        link[direction].limit(bytes, () => {
          for (const socket of [link.client, link.upstream]) {
            if (cut.reset === true && !socket.destroyed && !socket.connecting) socket.resetAndDestroy();
            else socket.destroy();
          }
        });
      }
    },
    refuse(on: boolean) {
      refusing = on;
    },
    pause() {
      state.paused = true;
      for (const link of links) {
        link.toServer.pause();
        link.toClient.pause();
      }
    },
    resume() {
      state.paused = false;
      for (const link of links) {
        link.toServer.resume();
        link.toClient.resume();
      }
    },
    setDelay(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new OptionsError(`setDelay: ms must be a finite number >= 0, got ${ms}`);
      state.delay = ms;
      for (const link of links) {
        link.toServer.setDelay(ms);
        link.toClient.setDelay(ms);
      }
    },
    halfCloseAll(side: 'client' | 'server') {
      for (const link of links) (side === 'client' ? link.toClient : link.toServer).shut();
      return links.size;
    },
    setTarget(next: ProxyTarget) {
      target = checkTarget(next);
    },
    waitForConnections(count: number, timeoutMs = 5000) {
      if (links.size >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(new TestingError(`waitForConnections: ${links.size} of ${count} connections after ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = {
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        waiters.push(waiter);
      });
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const link of links) {
          link.client.destroy();
          link.upstream.destroy();
        }
      });
      return closed;
    },
  };
}
