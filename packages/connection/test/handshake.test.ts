import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { RespParser } from '@aredis/resp-parser';
import { Connection, defaultParserClass } from '../src/index.js';

describe('a server that refuses HELLO', () => {
  let server: RedisServer;
  beforeAll(async () => {
    // HELLO renamed away: the server answers "unknown command", as Redis 5 does.
    server = await startServer({ requirepass: 'pw', config: ['rename-command HELLO ""'] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('falls back to RESP2 with AUTH, CLIENT SETNAME and SELECT', async () => {
    await using c = new Connection({
      host: server.host,
      port: server.port,
      password: 'pw',
      clientName: 'old-school',
      db: 2,
      decodeResponses: true,
    });
    expect(await c.send(['CLIENT', 'GETNAME'])).toBe('old-school');
    expect(c.protocol).toBe(2);
    expect(String(await c.send(['CLIENT', 'INFO']))).toMatch(/ db=2 /);
    await c.send(['HSET', 'hs:h', 'f', 'v']);
    expect(await c.send(['HGETALL', 'hs:h'])).toEqual(['f', 'v']);
  });
});

describe('parser choice', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('uses RespParser unless parserClass says otherwise', async () => {
    expect(defaultParserClass()).toBe(RespParser);
    let made = 0;
    class CountingParser extends RespParser {
      constructor(...args: ConstructorParameters<typeof RespParser>) {
        super(...args);
        made++;
      }
    }
    await using c = new Connection({ host: server.host, port: server.port, parserClass: CountingParser });
    expect(await c.send(['PING'])).toBe('PONG');
    expect(made).toBe(1);
  });
});
