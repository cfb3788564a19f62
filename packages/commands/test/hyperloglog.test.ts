import { describe, expect, expectTypeOf, it } from 'vitest';
import { COMMANDS, RESPONSE_CALLBACKS, type CommandMethods } from '@aredis/commands';

const C = COMMANDS;

describe('hyperloglog commands', () => {
  it('pfadd with and without elements', () => {
    expect(C.pfadd.build('h', 'a', 2, Buffer.from('c'))).toEqual(['PFADD', 'h', 'a', 2, Buffer.from('c')]);
    expect(C.pfadd.build('h')).toEqual(['PFADD', 'h']);
    expect(() => C.pfadd.build('h', null as unknown as string)).toThrow(/PFADD: argument 'values'/);
  });

  it('pfcount needs a key; pfmerge a destination and any sources', () => {
    expect(C.pfcount.build('a', 'b')).toEqual(['PFCOUNT', 'a', 'b']);
    expect(() => C.pfcount.build()).toThrow(/PFCOUNT: argument 'sources'/);
    expect(C.pfmerge.build('d', 'a', 'b')).toEqual(['PFMERGE', 'd', 'a', 'b']);
    expect(C.pfmerge.build('d')).toEqual(['PFMERGE', 'd']);
    expect(() => C.pfmerge.build('d', 1 as unknown as string)).toThrow(/PFMERGE: argument 'sources'/);
    expect(C.pfcount.readonly).toBe(true);
  });

  it('pfmerge gives true; PFDEBUG and PFSELFTEST are not methods', () => {
    expect(RESPONSE_CALLBACKS.PFMERGE?.('OK', {})).toBe(true);
    expect('pfdebug' in C).toBe(false);
    expect('pfselftest' in C).toBe(false);
    expectTypeOf<ReturnType<CommandMethods<true>['pfadd']>>().toEqualTypeOf<Promise<number>>();
    expectTypeOf<ReturnType<CommandMethods<false>['pfmerge']>>().toEqualTypeOf<Promise<boolean>>();
  });
});
