import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { StrictRedis } from '@aredis/client';
import { RespParser, type ParserClass } from '@aredis/resp-parser';
import { NativeRespParser, isAvailable } from '@aredis/resp-parser-native';
import { PROTOCOLS, useServer } from '../commands/harness.js';

// What a redis-py user relies on for replies that are never decoded: DUMP and FUNCTION DUMP
// come back as bytes on a decode_responses client (redis-py's NEVER_DECODE), wherever they run
// (client, pipeline, transaction, a watched pipeline), and the replies around them are decoded
// as usual. And MGET of no keys is answered without the server (redis-py's EMPTY_RESPONSE).

const server = useServer();

// Bytes that do not survive a round trip through UTF-8 text.
const binary = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0xc3, 0x28, 0x0d, 0x0a, 0x41]);

const parsers: [string, ParserClass][] = [['RespParser', RespParser]];
if (isAvailable()) parsers.push(['NativeRespParser', NativeRespParser]);

for (const [parserName, parserClass] of parsers) {
  describe.each(PROTOCOLS)(`never-decoded replies (${parserName}, RESP%i)`, (protocol) => {
    let r: StrictRedis<true>;
    let raw: StrictRedis<false>;
    const k = (name: string) => `mode:${parserName}:${protocol}:${name}`;

    beforeAll(async () => {
      r = new StrictRedis<true>({ port: server.port, protocol, decodeResponses: true, parserClass });
      raw = new StrictRedis<false>({ port: server.port, protocol, parserClass });
      await raw.set(k('bin'), binary);
    });
    afterAll(async () => {
      await r.close();
      await raw.close();
    });

    it('DUMP is a Buffer on a decoding client, and RESTORE takes it back', async () => {
      const [before, dumped, after] = await Promise.all([r.get(k('text')), r.dump(k('bin')), r.echo('héllo')]);
      expect(before).toBeNull();
      expect(Buffer.isBuffer(dumped)).toBe(true);
      expect(after).toBe('héllo');
      expectTypeOf(dumped).toEqualTypeOf<Buffer | null>();
      expect(await r.restore(k('copy'), 0, dumped as Buffer, { replace: true })).toBe('OK'); // redis-py has no callback for RESTORE
      expect(await raw.get(k('copy'))).toEqual(binary);
      expect(await r.dump(k('missing'))).toBeNull();
      // The same payload from a client that does not decode.
      expect(await raw.dump(k('bin'))).toEqual(dumped);
    });

    it('executeCommand("DUMP") is binary too (the declaration is looked up by name)', async () => {
      expect(await r.executeCommand('DUMP', k('bin'))).toEqual(await raw.dump(k('bin')));
    });

    it('FUNCTION DUMP is a Buffer that FUNCTION RESTORE accepts', async () => {
      await r.functionLoad(`#!lua name=modelib${protocol}${parserName.length}\nredis.register_function('f${protocol}${parserName.length}', function() return 1 end)`, {
        replace: true,
      });
      const payload = await r.functionDump();
      expect(Buffer.isBuffer(payload)).toBe(true);
      expectTypeOf(payload).toEqualTypeOf<Buffer>();
      expect(await r.functionRestore(payload, { policy: 'REPLACE' })).toBe(true);
    });

    it('in a pipeline without MULTI: the DUMP reply binary, its neighbours decoded', async () => {
      const replies = await r.pipeline({ transaction: false }).set(k('p'), 'v').dump(k('bin')).get(k('p')).hgetall(k('none')).execute();
      expect(replies[0]).toBe(true);
      expect(replies[1]).toEqual(await raw.dump(k('bin')));
      expect(replies[2]).toBe('v');
      expect(replies[3]).toEqual({});
    });

    it('in a transaction: EXEC is read as Buffers, and every other reply decoded as usual', async () => {
      await r.hset(k('h'), { f: 'é' });
      await r.sadd(k('s'), 'm');
      const replies = await r
        .pipeline()
        .get(k('p'))
        .dump(k('bin'))
        .hgetall(k('h'))
        .smembers(k('s'))
        .mget(k('p'), k('bin'))
        .functionDump()
        .execute();
      expect(replies[0]).toBe('v');
      expect(replies[1]).toEqual(await raw.dump(k('bin')));
      expect(replies[2]).toEqual({ f: 'é' });
      expect(replies[3]).toEqual(['m']);
      expect(replies[4]).toEqual(['v', binary.toString('utf8')]);
      expect(Buffer.isBuffer(replies[5])).toBe(true);
      // Without a binary command, EXEC is decoded by the parser as ever.
      expect(await r.pipeline().get(k('p')).hgetall(k('h')).execute()).toEqual(['v', { f: 'é' }]);
    });

    it('on a watched pipeline, in immediate mode and in its transaction', async () => {
      const pipe = r.pipeline();
      const watched = await pipe.watch(k('bin'));
      expect(await watched.dump(k('bin'))).toEqual(await raw.dump(k('bin')));
      expect(await watched.get(k('p'))).toBe('v');
      const results = await watched.multi().dump(k('bin')).get(k('p')).execute();
      expect(results).toEqual([await raw.dump(k('bin')), 'v']);
      // redis-py's idiom: the same watched object queues after multi(), its promises settled by execute().
      const again = await r.pipeline().watch(k('bin'));
      again.multi();
      const dumped = again.dump(k('bin'));
      const none = again.mget([]);
      const text = again.get(k('p'));
      expect(await again.execute()).toEqual([await raw.dump(k('bin')), [], 'v']);
      expect([await dumped, await none, await text]).toEqual([await raw.dump(k('bin')), [], 'v']);
    });

    it('mget([]) is [] without a round trip, on the client and in its place in pipelines', async () => {
      expect(await r.mget([])).toEqual([]);
      expect(await raw.mget([])).toEqual([]);
      expect(await r.pipeline({ transaction: false }).set(k('m'), '1').mget([]).get(k('m')).execute()).toEqual([true, [], '1']);
      expect(await r.pipeline().set(k('m'), '2').mget([]).get(k('m')).execute()).toEqual([true, [], '2']);
      expect(await r.pipeline().mget([]).execute()).toEqual([[]]);
      const watched = await r.pipeline().watch(k('m'));
      expect(await watched.mget([])).toEqual([]);
      await watched.reset();
      // The other forms still ask the server; none at all is still an error.
      expect(await r.mget(k('m'), k('nope'))).toEqual(['2', null]);
      await expect(r.mget(undefined as never)).rejects.toThrow(/needs at least one key/);
    });

    it('mget([]) works with the server gone: nothing is sent', async () => {
      const offline = new StrictRedis<true>({ port: 1, decodeResponses: true, retry: false, parserClass });
      try {
        expect(await offline.mget([])).toEqual([]);
        expect(await offline.pipeline().mget([]).execute()).toEqual([[]]);
      } finally {
        await offline.close();
      }
    });
  });
}
