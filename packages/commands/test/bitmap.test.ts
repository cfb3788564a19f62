import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataError, type CommandArg } from '@aredis/resp-parser';
import {
  BitFieldOperation,
  COMMANDS,
  installCommands,
  type ChainedCommandMethods,
  type CommandMethods,
} from '@aredis/commands';

const C = COMMANDS;

describe('bitmap commands: arguments', () => {
  it('bitcount with an optional range and unit', () => {
    expect(C.bitcount.build('k')).toEqual(['BITCOUNT', 'k']);
    expect(C.bitcount.build('k', 0, -1)).toEqual(['BITCOUNT', 'k', 0, -1]);
    expect(C.bitcount.build('k', 1, 9, 'bit')).toEqual(['BITCOUNT', 'k', 1, 9, 'BIT']);
    expect(() => C.bitcount.build('k', 1)).toThrow(/'start' and 'end' must be given together/);
    expect(() => C.bitcount.build('k', 1, 2, 'WORD' as never)).toThrow(/'mode' must be one of BYTE, BIT/);
  });

  it('bitpos with start, end and unit, each needing the one before', () => {
    expect(C.bitpos.build('k', 1)).toEqual(['BITPOS', 'k', 1]);
    expect(C.bitpos.build('k', 0, 2)).toEqual(['BITPOS', 'k', 0, 2]);
    expect(C.bitpos.build('k', 1, 2, -1, 'BYTE')).toEqual(['BITPOS', 'k', 1, 2, -1, 'BYTE']);
    expect(() => C.bitpos.build('k', 2 as 1)).toThrow(/'bit' must be 0 or 1/);
    expect(() => C.bitpos.build('k', 1, undefined, 3)).toThrow(/'end' needs 'start'/);
    expect(() => C.bitpos.build('k', 1, 0, undefined, 'BIT')).toThrow(/'mode' needs/);
  });

  it('bitop with its operation checked; NOT takes one key', () => {
    expect(C.bitop.build('and', 'd', 'a', 'b')).toEqual(['BITOP', 'AND', 'd', 'a', 'b']);
    expect(C.bitop.build('NOT', 'd', 'a')).toEqual(['BITOP', 'NOT', 'd', 'a']);
    expect(() => C.bitop.build('not', 'd', 'a', 'b')).toThrow(/NOT takes exactly one/);
    expect(() => C.bitop.build('nand' as never, 'd', 'a')).toThrow(/BITOP: argument 'operation'/);
    expect(() => C.bitop.build('or', 'd')).toThrow(/BITOP: argument 'keys'/);
  });

  it('getbit and setbit', () => {
    expect(C.getbit.build('k', 7)).toEqual(['GETBIT', 'k', 7]);
    expect(C.setbit.build('k', 7, 1)).toEqual(['SETBIT', 'k', 7, 1]);
    expect(C.setbit.build('k', 7, false)).toEqual(['SETBIT', 'k', 7, 0]);
    expect(() => C.setbit.build('k', 7, 2 as 1)).toThrow(/SETBIT: argument 'value'/);
    expect(() => C.getbit.build('k', -0.5)).toThrow(/GETBIT: argument 'offset'/);
  });

  it('bitfield builds from the key and the builder words', () => {
    expect(C.bitfield.build('k')).toEqual(['BITFIELD', 'k']);
    expect(C.bitfield.build('k', ['GET', 'u8', 0])).toEqual(['BITFIELD', 'k', 'GET', 'u8', 0]);
    expect(() => C.bitfield.build(5 as unknown as string)).toThrow(/BITFIELD: argument 'key'/);
  });

  it('bitfieldRo (redis-py bitfield_ro: one GET plus items)', () => {
    expect(C.bitfieldRo.build('k', 'u8', 0)).toEqual(['BITFIELD_RO', 'k', 'GET', 'u8', 0]);
    expect(C.bitfieldRo.build('k', 'i4', '#1', [['u2', 3], ['i64', '#0']])).toEqual([
      'BITFIELD_RO', 'k', 'GET', 'i4', '#1', 'GET', 'u2', 3, 'GET', 'i64', '#0',
    ]);
    expect(() => C.bitfieldRo.build('k', 'u64', 0)).toThrow(/'encoding' must be i1..i64 or u1..u63/);
    expect(() => C.bitfieldRo.build('k', 'u8', 0, [['u8'] as never])).toThrow(/'items'/);
    expect(C.bitfieldRo.readonly).toBe(true);
  });
});

describe('BitFieldOperation (the BITFIELD builder)', () => {
  const sent: [unknown, CommandArg[]][] = [];
  const send = (key: unknown, ops: CommandArg[]) => {
    sent.push([key, ops]);
    return 'reply';
  };

  it('queues set/get/incrby/overflow and sends them once on execute, then starts over', () => {
    sent.length = 0;
    const op = new BitFieldOperation(send, 'k');
    op.set('u8', 0, 255).incrby('i5', '#1', 3, 'sat').get('u4', 0).overflow('FAIL').incrby('u2', 100, 1);
    expect(op.command).toEqual([
      'BITFIELD', 'k', 'SET', 'u8', 0, 255, 'OVERFLOW', 'SAT', 'INCRBY', 'i5', '#1', 3, 'GET', 'u4', 0,
      'OVERFLOW', 'FAIL', 'INCRBY', 'u2', 100, 1,
    ]);
    expect(op.execute()).toBe('reply');
    expect(sent).toEqual([['k', ['SET', 'u8', 0, 255, 'OVERFLOW', 'SAT', 'INCRBY', 'i5', '#1', 3, 'GET', 'u4', 0, 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', 100, 1]]]);
    expect(op.command).toEqual(['BITFIELD', 'k']);
  });

  it('sends OVERFLOW only when it changes; a default overflow starts every batch', () => {
    const op = new BitFieldOperation(send, 'k', 'sat');
    op.incrby('u8', 0, 1).incrby('u8', 8, 1, 'SAT').overflow('wrap').incrby('u8', 16, 1);
    expect(op.command).toEqual([
      'BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'u8', 0, 1, 'INCRBY', 'u8', 8, 1, 'OVERFLOW', 'WRAP', 'INCRBY', 'u8', 16, 1,
    ]);
    op.reset();
    expect(op.command).toEqual(['BITFIELD', 'k', 'OVERFLOW', 'SAT']);
  });

  it('rejects bad sub-operations at once', () => {
    const op = new BitFieldOperation(send, 'k');
    expect(() => op.set('x8', 0, 1)).toThrow(/'encoding'/);
    expect(() => op.set('i65', 0, 1)).toThrow(DataError);
    expect(() => op.get('u8', -1)).toThrow(/'offset'/);
    expect(() => op.get('u8', '#x' as never)).toThrow(/'offset'/);
    expect(() => op.incrby('u8', 0, 1.5)).toThrow(/'increment'/);
    expect(() => op.overflow('MAYBE' as never)).toThrow(/'overflow'/);
    expect(() => new BitFieldOperation(send, 'k', 'none' as never)).toThrow(/'overflow'/);
    expect(op.command).toEqual(['BITFIELD', 'k']);
  });

  it('installed as a method through spec.facade: execute() goes through invoke with the BITFIELD spec', () => {
    class Target {}
    const calls: unknown[] = [];
    installCommands(Target.prototype, function (this: unknown, spec, args) {
      calls.push(this, spec.name, spec.build(...(args as never[])));
      return Promise.resolve([1]);
    });
    const t = new Target() as unknown as CommandMethods<true>;
    const op = t.bitfield('k', 'FAIL');
    expect(op).toBeInstanceOf(BitFieldOperation);
    const result = op.get('u8', 0).execute();
    expect(calls).toEqual([t, 'BITFIELD', ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'GET', 'u8', 0]]);
    return expect(result).resolves.toEqual([1]);
  });

  it('types: a promise of the replies on a client, Self on a pipeline', () => {
    expectTypeOf<ReturnType<ReturnType<CommandMethods<true>['bitfield']>['execute']>>().toEqualTypeOf<Promise<(number | null)[]>>();
    expectTypeOf<ReturnType<ReturnType<ChainedCommandMethods<true, 'self'>['bitfield']>['execute']>>().toEqualTypeOf<'self'>();
    expectTypeOf<ReturnType<ChainedCommandMethods<true, 'self'>['getbit']>>().toEqualTypeOf<'self'>();
    expectTypeOf<ReturnType<CommandMethods<false>['bitfieldRo']>>().toEqualTypeOf<Promise<number[]>>();
    expectTypeOf<ReturnType<CommandMethods<false>['bitcount']>>().toEqualTypeOf<Promise<number>>();
  });
});
