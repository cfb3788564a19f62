/**
 * The clients under test behind one small interface, so every scenario drives them the same
 * way: aredis with each parser, ioredis, and node-redis.
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
  close(): Promise<void>;
}

function aredis(name: string, port: number, parserClass: ParserClass): Peer {
  const strings = new StrictRedis<true>({ port, decodeResponses: true, parserClass });
  const buffers = new StrictRedis<false>({ port, parserClass });
  return {
    name,
    set: (k, v) => strings.set(k, v),
    get: (k) => strings.get(k),
    getBuffer: (k) => buffers.get(k),
    lrange: (k, a, b) => strings.lrange(k, a, b),
    close: async () => {
      await strings.close();
      await buffers.close();
    },
  };
}

function ioredis(port: number): Peer {
  const client = new IORedis({ port, lazyConnect: false });
  return {
    name: 'ioredis',
    set: (k, v) => client.set(k, v),
    get: (k) => client.get(k),
    getBuffer: (k) => client.getBuffer(k),
    lrange: (k, a, b) => client.lrange(k, a, b),
    close: async () => {
      await client.quit();
    },
  };
}

async function nodeRedis(port: number): Promise<Peer> {
  const client = createClient({ socket: { host: '127.0.0.1', port } });
  await client.connect();
  const buffers = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  return {
    name: 'node-redis',
    set: (k, v) => client.set(k, v),
    get: (k) => client.get(k),
    getBuffer: (k) => buffers.get(k),
    lrange: (k, a, b) => client.lRange(k, a, b),
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
