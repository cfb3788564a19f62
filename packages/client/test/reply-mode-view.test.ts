import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { StrictRedis, DataError } from '../src/index.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

// Bytes that are not UTF-8: decoded as text they would be replaced by U+FFFD.
const binary = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28]);

describe('withOptions({ decodeResponses }): the other reply mode, without a second client', () => {
  it('a decoding client reads Buffers through a view, in the types as at runtime', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port, decodeResponses: true });
    await r.set('view:bin', binary);
    await r.set('view:text', 'héllo');
    const raw = r.withOptions({ decodeResponses: false });
    const value = await raw.get('view:bin');
    expectTypeOf(value).toEqualTypeOf<Buffer | null>();
    expect(value).toEqual(binary);
    expect(await raw.mget('view:bin', 'view:text')).toEqual([binary, Buffer.from('héllo')]);
    expect(await raw.hgetall('view:none')).toEqual({});
    // The client itself still decodes, and so do views without the option.
    const text = await r.get('view:text');
    expectTypeOf(text).toEqualTypeOf<string | null>();
    expect(text).toBe('héllo');
    expect(await r.withOptions({ timeout: 1 }).get('view:text')).toBe('héllo');
    // Options of views combine: a timeout view of the Buffer view still reads Buffers.
    expect(await raw.withOptions({ timeout: 1 }).get('view:bin')).toEqual(binary);
  });

  it('a Buffer client reads strings through a view', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port });
    await r.set('view:t2', 'déjà');
    const text = r.withOptions({ decodeResponses: true });
    const value = await text.get('view:t2');
    expectTypeOf(value).toEqualTypeOf<string | null>();
    expect(value).toBe('déjà');
    expect(await r.get('view:t2')).toEqual(Buffer.from('déjà'));
  });

  it("the view's pipelines and transactions read in its mode; DUMP stays binary either way", async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port, decodeResponses: true });
    await r.set('view:p', binary);
    const raw = r.withOptions({ decodeResponses: false });
    expect(await raw.pipeline({ transaction: false }).get('view:p').echo('x').execute()).toEqual([binary, Buffer.from('x')]);
    expect(await raw.pipeline().get('view:p').echo('x').execute()).toEqual([binary, Buffer.from('x')]);
    await using b = new StrictRedis({ host: server.host, port: server.port });
    const decoded = await b.withOptions({ decodeResponses: true }).pipeline().echo('y').dump('view:p').execute();
    expect(decoded[0]).toBe('y');
    expect(Buffer.isBuffer(decoded[1])).toBe(true);
    const result = await raw.transaction(async (pipe) => {
      const current = await pipe.get('view:p');
      expect(current).toEqual(binary);
      pipe.multi();
      pipe.get('view:p');
    }, 'view:p');
    expect(result).toEqual([binary]);
  });

  it('a bad value is a DataError; a view has no pubsub (it reads in its connection\'s mode)', async () => {
    await using r = new StrictRedis({ host: server.host, port: server.port });
    // @ts-expect-error decodeResponses is a boolean
    expect(() => r.withOptions({ decodeResponses: 'yes' })).toThrow(DataError);
    expect(() => r.withOptions({ decodeResponses: true }).pubsub()).toThrow(/pubsub/);
  });
});
