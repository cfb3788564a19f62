// Large replies cut into socket-sized chunks. These finish quickly only because the decoder is
// linear (no re-scan or re-concat per chunk); no time is asserted (a shared machine varies).
import { describe, expect, it } from 'vitest';
import { ProtocolError, RespParser, type RespValue } from '../src/index.js';
import { chunked } from './support.js';

function decodeChunks(chunks: Buffer[], returnBuffers: boolean): RespValue[] {
  const replies: RespValue[] = [];
  const parser = new RespParser({ onReply: (r) => replies.push(r), onError: (e) => replies.push(e), returnBuffers });
  for (const chunk of chunks) parser.feed(chunk);
  return replies;
}

describe('large replies in 64 KiB chunks', () => {
  it('a 100 MB bulk string', () => {
    const size = 100 * 1024 * 1024;
    const input = Buffer.allocUnsafe(size + 20);
    const header = Buffer.from(`$${size}\r\n`);
    header.copy(input);
    input.fill(0x61, header.length, header.length + size);
    input[header.length + 12345] = 0x62;
    const end = header.length + size;
    input.write('\r\n+OK\r\n', end);
    const bytes = input.subarray(0, end + 7);
    const [big, ok] = decodeChunks(chunked(bytes, 64 * 1024), true) as [Buffer, string];
    expect(big.length).toBe(size);
    expect(big[12345]).toBe(0x62);
    expect(big[0]).toBe(0x61);
    expect(big[size - 1]).toBe(0x61);
    expect(ok).toBe('OK');
  });

  it('a 10 MB bulk string decoded as UTF-8, cut inside multi-byte characters', () => {
    const text = 'é😀x'.repeat(1024 * 1024);
    const body = Buffer.from(text);
    const input = Buffer.concat([Buffer.from(`$${body.length}\r\n`), body, Buffer.from('\r\n')]);
    const [decoded] = decodeChunks(chunked(input, 64 * 1024 + 1), false);
    expect(decoded).toBe(text);
  });

  it('a 1,000,000-element array', () => {
    const n = 1_000_000;
    const input = Buffer.from(`*${n}\r\n${':7\r\n$2\r\nab\r\n'.repeat(n / 2)}`);
    for (const size of [64 * 1024, 1000]) {
      const [array] = decodeChunks(chunked(input, size), false) as [RespValue[]];
      expect(array.length).toBe(n);
      expect(array[0]).toBe(7);
      expect(array[1]).toBe('ab');
      expect(array[n - 2]).toBe(7);
      expect(array[n - 1]).toBe('ab');
    }
  });

  it('a huge declared length allocates nothing before the bytes arrive', () => {
    const parser = new RespParser({ onReply: () => undefined, onError: () => undefined });
    const before = process.memoryUsage().arrayBuffers;
    parser.feed(Buffer.from('*2000000000\r\n*2000000000\r\n$500000000\r\nabc'));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('long bulk strings decoded while they arrive', () => {
  const text = 'aé€😀'.repeat(4000); // 40,000 bytes: above the piece-by-piece threshold
  const body = Buffer.from(text);
  const input = Buffer.concat([Buffer.from(`$${body.length}\r\n`), body, Buffer.from('\r\n:1\r\n')]);

  it.each([1, 3, 7, 1000, 4099, 39_999])('cut every %i bytes, in every encoding mode', (size) => {
    expect(decodeChunks(chunked(input, size), false)).toEqual([text, 1]);
    expect(decodeChunks(chunked(input, size), true)).toEqual([body, 1]);
  });

  it('latin1 and hex encodings', () => {
    for (const encoding of ['latin1', 'hex'] as const) {
      const replies: RespValue[] = [];
      const parser = new RespParser({ onReply: (r) => replies.push(r), onError: () => undefined, encoding });
      for (const chunk of chunked(input, 4097)) parser.feed(chunk);
      expect(replies).toEqual([body.toString(encoding), 1]);
    }
  });

  it.each([1, 2, 1000])('a wrong CR LF after the body is a ProtocolError (cut every %i bytes)', (size) => {
    const bad = Buffer.from(input);
    bad[bad.length - 6] = 0x58; // the LF after the body
    expect(() => decodeChunks(chunked(bad, size), false)).toThrow(ProtocolError);
  });
});

// Long ASCII bodies are cut as latin1 without UTF-8 decoding (whole in one chunk, or piece by
// piece while every piece so far was ASCII); any other byte must still decode as UTF-8 does.
describe('long strings: the ASCII fast path gives what UTF-8 decoding gives', () => {
  const bulk = (body: Buffer): Buffer => Buffer.concat([Buffer.from(`$${body.length}\r\n`), body, Buffer.from('\r\n')]);
  const ascii = (n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => String.fromCharCode(32 + (i % 95))).join(''));
  const bodies: [string, Buffer][] = [
    ['ASCII', ascii(300_000)],
    ['ASCII, then a multi-byte character cut between two chunks', Buffer.concat([ascii(4096 * 3 - 2), Buffer.from('😀'), ascii(100_000)])],
    ['ASCII, then one non-ASCII chunk, then ASCII again', Buffer.concat([ascii(70_000), Buffer.from('é'), ascii(70_000)])],
    ['ASCII with a byte that is not UTF-8', Buffer.concat([ascii(50_000), Buffer.from([0xff, 0xc3]), ascii(50_000)])],
    ['a non-ASCII first byte', Buffer.concat([Buffer.from('ü'), ascii(100_000)])],
  ];

  it.each(bodies)('%s, cut into chunks', (_, body) => {
    const [decoded] = decodeChunks(chunked(bulk(body), 4096), false);
    expect(decoded).toBe(body.toString('utf8'));
  });

  it.each([1024, 1500, 4096, 70_000])('%i-byte bodies whole in one chunk, at top level and in an array', (n) => {
    const plain = ascii(n);
    const accented = Buffer.concat([ascii(n - 2), Buffer.from('é')]);
    const broken = Buffer.concat([ascii(n - 1), Buffer.from([0x80])]);
    const input = Buffer.concat([bulk(plain), bulk(accented), bulk(broken), Buffer.from('*3\r\n'), bulk(plain), bulk(accented), bulk(broken)]);
    const expected = [plain, accented, broken].map((b) => b.toString('utf8'));
    expect(decodeChunks([input], false)).toEqual([...expected, expected]);
  });
});

describe('long strings gathered into a reused buffer, and above the gather size', () => {
  const bulk = (body: Buffer): Buffer => Buffer.concat([Buffer.from(`$${body.length}\r\n`), body, Buffer.from('\r\n')]);

  it('replies one after another on one parser, each shorter than the last, keep none of the bytes before them', () => {
    const bodies = [Buffer.alloc(900_000, 'a'), Buffer.from('é'.repeat(200_000)), Buffer.alloc(50_000, 'c'), Buffer.from('😀'.repeat(10_000))];
    const replies = decodeChunks(chunked(Buffer.concat(bodies.map(bulk)), 65_536), false);
    expect(replies).toEqual(bodies.map((b) => b.toString('utf8')));
  });

  it('a 9 MiB body (decoded piece by piece): ASCII pieces, then a multi-byte character cut between two chunks, then ASCII', () => {
    const head = Buffer.alloc(9 * 1024 * 1024, 'q');
    const body = Buffer.concat([head.subarray(0, 65_536 * 3 - 1), Buffer.from('€'), head]);
    const [decoded] = decodeChunks(chunked(bulk(body), 65_536), false);
    expect(decoded).toBe(body.toString('utf8'));
  });

  it('a 9 MiB ASCII body in latin1 and hex', () => {
    const body = Buffer.alloc(9 * 1024 * 1024, 'z');
    for (const encoding of ['latin1', 'hex'] as const) {
      const replies: RespValue[] = [];
      const parser = new RespParser({ onReply: (r) => replies.push(r), onError: () => undefined, encoding });
      for (const chunk of chunked(bulk(body), 65_536)) parser.feed(chunk);
      expect(replies).toEqual([body.toString(encoding)]);
    }
  });
});
