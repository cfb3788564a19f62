import { describe, expect, it } from 'vitest';
import { CommandWriter, DataError, RespParser, encodeCommand, type CommandArg, type RespValue } from '../src/index.js';

/** Decodes a command's bytes with our own parser (a command is an array of bulk strings). */
function decode(bytes: Buffer): RespValue[] {
  const replies: RespValue[] = [];
  const parser = new RespParser({ onReply: (r) => replies.push(r), onError: (e) => replies.push(e), returnBuffers: true });
  parser.feed(bytes);
  return replies;
}

describe('encodeCommand', () => {
  it('writes an array of bulk strings', () => {
    expect(encodeCommand(['SET', 'key', 'value']).toString()).toBe('*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n');
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(encodeCommand(['SET', 'ключ', '😀']).toString()).toBe('*3\r\n$3\r\nSET\r\n$8\r\nключ\r\n$4\r\n😀\r\n');
  });

  it('writes Buffers byte for byte', () => {
    const binary = Buffer.from([0, 13, 10, 255]);
    expect(encodeCommand(['SET', binary, Buffer.alloc(0)])).toEqual(
      Buffer.concat([Buffer.from('*3\r\n$3\r\nSET\r\n$4\r\n'), binary, Buffer.from('\r\n$0\r\n\r\n')]),
    );
  });

  it('writes numbers and bigints as Redis reads them', () => {
    const args: CommandArg[] = ['X', 0, -1, 1.5, 0.1, Infinity, -Infinity, 12345678901234567890n, -5n];
    expect(decode(encodeCommand(args))[0]).toEqual(
      ['X', '0', '-1', '1.5', '0.1', 'inf', '-inf', '12345678901234567890', '-5'].map((s) => Buffer.from(s)),
    );
  });

  it('writes long and multi-digit-length arguments', () => {
    const long = 'a'.repeat(12345);
    const args = Array.from({ length: 150 }, (_, i) => `arg${i}`);
    expect(decode(encodeCommand(['SET', long]))[0]).toEqual([Buffer.from('SET'), Buffer.from(long)]);
    expect(decode(encodeCommand(args))[0]).toEqual(args.map((s) => Buffer.from(s)));
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['true', true],
    ['an object', { a: 1 }],
    ['an array', [1]],
    ['NaN', NaN],
    ['a symbol', Symbol('s')],
  ])('throws DataError naming the index for %s', (_, bad) => {
    const args = ['SET', 'key', bad] as unknown as CommandArg[];
    expect(() => encodeCommand(args)).toThrow(DataError);
    expect(() => encodeCommand(args)).toThrow(/SET argument at index 2/);
  });
});

describe('CommandWriter', () => {
  it('batches commands and hands out exactly what was written', () => {
    const writer = new CommandWriter();
    writer.write(['SET', 'k', 'v']);
    writer.write(['GET', 'k']);
    expect(writer.pendingBytes).toBe(encodeCommand(['SET', 'k', 'v']).length + encodeCommand(['GET', 'k']).length);
    expect(Buffer.concat(writer.take()).toString()).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n');
    expect(writer.take()).toEqual([]);
    expect(writer.pendingBytes).toBe(0);
  });

  it('never changes bytes already handed out', () => {
    const writer = new CommandWriter({ slabSize: 256 });
    const handedOut: { chunk: Buffer; copy: Buffer }[] = [];
    const expected: Buffer[] = [];
    for (let i = 0; i < 500; i++) {
      const args = ['SET', `key:${i}`, 'x'.repeat(i % 97)];
      writer.write(args);
      expected.push(encodeCommand(args));
      if (i % 3 === 0) for (const chunk of writer.take()) handedOut.push({ chunk, copy: Buffer.from(chunk) });
    }
    for (const chunk of writer.take()) handedOut.push({ chunk, copy: Buffer.from(chunk) });
    for (const { chunk, copy } of handedOut) expect(chunk.equals(copy)).toBe(true);
    expect(Buffer.concat(handedOut.map((h) => h.chunk))).toEqual(Buffer.concat(expected));
  });

  it('passes large Buffer arguments through without copying', () => {
    const writer = new CommandWriter({ largeArgument: 1024 });
    const big = Buffer.alloc(4096, 7);
    writer.write(['SET', 'k', big]);
    writer.write(['PING']);
    const chunks = writer.take();
    expect(chunks.some((chunk) => chunk === big)).toBe(true);
    expect(Buffer.concat(chunks)).toEqual(Buffer.concat([encodeCommand(['SET', 'k', big]), encodeCommand(['PING'])]));
  });

  it('copies small Buffers and grows past the slab size for a big command', () => {
    const writer = new CommandWriter({ slabSize: 64, largeArgument: 1 << 30 });
    const small = Buffer.from('abc');
    const bigText = 'y'.repeat(1000);
    writer.write(['SET', 'a', small]);
    writer.write(['SET', 'b', bigText]);
    const chunks = writer.take();
    expect(chunks.includes(small)).toBe(false);
    expect(Buffer.concat(chunks)).toEqual(Buffer.concat([encodeCommand(['SET', 'a', small]), encodeCommand(['SET', 'b', bigText])]));
  });

  it('writes nothing when an argument is invalid', () => {
    const writer = new CommandWriter();
    writer.write(['PING']);
    expect(() => writer.write(['SET', 'k', null as unknown as string])).toThrow(/index 2/);
    expect(Buffer.concat(writer.take()).toString()).toBe('*1\r\n$4\r\nPING\r\n');
  });
});
