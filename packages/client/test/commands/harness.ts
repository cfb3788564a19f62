import { afterAll, beforeAll, expect } from 'vitest';
import { startServer, type RedisServer, type ServerOptions } from '@aredis/testing';
import { StrictRedis } from '@aredis/client';

// The setup every command integration test shares: a server of the file's own (started in
// beforeAll, stopped in afterAll) and, for each protocol, a decoding client `r` and a raw one.

/** The protocols every command group is tested under: RESP3 (the default), then RESP2. */
export const PROTOCOLS = [3, 2] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** The started server; reading it before the file's beforeAll ran throws. */
export type ServerRef = Pick<RedisServer, 'host' | 'port' | 'url'>;

/**
 * Starts a server for this file (beforeAll) and stops it (afterAll). `options` may be a function,
 * called in beforeAll, when they depend on something made there.
 */
export function useServer(options: ServerOptions | (() => ServerOptions) = {}): ServerRef {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await startServer(typeof options === 'function' ? options() : options);
  });
  afterAll(async () => {
    await server?.stop();
  });
  const started = (): RedisServer => {
    if (server === undefined) throw new Error('the test server is not started yet (read it inside a hook or a test)');
    return server;
  };
  return {
    get host() {
      return started().host;
    },
    get port() {
      return started().port;
    },
    get url() {
      return started().url;
    },
  };
}

/** `r` decodes replies to strings, `raw` gives Buffers. */
export interface CommandClients {
  readonly r: StrictRedis<true>;
  readonly raw: StrictRedis<false>;
}

export interface ClientsOptions {
  /** Check with CLIENT INFO that the connection speaks `protocol`; default true. */
  confirmProtocol?: boolean;
}

/**
 * Makes the two clients of a describe block in beforeAll (handing them to `take`), confirms the
 * protocol, and closes them in afterAll.
 */
export function useClients(
  server: ServerRef,
  protocol: Protocol,
  take: (clients: CommandClients) => void,
  { confirmProtocol = true }: ClientsOptions = {},
): void {
  let made: CommandClients | undefined;
  beforeAll(async () => {
    made = {
      r: new StrictRedis<true>({ port: server.port, protocol, decodeResponses: true }),
      raw: new StrictRedis<false>({ port: server.port, protocol }),
    };
    take(made);
    if (confirmProtocol) expect(String((await made.r.clientInfo()).resp)).toBe(String(protocol));
  });
  afterAll(async () => {
    await made?.r.close();
    await made?.raw.close();
  });
}
