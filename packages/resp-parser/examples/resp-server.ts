/**
 * A small Redis-compatible server built from @aredis/resp-parser and node:net only: a mock
 * for tests, or the start of a RESP service. It keeps strings and hashes in memory and speaks
 * RESP2, or RESP3 after `HELLO 3`, as Redis does (HGETALL is a map in RESP3, a flat array in
 * RESP2). Run it: `npx tsx examples/resp-server.ts 7001`, then `redis-cli -p 7001 ping`.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { ProtocolError, RequestReader, encodeValue, errorFromReply, type RespValue } from '@aredis/resp-parser';

/** Keys and fields as latin1 strings (one char a byte: lossless), values as the bytes sent. */
type Store = Map<string, Buffer | Map<string, Buffer>>;
type Reply = (value: RespValue, options?: { status?: boolean }) => void;

/** One command, answered with reply(); `session.protocol` changes with HELLO. */
function run(args: Buffer[], store: Store, session: { protocol: 2 | 3 }, reply: Reply): void {
  const name = args[0]!.toString('latin1').toUpperCase();
  const key = (i: number) => args[i]!.toString('latin1');
  const wrongArgs = () => reply(errorFromReply(`ERR wrong number of arguments for '${name.toLowerCase()}' command`));
  const wrongType = () => reply(errorFromReply('WRONGTYPE Operation against a key holding the wrong kind of value'));
  switch (name) {
    case 'PING':
      return args.length > 2 ? wrongArgs() : args.length === 2 ? reply(args[1]!) : reply('PONG', { status: true });
    case 'ECHO':
      return args.length !== 2 ? wrongArgs() : reply(args[1]!);
    case 'HELLO': {
      const version = args[1] === undefined ? session.protocol : Number(key(1));
      if (version !== 2 && version !== 3) return reply(errorFromReply('NOPROTO unsupported protocol version'));
      session.protocol = version;
      return reply(new Map<RespValue, RespValue>([['server', 'resp-server'], ['version', '7.2.0'], ['proto', version], ['mode', 'standalone'], ['role', 'master'], ['modules', []]]));
    }
    case 'SET':
      if (args.length !== 3) return wrongArgs();
      store.set(key(1), args[2]!);
      return reply('OK', { status: true });
    case 'GET': {
      if (args.length !== 2) return wrongArgs();
      const value = store.get(key(1));
      return value instanceof Map ? wrongType() : reply(value ?? null);
    }
    case 'INCR': {
      if (args.length !== 2) return wrongArgs();
      const value = store.get(key(1)) ?? Buffer.from('0');
      if (value instanceof Map) return wrongType();
      if (!/^-?\d+$/.test(value.toString('latin1'))) return reply(errorFromReply('ERR value is not an integer or out of range'));
      const next = Number(value.toString('latin1')) + 1;
      store.set(key(1), Buffer.from(String(next)));
      return reply(next);
    }
    case 'DEL':
      if (args.length < 2) return wrongArgs();
      return reply(args.slice(1).filter((k) => store.delete(k.toString('latin1'))).length);
    case 'HSET': {
      if (args.length < 4 || args.length % 2 !== 0) return wrongArgs();
      const hash = store.get(key(1)) ?? new Map<string, Buffer>();
      if (!(hash instanceof Map)) return wrongType();
      let added = 0;
      for (let i = 2; i < args.length; i += 2) {
        if (!hash.has(key(i))) added++;
        hash.set(key(i), args[i + 1]!);
      }
      store.set(key(1), hash);
      return reply(added);
    }
    case 'HGETALL': {
      if (args.length !== 2) return wrongArgs();
      const hash = store.get(key(1)) ?? new Map<string, Buffer>();
      if (!(hash instanceof Map)) return wrongType();
      return reply(new Map([...hash].map(([field, value]) => [Buffer.from(field, 'latin1'), value])));
    }
    default:
      return reply(errorFromReply(`ERR unknown command '${name.toLowerCase()}'`));
  }
}

function serve(socket: Socket, store: Store): void {
  const session: { protocol: 2 | 3 } = { protocol: 2 };
  const reply: Reply = (value, options) => {
    socket.write(encodeValue(value, { protocol: session.protocol, strings: options?.status ? 'simple' : 'bulk' }));
  };
  const reader = new RequestReader({ onCommand: (args) => run(args, store, session, reply) });
  socket.on('data', (chunk: Buffer) => {
    try {
      reader.feed(chunk);
    } catch (error) {
      // As Redis: the error to the client, then the connection closed.
      if (!(error instanceof ProtocolError)) throw error;
      socket.end(encodeValue(errorFromReply(`ERR ${error.message}`), { protocol: session.protocol }));
    }
  });
  socket.on('error', () => socket.destroy());
}

/** Starts the server on `port` (0: a free one) of 127.0.0.1. */
export async function startRespServer(
  port = 0,
): Promise<{ port: number; server: Server; bytesReceived(): number; close(): Promise<void> }> {
  const store: Store = new Map();
  const sockets = new Set<Socket>();
  let closedBytes = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      closedBytes += socket.bytesRead;
    });
    serve(socket, store);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    server,
    /** Bytes read from every client so far (tests wait on it). */
    bytesReceived: () => closedBytes + [...sockets].reduce((sum, socket) => sum + socket.bytesRead, 0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const { port } = await startRespServer(Number(process.argv[2] ?? 7001));
  console.log(`resp-server listening on 127.0.0.1:${port}`);
}
