import { tracingChannel } from 'node:diagnostics_channel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { StrictRedis, type BatchTraceContext, type CommandTraceContext } from '../src/index.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** The contexts of the `asyncEnd` events of a tracing channel while `body` runs. */
async function ended<C extends object>(name: string, body: () => Promise<void>): Promise<C[]> {
  const contexts: C[] = [];
  const none = (): void => {};
  const handlers = { start: none, end: none, asyncStart: none, error: none, asyncEnd: (context: object) => void contexts.push({ ...(context as C) }) };
  const channel = tracingChannel(name);
  channel.subscribe(handlers);
  try {
    await body();
  } finally {
    channel.unsubscribe(handlers);
  }
  return contexts;
}

describe('traces through the client', () => {
  it('names each command with its subcommand and counts its keys from the specifications', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port, db: 2, decodeResponses: true });
    await r.ping();
    const commands = await ended<CommandTraceContext>('aredis:command', async () => {
      await r.mset({ 'trace:a': '1', 'trace:b': '2' });
      await r.mget('trace:a', 'trace:b', 'trace:c');
      await r.configGet('maxmemory');
      await r.eval('return 1', 2, 'trace:a', 'trace:b', 'an-argument');
    });
    expect(commands.map((c) => [c.command, c.keyCount])).toEqual([
      ['MSET', 2],
      ['MGET', 3],
      ['CONFIG GET', 0],
      ['EVAL', 2],
    ]);
    expect(commands[0]).toMatchObject({ serverAddress: server.host, serverPort: server.port, database: 2 });
  });

  it('a pipeline and a transaction are one aredis:batch each, their commands traced one by one', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port });
    await r.ping();
    let commands: CommandTraceContext[] = [];
    const batches = await ended<BatchTraceContext>('aredis:batch', async () => {
      commands = await ended<CommandTraceContext>('aredis:command', async () => {
        await r.pipeline({ transaction: false }).set('trace:p', '1').incr('trace:p').execute();
        await r.pipeline().set('trace:t', '1').incr('trace:t').execute();
      });
    });
    expect(batches.map((b) => [b.commands, b.transaction])).toEqual([
      [2, false],
      [4, true], // MULTI, SET, INCR, EXEC
    ]);
    expect(batches[1]!.result).toEqual(['OK', 'QUEUED', 'QUEUED', ['OK', 2]]);
    expect(commands.map((c) => c.command)).toEqual(['SET', 'INCR', 'MULTI', 'SET', 'INCR', 'EXEC']);
  });
});
