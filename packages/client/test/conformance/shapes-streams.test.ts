import { expect, it } from 'vitest';
import { useServer } from '../commands/harness.js';
import { eachMode } from './modes.js';

// Stream commands: an entry is (id, {field: value}) ([id, fields] here, fields an object with
// string keys), XREAD a list of [stream, entries], XGROUP CREATE True, XPENDING redis-py's dict.

const server = useServer();

eachMode('stream reply shapes', server, (mode) => {
  const { v, k } = mode;
  it('XADD, XLEN, XRANGE, XREVRANGE, XREAD', async () => {
    const first = await mode.r.xadd(k('s'), { f: 'one' }, { id: '1-0' });
    expect(first).toEqual(v('1-0'));
    await mode.r.xadd(k('s'), { f: 'two', g: 'x' }, { id: '2-0' });
    expect(await mode.r.xlen(k('s'))).toBe(2);
    expect(await mode.r.xrange(k('s'))).toEqual([
      [v('1-0'), { f: v('one') }],
      [v('2-0'), { f: v('two'), g: v('x') }],
    ]);
    expect(await mode.r.xrevrange(k('s'), '+', '-', { count: 1 })).toEqual([[v('2-0'), { f: v('two'), g: v('x') }]]);
    expect(await mode.r.xread({ [k('s')]: '1-0' })).toEqual([[v(k('s')), [[v('2-0'), { f: v('two'), g: v('x') }]]]]);
    // Nothing within the block: an empty list, as redis-py's RESP2 shape.
    expect(await mode.r.xread({ [k('s')]: '$' }, { block: 50 })).toEqual([]);
  });

  it('groups: XGROUP CREATE, XREADGROUP, XACK, XPENDING', async () => {
    await mode.r.xadd(k('g'), { f: '1' }, { id: '1-0' });
    expect(await mode.r.xgroupCreate(k('g'), 'grp', '0')).toBe(true);
    const read = await mode.r.xreadgroup('grp', 'alice', { [k('g')]: '>' });
    expect(read).toEqual([[v(k('g')), [[v('1-0'), { f: v('1') }]]]]);
    expect(await mode.r.xpending(k('g'), 'grp')).toEqual({
      pending: 1,
      min: v('1-0'),
      max: v('1-0'),
      consumers: [{ name: v('alice'), pending: 1 }],
    });
    expect(await mode.r.xack(k('g'), 'grp', '1-0')).toBe(1);
    expect(await mode.r.xpending(k('g'), 'grp')).toEqual({ pending: 0, min: null, max: null, consumers: [] });
  });
});
