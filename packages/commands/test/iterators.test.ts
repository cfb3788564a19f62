import { describe, expect, expectTypeOf, it } from 'vitest';
import { hscanIter, scanIter, sscanIter, zscanIter, type CommandMethods } from '@aredis/commands';

type Page<T> = readonly [number | string, T];

/** A scripted stand-in for the client: hands out pages in order, records each call. */
function pages<T>(list: Page<T>[]) {
  const calls: unknown[][] = [];
  const next = async (...args: unknown[]) => {
    calls.push(args);
    const page = list.shift();
    if (page === undefined) throw new Error('scanned past the last page');
    return page;
  };
  return { calls, next };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('scan iterators', () => {
  it('scanIter follows the cursor (big ones as strings) until 0, passing match/count/type', async () => {
    const p = pages<string[]>([
      [5, ['a', 'b']],
      ['18446744073709551615', []],
      [0, ['c']],
    ]);
    const keys = await collect(scanIter({ scan: p.next }, { match: 'k*', count: 10, type: 'string' }));
    expect(keys).toEqual(['a', 'b', 'c']);
    expect(p.calls).toEqual([
      [0, { match: 'k*', count: 10, type: 'string' }],
      [5, { match: 'k*', count: 10, type: 'string' }],
      ['18446744073709551615', { match: 'k*', count: 10, type: 'string' }],
    ]);
  });

  it('scanIter without options sends no options; a string "0" cursor ends it', async () => {
    const p = pages<string[]>([['0', ['only']]]);
    expect(await collect(scanIter({ scan: p.next }))).toEqual(['only']);
    expect(p.calls).toEqual([[0, {}]]);
  });

  it('sscanIter yields members', async () => {
    const p = pages<Buffer[]>([[3, [Buffer.from('m1')]], [0, [Buffer.from('m2')]]]);
    expect(await collect(sscanIter({ sscan: p.next }, 's', { count: 2 }))).toEqual([Buffer.from('m1'), Buffer.from('m2')]);
    expect(p.calls).toEqual([['s', 0, { count: 2 }], ['s', 3, { count: 2 }]]);
  });

  it('hscanIter yields [field, value] from objects or Maps', async () => {
    const p = pages<Record<string, string> | Map<string, string>>([
      [9, { f1: 'v1', f2: 'v2' }],
      [0, new Map([['f3', 'v3']])],
    ]);
    expect(await collect(hscanIter({ hscan: p.next }, 'h', { match: 'f*' }))).toEqual([['f1', 'v1'], ['f2', 'v2'], ['f3', 'v3']]);
    expect(p.calls[1]).toEqual(['h', 9, { match: 'f*' }]);
  });

  it('zscanIter yields [member, score]', async () => {
    const p = pages<[string, number][]>([[1, [['a', 1.5]]], [0, [['b', -Infinity]]]]);
    expect(await collect(zscanIter({ zscan: p.next }, 'z'))).toEqual([['a', 1.5], ['b', -Infinity]]);
  });

  it('stops fetching when the consumer breaks out', async () => {
    const p = pages<string[]>([[1, ['a', 'b']], [0, ['c']]]);
    for await (const k of scanIter({ scan: p.next })) {
      expect(k).toBe('a');
      break;
    }
    expect(p.calls).toHaveLength(1);
  });
});

describe('scan iterators over the declared methods (types)', () => {
  it('yield Buffer or string by decodeResponses', () => {
    // Type-only: checked by the compiler, never run.
    const typesOnly = (r: CommandMethods<true>, rb: CommandMethods<false>) => {
      expectTypeOf(scanIter(r, { type: 'hash' })).toEqualTypeOf<AsyncGenerator<string, void, undefined>>();
      expectTypeOf(scanIter(rb)).toEqualTypeOf<AsyncGenerator<Buffer, void, undefined>>();
      expectTypeOf(sscanIter(r, 's')).toEqualTypeOf<AsyncGenerator<string, void, undefined>>();
      expectTypeOf(hscanIter(rb, 'h')).toEqualTypeOf<AsyncGenerator<[string, Buffer], void, undefined>>();
      expectTypeOf(zscanIter(r, 'z')).toEqualTypeOf<AsyncGenerator<[string, number], void, undefined>>();
    };
    expect(typesOnly).toBeTypeOf('function');
  });
});
