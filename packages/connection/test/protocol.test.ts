import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolError } from '@aredis/resp-parser';
import { Connection } from '../src/index.js';

/**
 * A fake server: refuses HELLO like Redis 5, then answers every other command with `answer`.
 * It only looks at how many commands arrived, which is enough for these tests.
 */
let server: Server | undefined;
async function fakeServer(answer: string): Promise<number> {
  server = createServer((socket: Socket) => {
    socket.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      const commands = text.split('*').length - 1;
      for (let i = 0; i < commands; i++) {
        socket.write(text.includes('HELLO') ? "-ERR unknown command 'HELLO'\r\n" : answer);
      }
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}
afterEach(() => {
  server?.close();
  server = undefined;
});

describe('malformed or unexpected input', () => {
  it('drops the connection on a reply nobody waits for, with a ProtocolError', async () => {
    const port = await fakeServer('+OK\r\n+EXTRA\r\n');
    await using c = new Connection({ host: '127.0.0.1', port, retry: false });
    const dropped = new Promise<Error>((resolve) => c.once('error', resolve));
    expect(await c.send(['PING'])).toBe('OK');
    // EXTRA arrives while nothing waits: the stream is out of step, so the connection goes.
    expect(await dropped).toBeInstanceOf(ProtocolError);
    expect(c.isReady).toBe(false);
  });

  it('hands such replies to the push handler when there is one', async () => {
    const port = await fakeServer('+OK\r\n+EXTRA\r\n');
    const extra: unknown[] = [];
    await using c = new Connection({ host: '127.0.0.1', port, retry: false, onPush: (frame) => extra.push(frame) });
    expect(await c.send(['PING'])).toBe('OK');
    expect(await c.send(['PING'])).toBe('OK');
    expect(extra).toEqual(['EXTRA', 'EXTRA']);
  });

  it('fails in-flight commands with ProtocolError on malformed bytes', async () => {
    const port = await fakeServer('?what is this\r\n');
    await using c = new Connection({ host: '127.0.0.1', port, retry: false });
    await c.connect();
    await expect(c.send(['PING'])).rejects.toBeInstanceOf(ProtocolError);
  });
});
