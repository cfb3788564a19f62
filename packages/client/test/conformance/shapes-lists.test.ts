import { expect, it } from 'vitest';
import { useServer } from '../commands/harness.js';
import { eachMode } from './modes.js';

// List commands: pushes give the new length, ranges are lists, a pop is one value (a list with
// a count), BLPOP is (key, value) and None on timeout, LSET/LTRIM are True.

const server = useServer();

eachMode('list reply shapes', server, (mode) => {
  const { v, k } = mode;
  it('pushes, ranges, pops', async () => {
    expect(await mode.r.rpush(k('l'), 'a', 'b', 'c')).toBe(3);
    expect(await mode.r.lpush(k('l'), 'z')).toBe(4);
    expect(await mode.r.lrange(k('l'), 0, -1)).toEqual([v('z'), v('a'), v('b'), v('c')]);
    expect(await mode.r.lindex(k('l'), 1)).toEqual(v('a'));
    expect(await mode.r.lindex(k('l'), 99)).toBeNull();
    expect(await mode.r.lpop(k('l'))).toEqual(v('z'));
    expect(await mode.r.rpop(k('l'), 2)).toEqual([v('c'), v('b')]);
    expect(await mode.r.lpop(k('empty'))).toBeNull();
    expect(await mode.r.llen(k('l'))).toBe(1);
  });

  it('LSET, LTRIM, LINSERT, LREM, LPOS, LMOVE, BLPOP', async () => {
    await mode.r.rpush(k('m'), 'a', 'b', 'a');
    expect(await mode.r.lset(k('m'), 1, 'B')).toBe(true);
    expect(await mode.r.linsert(k('m'), 'BEFORE', 'B', 'x')).toBe(4);
    expect(await mode.r.lpos(k('m'), 'a')).toBe(0);
    expect(await mode.r.lpos(k('m'), 'a', { count: 0 })).toEqual([0, 3]);
    expect(await mode.r.lpos(k('m'), 'nope')).toBeNull();
    expect(await mode.r.lrem(k('m'), 0, 'a')).toBe(2);
    expect(await mode.r.ltrim(k('m'), 0, 0)).toBe(true);
    expect(await mode.r.lmove(k('m'), k('n'), 'LEFT', 'RIGHT')).toEqual(v('x'));
    expect(await mode.r.blpop([k('n')], 1)).toEqual([v(k('n')), v('x')]);
    expect(await mode.r.blpop([k('n')], 0.05)).toBeNull();
  });
});
