import { describe, expect, it } from 'vitest';
import { DataError } from '@aredis/resp-parser';
import { checkKeyPrefix, prefixKeys } from '../src/index.js';

describe('prefixKeys (no server)', () => {
  const p = (...command: (string | Buffer | number)[]) => prefixKeys(command, 'app:');

  it('prefixes the keys the specifications name, and nothing else', () => {
    expect(p('GET', 'k')).toEqual(['GET', 'app:k']);
    expect(p('MSET', 'a', '1', 'b', '2')).toEqual(['MSET', 'app:a', '1', 'app:b', '2']);
    expect(p('MGET', 'a', 'b')).toEqual(['MGET', 'app:a', 'app:b']);
    expect(p('EVAL', 'return 1', 2, 'a', 'b', 'arg')).toEqual(['EVAL', 'return 1', 2, 'app:a', 'app:b', 'arg']);
    expect(p('XREAD', 'COUNT', 1, 'STREAMS', 's1', 's2', '0', '0')).toEqual(['XREAD', 'COUNT', 1, 'STREAMS', 'app:s1', 'app:s2', '0', '0']);
    expect(p('ZUNIONSTORE', 'dest', 2, 'x', 'y')).toEqual(['ZUNIONSTORE', 'app:dest', 2, 'app:x', 'app:y']);
    expect(p('OBJECT', 'ENCODING', 'k')).toEqual(['OBJECT', 'ENCODING', 'app:k']);
    expect(p('PING')).toEqual(['PING']);
    expect(p('PUBLISH', 'news', 'hi')).toEqual(['PUBLISH', 'news', 'hi']);
    expect(p('SPUBLISH', 'news', 'hi')).toEqual(['SPUBLISH', 'news', 'hi']); // a shard channel is not a key
  });

  it("SORT: its key, STORE's destination and the BY/GET patterns, but not '#' nor BY nosort", () => {
    expect(p('SORT', 'list', 'BY', 'w_*', 'GET', '#', 'GET', 'o_*->f', 'LIMIT', 0, 5, 'STORE', 'out')).toEqual([
      'SORT', 'app:list', 'BY', 'app:w_*', 'GET', '#', 'GET', 'app:o_*->f', 'LIMIT', 0, 5, 'STORE', 'app:out',
    ]);
    expect(p('SORT', 'list', 'BY', 'nosort')).toEqual(['SORT', 'app:list', 'BY', 'nosort']);
    expect(p('SORT_RO', 'list', 'GET', 'x_*')).toEqual(['SORT_RO', 'app:list', 'GET', 'app:x_*']);
  });

  it('Buffer keys and Buffer prefixes give Buffers, byte for byte; the command given is left as it was', () => {
    const key = Buffer.from([0xff, 0x00]);
    expect(prefixKeys(['GET', key], 'p:')).toEqual(['GET', Buffer.from([0x70, 0x3a, 0xff, 0x00])]);
    expect(prefixKeys(['GET', 'k'], Buffer.from([0x01]))).toEqual(['GET', Buffer.from([0x01, 0x6b])]);
    const command = ['DEL', 'a'];
    prefixKeys(command, 'x:');
    expect(command).toEqual(['DEL', 'a']);
  });

  it('checkKeyPrefix refuses what cannot be a prefix', () => {
    expect(checkKeyPrefix('StrictRedis', undefined)).toBeUndefined();
    expect(checkKeyPrefix('StrictRedis', 'a:')).toBe('a:');
    expect(() => checkKeyPrefix('StrictRedis', '')).toThrow(DataError);
    expect(() => checkKeyPrefix('StrictRedis', 5)).toThrow(/keyPrefix/);
  });
});
