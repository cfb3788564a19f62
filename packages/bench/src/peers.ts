/**
 * The clients under test behind one small interface, so every scenario drives them the same
 * way: aredis with each parser, ioredis, and node-redis, each in the configuration a user who
 * wants speed would pick (said in RESULTS.md's header: PEER_SETTINGS).
 */
import { StrictRedis } from '@aredis/client';
import { RespParser, type ParserClass } from '@aredis/resp-parser';
import { NativeRespParser, isAvailable } from '@aredis/resp-parser-native';
import { Redis as IORedis } from 'ioredis';
import { createClient, RESP_TYPES } from 'redis';

export interface Peer {
  readonly name: string;
  set(key: string, value: string | Buffer): Promise<unknown>;
  get(key: string): Promise<unknown>;
  /** GET with the reply as a Buffer. */
  getBuffer(key: string): Promise<unknown>;
  lrange(key: string, start: number, stop: number): Promise<unknown>;
  /** LRANGE with the items as Buffers. */
  lrangeBuffer(key: string, start: number, stop: number): Promise<unknown>;
  close(): Promise<void>;
}

/** How each client is configured, for the RESULTS.md header. */
export const PEER_SETTINGS =
  'aredis: defaults (one multiplexed connection; `decodeResponses: true` for strings); ' +
  'ioredis: `enableAutoPipelining: true`; node-redis: defaults (it pipelines each tick), ' +
  '`withTypeMapping({ BLOB_STRING: Buffer })` for Buffers.';

/** What the benchmark calls on an aredis client (this checkout's, or an earlier build's: src/compare.ts). */
export interface AredisLike {
  set(key: string, value: string | Buffer): Promise<unknown>;
  get(key: string): Promise<unknown>;
  lrange(key: string, start: number, stop: number): Promise<unknown>;
  close(): Promise<void>;
}

function aredis(name: string, port: number, parserClass: ParserClass): Peer {
  return aredisPeer(name, new StrictRedis<true>({ port, decodeResponses: true, parserClass }), new StrictRedis<false>({ port, parserClass }));
}

/** A peer from two aredis clients on one server: one decoding strings, one returning Buffers. */
export function aredisPeer(name: string, strings: AredisLike, buffers: AredisLike): Peer {
  return {
    name,
    set: (k, v) => strings.set(k, v),
    get: (k) => strings.get(k),
    getBuffer: (k) => buffers.get(k),
    lrange: (k, a, b) => strings.lrange(k, a, b),
    lrangeBuffer: (k, a, b) => buffers.lrange(k, a, b),
    close: async () => {
      await strings.close();
      await buffers.close();
    },
  };
}

function ioredis(port: number): Peer {
  // enableAutoPipelining: the setting ioredis documents for throughput (commands issued in one
  // tick leave in one write). Without it every command is its own socket write, which is what
  // made ioredis look 10x slower than it is with 1,000 commands in flight.
  const client = new IORedis({ port, lazyConnect: false, enableAutoPipelining: true });
  return {
    name: 'ioredis',
    set: (k, v) => client.set(k, v),
    get: (k) => client.get(k),
    getBuffer: (k) => client.getBuffer(k),
    lrange: (k, a, b) => client.lrange(k, a, b),
    lrangeBuffer: (k, a, b) => client.lrangeBuffer(k, a, b),
    close: async () => {
      await client.quit();
    },
  };
}

async function nodeRedis(port: number): Promise<Peer> {
  // node-redis pipelines every command issued in one tick by default: its fast configuration.
  const client = createClient({ socket: { host: '127.0.0.1', port } });
  await client.connect();
  const buffers = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  return {
    name: 'node-redis',
    set: (k, v) => client.set(k, v),
    get: (k) => client.get(k),
    getBuffer: (k) => buffers.get(k),
    lrange: (k, a, b) => client.lRange(k, a, b),
    lrangeBuffer: (k, a, b) => buffers.lRange(k, a, b),
    close: () => client.close(),
  };
}

/** Every peer, connected to the server on `port`. Ours first, peers after. */
export async function connectPeers(port: number): Promise<{ ours: Peer[]; others: Peer[] }> {
  const ours = [aredis('aredis (ts parser)', port, RespParser)];
  if (isAvailable()) ours.push(aredis('aredis (native parser)', port, NativeRespParser));
  const others = [ioredis(port), await nodeRedis(port)];
  for (const peer of [...ours, ...others]) await peer.set('bench:warm', 'x');
  return { ours, others };
}
