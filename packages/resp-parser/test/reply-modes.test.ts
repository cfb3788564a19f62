import { REPLY_MODE_CASES, checkReplyModes } from '@aredis/resp-parser/vectors';
import { describe, expect, it } from 'vitest';
import { RespParser } from '../src/index.js';

describe('returnBuffers per reply (RespParser)', () => {
  for (const replyCase of REPLY_MODE_CASES) {
    it(replyCase.name, () => {
      expect(checkReplyModes(RespParser, replyCase)).toEqual({ ok: true });
    });
  }

  it('reads the mode back and keeps it across reset()', () => {
    const replies: unknown[] = [];
    const parser = new RespParser({ onReply: (r) => replies.push(r), onError: () => undefined });
    expect(parser.returnBuffers).toBe(false);
    parser.returnBuffers = true;
    parser.reset();
    expect(parser.returnBuffers).toBe(true);
    parser.feed(Buffer.from('$2\r\nhi\r\n'));
    expect(replies).toEqual([Buffer.from('hi')]);
  });
});
