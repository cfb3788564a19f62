import { describe, expect, it } from 'vitest';
import { ProtocolError, ResponseError, RespParser, type ParserOptions, type RespValue } from '../src/index.js';

function parserWith(options: Partial<ParserOptions> = {}): { parser: RespParser; replies: RespValue[]; errors: ResponseError[] } {
  const replies: RespValue[] = [];
  const errors: ResponseError[] = [];
  const parser = new RespParser({ onReply: (r) => replies.push(r), onError: (e) => errors.push(e), ...options });
  return { parser, replies, errors };
}

describe('RespParser', () => {
  it('reset() drops a half-read reply and stays usable', () => {
    const { parser, replies } = parserWith();
    parser.feed(Buffer.from('*3\r\n:1\r\n$5\r\nhel'));
    parser.reset();
    parser.feed(Buffer.from('+OK\r\n'));
    expect(replies).toEqual(['OK']);
  });

  it('keeps failing after a ProtocolError until reset()', () => {
    const { parser, replies } = parserWith();
    expect(() => parser.feed(Buffer.from('?bad\r\n'))).toThrow(ProtocolError);
    expect(() => parser.feed(Buffer.from('+OK\r\n'))).toThrow(ProtocolError);
    parser.reset();
    parser.feed(Buffer.from('+OK\r\n'));
    expect(replies).toEqual(['OK']);
  });

  it('names the stream offset of the problem', () => {
    const { parser } = parserWith();
    parser.feed(Buffer.from('+OK\r\n'));
    try {
      parser.feed(Buffer.from(':12x\r\n'));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ProtocolError);
      expect((err as ProtocolError).offset).toBe(8);
      expect((err as ProtocolError).message).toMatch(/offset 8/);
    }
  });

  it('stops feeding when a callback calls reset()', () => {
    const replies: RespValue[] = [];
    const parser: RespParser = new RespParser({
      onReply: (r) => {
        replies.push(r);
        if (r === 'stop') parser.reset();
      },
      onError: () => undefined,
    });
    parser.feed(Buffer.from('+a\r\n+stop\r\n+lost\r\n*2\r\n'));
    parser.feed(Buffer.from('+b\r\n'));
    expect(replies).toEqual(['a', 'stop', 'b']);
  });

  it('Buffers handed out are never changed by later feeding', () => {
    const { parser, replies } = parserWith({ returnBuffers: true });
    const chunks = [Buffer.from('$5\r\nhello\r\n$5\r\nwo'), Buffer.from('rld\r\n*2\r\n$1\r\na\r\n'), Buffer.from('$1\r\nb\r\n$3\r\nxyz\r\n')];
    for (const chunk of chunks) parser.feed(chunk);
    const copies = replies.map((r) => JSON.stringify(r));
    for (let i = 0; i < 50; i++) parser.feed(Buffer.from('$5\r\nZZZZZ\r\n'));
    expect(replies.slice(0, 4).map((r) => JSON.stringify(r))).toEqual(copies);
    expect(replies.slice(0, 4)).toEqual([Buffer.from('hello'), Buffer.from('world'), [Buffer.from('a'), Buffer.from('b')], Buffer.from('xyz')]);
  });

  it('a bulk string that spanned chunks does not share memory with them', () => {
    const { parser, replies } = parserWith({ returnBuffers: true });
    const first = Buffer.from('$6\r\nabc');
    const second = Buffer.from('def\r\n');
    parser.feed(first);
    parser.feed(second);
    first.fill(0);
    second.fill(0);
    expect(replies).toEqual([Buffer.from('abcdef')]);
  });

  it('simple strings stay strings with returnBuffers', () => {
    const { parser, replies } = parserWith({ returnBuffers: true });
    parser.feed(Buffer.from('+OK\r\n*2\r\n+a\r\n$1\r\nb\r\n'));
    expect(replies).toEqual(['OK', ['a', Buffer.from('b')]]);
  });

  it('top-level errors go to onError with their class, nested ones stay in place', () => {
    const { parser, replies, errors } = parserWith();
    parser.feed(Buffer.from('-MOVED 12 10.0.0.1:7000\r\n*1\r\n-NOSCRIPT nope\r\n'));
    expect(errors.map((e) => [e.constructor.name, e.message])).toEqual([['MovedError', 'MOVED 12 10.0.0.1:7000']]);
    expect((replies[0] as ResponseError[])[0]!.constructor.name).toBe('NoScriptError');
  });
});
