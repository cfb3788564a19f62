import { ProtocolError, type RespValue } from '@aredis/resp-parser';
import { chunked } from '@aredis/resp-parser/vectors';
import { describe, expect, it } from 'vitest';
import { NativeRespParser } from '../src/index.js';
import { skipReason } from './availability.js';

function collect(options: { returnBuffers?: boolean } = {}) {
  const replies: RespValue[] = [];
  const parser = new NativeRespParser({
    ...options,
    onReply: (v) => replies.push(v),
    onError: (e) => replies.push(e),
  });
  return { parser, replies };
}

describe.skipIf(skipReason !== undefined)('big inputs', () => {
  it('a 100 MB bulk string in 64 KiB chunks', () => {
    const size = 100 * 1024 * 1024;
    const input = Buffer.allocUnsafe(size + 32);
    const header = Buffer.from(`$${size}\r\n`);
    header.copy(input);
    input.fill(0x61, header.length, header.length + size);
    input[header.length + size - 1] = 0x7a;
    input.write('\r\n+OK\r\n', header.length + size, 'latin1');
    const total = header.length + size + 7;
    const { parser, replies } = collect({ returnBuffers: true });
    for (const chunk of chunked(input.subarray(0, total), 64 * 1024)) parser.feed(chunk);
    expect(replies.length).toBe(2);
    const value = replies[0] as Buffer;
    expect(value.length).toBe(size);
    expect(value[0]).toBe(0x61);
    expect(value[size - 1]).toBe(0x7a);
    expect(replies[1]).toBe('OK');
  });

  it('a 1 MB ASCII and a 1 MB UTF-8 bulk string in 64 KiB chunks, decoded to strings', () => {
    const ascii = 'abcdefghij'.repeat(104_858);
    const utf8 = 'é✓'.repeat(209_716);
    const input = Buffer.from(`$${ascii.length}\r\n${ascii}\r\n$${Buffer.byteLength(utf8)}\r\n${utf8}\r\n`);
    const { parser, replies } = collect();
    for (const chunk of chunked(input, 64 * 1024)) parser.feed(chunk);
    expect(replies.length).toBe(2);
    expect(replies[0] === ascii).toBe(true);
    expect(replies[1] === utf8).toBe(true);
  });

  it('a 1,000,000-element array in 64 KiB chunks', () => {
    const n = 1_000_000;
    const parts = [`*${n}\r\n`];
    for (let i = 0; i < n; i++) parts.push(i % 2 ? `:${i}\r\n` : `$${String(i).length}\r\n${i}\r\n`);
    const input = Buffer.from(parts.join(''));
    const { parser, replies } = collect();
    for (const chunk of chunked(input, 64 * 1024)) parser.feed(chunk);
    expect(replies.length).toBe(1);
    const array = replies[0] as RespValue[];
    expect(array.length).toBe(n);
    expect(array[0]).toBe('0');
    expect(array[1]).toBe(1);
    expect(array[n - 2]).toBe(String(n - 2));
    expect(array[n - 1]).toBe(n - 1);
  });

  it('a huge declared length or count allocates nothing before the bytes arrive', () => {
    const before = process.memoryUsage().rss;
    const parsers = Array.from({ length: 20 }, () => collect());
    for (const { parser } of parsers) {
      parser.feed(Buffer.from('$536870912\r\nab'));
      parser.feed(Buffer.from('*2147483647\r\n:1\r\n'));
    }
    const grown = process.memoryUsage().rss - before;
    expect(grown).toBeLessThan(64 * 1024 * 1024);
    for (const { replies } of parsers) expect(replies).toEqual([]);
  });
});

describe.skipIf(skipReason !== undefined)('parser behaviour', () => {
  it('reset() drops a half-read reply', () => {
    const { parser, replies } = collect();
    parser.feed(Buffer.from('*3\r\n:1\r\n$5\r\nhel'));
    parser.reset();
    parser.feed(Buffer.from('+OK\r\n'));
    expect(replies).toEqual(['OK']);
  });

  it('a ProtocolError names the stream offset of the bad line, across chunks', () => {
    const { parser, replies } = collect();
    parser.feed(Buffer.from('+OK\r\n:1'));
    let error: unknown;
    try {
      parser.feed(Buffer.from('\r\n?bad\r\n'));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).offset).toBe(9);
    expect(replies).toEqual(['OK', 1]);
  });

  it('feed() from inside a callback is queued after the current chunk', () => {
    const replies: RespValue[] = [];
    const parser: NativeRespParser = new NativeRespParser({
      onReply: (v) => {
        replies.push(v);
        if (v === 'first') parser.feed(Buffer.from('+third\r\n'));
      },
      onError: () => {},
    });
    parser.feed(Buffer.from('+first\r\n+second\r\n'));
    expect(replies).toEqual(['first', 'second', 'third']);
  });

  it('returned Buffers are not changed by later chunks', () => {
    const { parser, replies } = collect({ returnBuffers: true });
    parser.feed(Buffer.from('$3\r\nab'));
    parser.feed(Buffer.from('c\r\n$3\r\nxyz\r\n'));
    parser.feed(Buffer.from('$3\r\nqqq\r\n'));
    expect(replies.map((b) => (b as Buffer).toString())).toEqual(['abc', 'xyz', 'qqq']);
  });

  it('a bulk string split inside a multi-byte UTF-8 character decodes whole', () => {
    const { parser, replies } = collect();
    const input = Buffer.from('$4\r\n😀\r\n');
    parser.feed(input.subarray(0, 6));
    parser.feed(input.subarray(6));
    expect(replies).toEqual(['😀']);
  });
});

describe.skipIf(skipReason !== undefined)('big ASCII strings that came in many chunks', () => {
  const bulk = (text: string): string => `$${Buffer.byteLength(text)}\r\n${text}\r\n`;

  it('one after another on one parser, each shorter than the last, keep none of the bytes before them', () => {
    const texts = ['a'.repeat(900_000), 'b'.repeat(300_000), 'c'.repeat(70_000)];
    const { parser, replies } = collect();
    for (const chunk of chunked(Buffer.from(texts.map(bulk).join('')), 64 * 1024)) parser.feed(chunk);
    expect(replies).toEqual(texts);
  });

  it('a 9 MiB one (decoded piece by piece, above the gather size)', () => {
    const text = 'xyz'.repeat(3 * 1024 * 1024);
    const { parser, replies } = collect();
    for (const chunk of chunked(Buffer.from(bulk(text)), 64 * 1024)) parser.feed(chunk);
    expect(replies.length).toBe(1);
    expect(replies[0] === text).toBe(true);
  });
});
