import { REPLY_MODE_CASES, checkReplyModes } from '@aredis/resp-parser/vectors';
import { describe, expect, it } from 'vitest';
import { NativeRespParser } from '../src/index.js';
import { setTinyPath } from '../src/tiny.js';
import { skipReason } from './availability.js';

describe.skipIf(skipReason !== undefined)('returnBuffers per reply (NativeRespParser)', () => {
  for (const replyCase of REPLY_MODE_CASES) {
    it(replyCase.name, () => {
      expect(checkReplyModes(NativeRespParser, replyCase)).toEqual({ ok: true });
      // Again with the JavaScript path for tiny chunks off: the tape decoder alone.
      setTinyPath(false);
      try {
        expect(checkReplyModes(NativeRespParser, replyCase)).toEqual({ ok: true });
      } finally {
        setTinyPath(true);
      }
    });
  }

  it('a tiny chunk (one short reply) follows the mode too', () => {
    const replies: unknown[] = [];
    const parser = new NativeRespParser({ onReply: (r) => replies.push(r), onError: () => undefined });
    parser.feed(Buffer.from('$2\r\nhi\r\n'));
    parser.returnBuffers = true;
    parser.feed(Buffer.from('$2\r\nhi\r\n'));
    parser.feed(Buffer.from('*2\r\n$1\r\na\r\n:1\r\n'));
    parser.returnBuffers = false;
    parser.feed(Buffer.from('$2\r\nhi\r\n'));
    expect(replies).toEqual(['hi', Buffer.from('hi'), [Buffer.from('a'), 1], 'hi']);
    expect(parser.returnBuffers).toBe(false);
  });
});
