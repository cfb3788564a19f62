import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startProxy, startServer, type RedisServer, type TcpProxy } from '@aredis/testing';
import { Connection, ConstantBackoff, Retry, type TcpConnectionOptions } from '../src/index.js';

/** The next turn of the event loop. */
export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Waits (a tick at a time) until `condition` holds. */
export async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await tick();
}

export interface ProxiedServer {
  /** The server of the test file. */
  readonly server: RedisServer;
  /** A fresh proxy to it for each test. */
  readonly proxy: TcpProxy;
  /** A connection through the proxy that decodes replies and retries quickly. */
  viaProxy(options?: TcpConnectionOptions): Connection;
}

/** One server for the file and a fault proxy to it for each test (registered as vitest hooks). */
export function proxiedServer(): ProxiedServer {
  let server: RedisServer | undefined;
  let proxy: TcpProxy | undefined;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    proxy = await startProxy({ target: { host: (server as RedisServer).host, port: (server as RedisServer).port } });
  });
  afterEach(async () => {
    await proxy?.close();
  });
  return {
    get server() {
      return server as RedisServer;
    },
    get proxy() {
      return proxy as TcpProxy;
    },
    viaProxy(options: TcpConnectionOptions = {}) {
      return new Connection({
        host: (proxy as TcpProxy).host,
        port: (proxy as TcpProxy).port,
        decodeResponses: true,
        retry: new Retry(new ConstantBackoff(0.02), 200),
        ...options,
      });
    },
  };
}
