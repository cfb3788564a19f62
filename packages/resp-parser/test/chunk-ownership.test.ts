// The decoder hands out `subarray`s of the chunks it is fed (returnBuffers). That is safe only
// if Node never reuses the memory of a chunk a socket has delivered: this checks it for TCP
// (Node allocates a fresh buffer per read unless the `onread` option supplies one).
import { once } from 'node:events';
import net from 'node:net';
import { expect, it } from 'vitest';

it('a net.Socket delivers every chunk in memory of its own, never rewritten later', async () => {
  const payloads = Array.from({ length: 60 }, (_, i) => Buffer.alloc(100 + (i % 7) * 1000, i % 251));
  const server = net.createServer((socket) => {
    let i = 0;
    const next = (): void => {
      if (i === payloads.length) return void socket.end();
      socket.write(payloads[i++]!, () => setImmediate(next));
    };
    next();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect(port, '127.0.0.1');
  const chunks: { chunk: Buffer; copy: Buffer }[] = [];
  client.on('data', (chunk: Buffer) => chunks.push({ chunk, copy: Buffer.from(chunk) }));
  await once(client, 'end');
  server.close();
  expect(Buffer.concat(chunks.map((c) => c.chunk))).toEqual(Buffer.concat(payloads));
  for (const { chunk, copy } of chunks) expect(chunk.equals(copy)).toBe(true);
  const memory = new Set(chunks.map((c) => c.chunk.buffer));
  expect(memory.size).toBe(chunks.length);
});
