// A server that answers with a line that never ends: through @aredis/client (resolved from the
// repository root), the command fails with the parser's ProtocolError once the line passes
// maxLineLength (64 KiB), instead of waiting while 512 MiB are buffered.
import { createServer, type Socket } from 'node:net';
import { NativeRespParser, RespParser, StrictRedis } from '@aredis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let port = 0;
let sent = 0;
const sockets = new Set<Socket>();
const server = createServer((socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => socket.destroy());
  socket.once('data', () => {
    // The first request gets `+xxxx...` for ever, 64 KiB at a time, as fast as it is read.
    const piece = Buffer.alloc(65_536, 'x');
    const pump = (): void => {
      while (!socket.destroyed && socket.write(piece)) sent += piece.length;
    };
    socket.write('+');
    socket.on('drain', pump);
    pump();
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('a server sending a line without end', () => {
  for (const parser of ['RespParser', 'NativeRespParser'] as const) {
    it(`${parser}: the command fails with a ProtocolError naming maxLineLength`, async () => {
      await using r = new StrictRedis({ port, protocol: 2, parserClass: parser === 'RespParser' ? RespParser : NativeRespParser });
      await expect(r.get('k')).rejects.toThrow(/maxLineLength/);
      // Far less than the 512 MiB the parsers used to buffer (socket buffers hold the rest).
      expect(sent).toBeLessThan(64 * 1024 * 1024);
    });
  }
});
