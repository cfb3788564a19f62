import { describe, expect, it } from 'vitest';
import { DataError, ProtocolError, RequestReader, encodeCommand, type RequestReaderOptions } from '../src/index.js';

type Limits = Omit<RequestReaderOptions, 'onCommand'>;

/** The commands (as strings) read from `input`, fed whole and byte by byte: both must agree. */
function read(input: string | Buffer, limits: Limits = {}): string[][] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  const runs = [[bytes], [...bytes].map((b) => Buffer.from([b]))].map((chunks) => {
    const commands: string[][] = [];
    const reader = new RequestReader({ ...limits, onCommand: (args) => commands.push(args.map((a) => a.toString('latin1'))) });
    for (const chunk of chunks) reader.feed(chunk);
    return commands;
  });
  expect(runs[1]).toEqual(runs[0]);
  return runs[0]!;
}

/** Feeding `input` whole and byte by byte both throw a ProtocolError. */
function refused(input: string, limits: Limits = {}): void {
  const bytes = Buffer.from(input, 'latin1');
  for (const chunks of [[bytes], [...bytes].map((b) => Buffer.from([b]))]) {
    const reader = new RequestReader({ ...limits, onCommand: () => undefined });
    expect(() => chunks.forEach((chunk) => reader.feed(chunk)), input).toThrow(ProtocolError);
  }
}

describe('RequestReader', () => {
  it('reads arrays of bulk strings, pipelined', () => {
    const input = Buffer.concat([encodeCommand(['SET', 'k', 'a\r\nb']), encodeCommand(['GET', 'k']), encodeCommand(['PING'])]);
    expect(read(input)).toEqual([['SET', 'k', 'a\r\nb'], ['GET', 'k'], ['PING']]);
  });

  it('keeps binary arguments exactly, and empty ones', () => {
    const blob = Buffer.from([0, 13, 10, 255, 36]);
    const commands: Buffer[][] = [];
    const reader = new RequestReader({ onCommand: (args) => commands.push(args) });
    reader.feed(encodeCommand(['SET', blob, '']));
    expect(commands).toEqual([[Buffer.from('SET'), blob, Buffer.alloc(0)]]);
  });

  it('reads inline commands as redis-cli in a pipe and telnet send them, with quotes', () => {
    expect(read('PING\r\nECHO hello\n  SET  k   v \r\n')).toEqual([['PING'], ['ECHO', 'hello'], ['SET', 'k', 'v']]);
    expect(read('SET k "a b\\n\\x41\\"" \'it\\\'s\'\r\n')).toEqual([['SET', 'k', 'a b\nA"', "it's"]]);
    expect(read('\r\n\n*0\r\n*-1\r\nPING\r\n')).toEqual([['PING']]);
    expect(read('PING\r\n*1\r\n$4\r\nPING\r\nPING\r\n')).toEqual([['PING'], ['PING'], ['PING']]);
  });

  it('refuses malformed requests with ProtocolError', () => {
    refused('*1\r\n:1\r\n'); // not a bulk string
    refused('*1\r\n$x\r\n');
    refused('*1\r\n$-1\r\n');
    refused('*x\r\n');
    refused('*1\n');
    refused('*1\r\n$3\r\nabcX'); // wrong byte after the body, judged at once
    refused('*1\r\n$3\r\nabc\rX');
    refused('SET k "unbalanced\r\n');
    refused('SET k "a"b\r\n');
  });

  it('enforces maxBulkLength, maxArgs and maxInlineLength', () => {
    refused('*1\r\n$11\r\n', { maxBulkLength: 10 });
    expect(read('*1\r\n$10\r\n0123456789\r\n', { maxBulkLength: 10 })).toEqual([['0123456789']]);
    refused('*4\r\n', { maxArgs: 3 });
    refused('a b c d\r\n', { maxArgs: 3 });
    refused(`${'x'.repeat(20)}`, { maxInlineLength: 16 }); // no line end: fails once past the limit
    refused(`*${'1'.repeat(20)}`, { maxInlineLength: 16 });
    expect(read(`${'x'.repeat(16)}\r\n`, { maxInlineLength: 16 })).toEqual([['x'.repeat(16)]]);
  });

  it('throws the same ProtocolError until reset(), then reads again', () => {
    const commands: string[][] = [];
    const reader = new RequestReader({ onCommand: (args) => commands.push(args.map(String)) });
    expect(() => reader.feed(Buffer.from('*1\r\n:1\r\n'))).toThrow(ProtocolError);
    expect(() => reader.feed(Buffer.from('PING\r\n'))).toThrow(ProtocolError);
    reader.reset();
    reader.feed(Buffer.from('PING\r\n'));
    expect(commands).toEqual([['PING']]);
  });

  it('checks its options', () => {
    expect(() => new RequestReader({ onCommand: () => undefined, maxArg: 3 } as never)).toThrow(DataError);
  });
});
