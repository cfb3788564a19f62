import { expect, it } from 'vitest';
import { useServer } from '../commands/harness.js';
import { eachMode } from './modes.js';

// Set commands: member lists are arrays (redis-py: Python sets, a documented departure),
// SISMEMBER/SMOVE booleans, SMISMEMBER a list of booleans, SPOP one member or a list.

const server = useServer();
const sorted = (members: (string | Buffer)[] | null): string[] => (members ?? []).map(String).sort();

eachMode('set reply shapes', server, (mode) => {
  const { v, k } = mode;
  it('SADD, SMEMBERS, SISMEMBER, SMISMEMBER, SCARD', async () => {
    expect(await mode.r.sadd(k('s'), 'a', 'b', 'c')).toBe(3);
    const members = await mode.r.smembers(k('s'));
    expect(Array.isArray(members)).toBe(true);
    expect(members).toContainEqual(v('a'));
    expect(sorted(members)).toEqual(['a', 'b', 'c']);
    expect(await mode.r.sismember(k('s'), 'a')).toBe(true);
    expect(await mode.r.sismember(k('s'), 'z')).toBe(false);
    expect(await mode.r.smismember(k('s'), ['a', 'z'])).toEqual([true, false]);
    expect(await mode.r.scard(k('s'))).toBe(3);
    expect(await mode.r.smembers(k('none'))).toEqual([]);
  });

  it('SINTER, SUNION, SDIFF, their STORE forms, SMOVE, SPOP, SRANDMEMBER', async () => {
    await mode.r.sadd(k('x'), 'a', 'b');
    await mode.r.sadd(k('y'), 'b', 'c');
    expect(await mode.r.sinter([k('x'), k('y')])).toEqual([v('b')]);
    expect(sorted(await mode.r.sunion([k('x'), k('y')]))).toEqual(['a', 'b', 'c']);
    expect(await mode.r.sdiff([k('x'), k('y')])).toEqual([v('a')]);
    expect(await mode.r.sinterstore(k('d'), [k('x'), k('y')])).toBe(1);
    expect(await mode.r.smove(k('x'), k('y'), 'a')).toBe(true);
    expect(await mode.r.smove(k('x'), k('y'), 'zz')).toBe(false);
    expect(await mode.r.spop(k('d'))).toEqual(v('b'));
    expect(await mode.r.spop(k('d'))).toBeNull();
    expect(sorted(await mode.r.spop(k('y'), 5))).toEqual(['a', 'b', 'c']);
    await mode.r.sadd(k('one'), 'm');
    expect(await mode.r.srandmember(k('one'))).toEqual(v('m'));
    expect(await mode.r.srandmember(k('one'), 2)).toEqual([v('m')]);
  });
});
