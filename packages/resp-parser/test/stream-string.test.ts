import { describe, expect, it } from 'vitest';
import { DataError, RespParser, streamString, type RespValue } from '../src/index.js';

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const piece of source) out.push(piece);
  return out;
}

function decode(chunks: Buffer[]): RespValue[] {
  const replies: RespValue[] = [];
  const parser = new RespParser({ onReply: (r) => replies.push(r), onError: () => undefined, returnBuffers: true });
  for (const chunk of chunks) parser.feed(chunk);
  return replies;
}

async function* pieces(count: number, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < count; i++) yield Buffer.alloc(size, 97 + (i % 26));
}

describe('streamString', () => {
  it('RESP3: a streamed string ($? and ; chunks) whose pieces are handed on, not copied', async () => {
    const given: Buffer[] = [];
    const source = (async function* () {
      for await (const piece of pieces(50, 1000)) {
        given.push(piece);
        yield piece;
      }
    })();
    const out = await collect(streamString(source, { protocol: 3 }));
    for (const piece of given) expect(out).toContain(piece); // the same objects
    const [value] = decode(out) as [Buffer];
    expect(value.length).toBe(50_000);
    expect(value.subarray(1000, 1003).toString()).toBe('bbb');
  });

  it('RESP2: a bulk string with the declared length, the pieces in between', async () => {
    const out = await collect(streamString(['ab', Buffer.from('cd'), ''], { protocol: 2, length: 4 }));
    expect(Buffer.concat(out).toString()).toBe('$4\r\nabcd\r\n');
    expect(decode(out)).toEqual([Buffer.from('abcd')]);
  });

  it('RESP2 needs the length, and the pieces must match it', async () => {
    await expect(collect(streamString(['ab'], { protocol: 2 }))).rejects.toThrow(DataError);
    await expect(collect(streamString(['abc'], { protocol: 2, length: 2 }))).rejects.toThrow(/longer/);
    await expect(collect(streamString(['a'], { protocol: 2, length: 2 }))).rejects.toThrow(/declared length/);
  });
});
