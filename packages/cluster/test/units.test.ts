import { describe, expect, it } from 'vitest';
import { CrossSlotError } from '@aredis/resp-parser';
import { SlotMap, commandSlot, keySlot, mergeReplies } from '../src/index.js';
import { mergeParts, splitBySlot } from '../src/split.js';

// The pure parts: slots, the fan-out merges, the multi-key split. No server.

describe('slots', () => {
  it('hashes as the server does (values from CLUSTER KEYSLOT), hash tags included', () => {
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('{user1000}.following')).toBe(keySlot('user1000'));
    expect(keySlot('foo{}{bar}')).toBe(8363);
    expect(keySlot(Buffer.from('foo{}{bar}'))).toBe(8363);
    expect(keySlot('foo{{bar}}zap')).toBe(keySlot('{bar'));
    expect(keySlot(Buffer.from('{a}b'))).toBe(keySlot('a'));
  });

  it('finds the one slot of a command from its key specs, or refuses several', () => {
    expect(commandSlot(['GET', 'foo'])).toBe(12182);
    expect(commandSlot(['PING'])).toBeUndefined();
    expect(commandSlot(['EVAL', 'return 1', '2', '{t}a', '{t}b', 'argv'])).toBe(keySlot('t'));
    expect(commandSlot(['SPUBLISH', 'chan', 'msg'])).toBe(keySlot('chan'));
    expect(() => commandSlot(['SUNIONSTORE', 'a', 'b', 'c'])).toThrow(CrossSlotError);
  });

  it('builds the map from CLUSTER SLOTS, an empty host meaning the node asked', () => {
    const map = SlotMap.fromRanges(
      [
        { start: 0, end: 100, primary: ['', 7000, 'a'], replicas: [['10.0.0.2', 7001, 'b']] },
        { start: 101, end: 16383, primary: ['10.0.0.3', 7000, 'c'], replicas: [] },
      ],
      { host: '10.0.0.1', port: 7000 },
    );
    expect(map.master(50)).toBe('10.0.0.1:7000');
    expect(map.replicas(50)).toEqual(['10.0.0.2:7001']);
    expect(map.master(16383)).toBe('10.0.0.3:7000');
    expect(map.masters()).toEqual(['10.0.0.1:7000', '10.0.0.3:7000']);
    expect(map.uncovered).toBe(0);
    map.moveSlot(50, '10.0.0.3:7000');
    expect(map.master(50)).toBe('10.0.0.3:7000');
    expect(map.replicas(50)).toEqual([]);
  });
});

describe('merges', () => {
  const replies = (...values: unknown[]) => new Map(values.map((v, i) => [`n${i}:1`, v]));
  it('sums, joins, ands, keeps a common reply, or gives one per node', () => {
    expect(mergeReplies('sum', replies(1, 2, 3))).toBe(6);
    expect(mergeReplies('concat', replies(['a'], [], ['b', 'c']))).toEqual(['a', 'b', 'c']);
    expect(mergeReplies('and', replies([true, true], [true, false]))).toEqual([true, false]);
    expect(mergeReplies('same', replies('OK', 'OK'))).toBe('OK');
    expect(mergeReplies('same', replies('OK', 'NO'))).toEqual({ 'n0:1': 'OK', 'n1:1': 'NO' });
    expect(mergeReplies('per-node', replies(1, 2))).toEqual({ 'n0:1': 1, 'n1:1': 2 });
  });

  it('splits multi-key commands by slot and puts the replies back in key order', () => {
    const keys = ['a', 'b', 'c', 'a'];
    const parts = splitBySlot('MGET', ['MGET', ...keys])!;
    expect(parts.length).toBe(3);
    for (const part of parts) for (const key of part.args.slice(1)) expect(keySlot(key)).toBe(part.slot);
    const values = parts.map((part) => part.args.slice(1).map((k) => `v-${String(k)}`));
    expect(mergeParts('MGET', parts, values)).toEqual(['v-a', 'v-b', 'v-c', 'v-a']);
    const mset = splitBySlot('MSET', ['MSET', 'a', '1', 'b', '2'])!;
    expect(mset.map((p) => p.args)).toEqual([['MSET', 'a', '1'], ['MSET', 'b', '2']]);
    expect(mergeParts('DEL', splitBySlot('DEL', ['DEL', 'a', 'b'])!, [1, 0])).toBe(1);
    expect(splitBySlot('MGET', ['MGET', '{t}a', '{t}b'])).toBeUndefined();
    expect(splitBySlot('SUNION', ['SUNION', 'a', 'b'])).toBeUndefined();
  });
});
