import { describe, expect, it } from 'vitest';
import { DataError } from '@aredis/resp-parser';
import { COMMANDS, buildCommand, callOptionsOf, type AnyCommandSpec } from '../src/index.js';

// Every command's trailing options object, table-driven over COMMANDS: an unknown key, or a
// flag that is not a boolean, is a DataError naming it before the builder runs. Which commands
// have one is decided by the compiler (test/options-types.test.ts), so a new command cannot
// be forgotten here.

const specs = Object.entries(COMMANDS as unknown as Record<string, AnyCommandSpec>);
const withOptions = specs.filter(([, spec]) => spec.options !== undefined);

/** A call with `options` at the declared position (the other arguments left out: the check runs first). */
function callWith(spec: AnyCommandSpec, options: unknown): unknown[] {
  const args = new Array<unknown>(spec.options!.index + 1).fill(undefined);
  args[spec.options!.index] = options;
  return args;
}

describe('trailing options', () => {
  it('82 commands take a trailing options object', () => {
    expect(withOptions.length).toBe(82);
  });

  for (const [method, spec] of withOptions) {
    const declared = spec.options!;
    it(`${method}: an unknown key is a DataError naming it (and the nearest known key)`, () => {
      expect(() => buildCommand(spec, callWith(spec, { notAnOption: 1 }))).toThrow(DataError);
      expect(() => buildCommand(spec, callWith(spec, { notAnOption: 1 }))).toThrow(`${spec.name}: unknown option 'notAnOption'`);
      const [first] = declared.keys;
      if (first !== undefined && first.length >= 3) {
        const typo = `${first}x`;
        expect(() => buildCommand(spec, callWith(spec, { [typo]: 1 }))).toThrow(`unknown option '${typo}' (did you mean '${first}'?)`);
      }
      // An inherited or undefined key is no excuse: a typo is a typo.
      expect(() => buildCommand(spec, callWith(spec, { notAnOption: undefined }))).toThrow(DataError);
      for (const flag of declared.flags) {
        expect(() => buildCommand(spec, callWith(spec, { [flag]: 'yes' }))).toThrow(`${spec.name}: option '${flag}' must be a boolean`);
      }
    });
    it(`${method}: a number, a boolean, an array or a Buffer where its options go is a DataError, not ignored`, () => {
      expect(() => buildCommand(spec, callWith(spec, 5))).toThrow(`${spec.name}: options must be an object, got number`);
      expect(() => buildCommand(spec, callWith(spec, true))).toThrow(`${spec.name}: options must be an object, got boolean`);
      expect(() => buildCommand(spec, callWith(spec, ['nx']))).toThrow(`${spec.name}: options must be an object, got an array`);
      expect(() => buildCommand(spec, callWith(spec, Buffer.from('nx')))).toThrow(`${spec.name}: options must be an object, got a Buffer`);
    });
  }

  it('the callback gets the options object from its declared place, never a positional mapping', () => {
    const zadd = COMMANDS.zadd as unknown as AnyCommandSpec;
    expect(callOptionsOf(zadd, ['z', { incr: 1 }])).toEqual({});
    expect(callOptionsOf(zadd, ['z', { a: 1 }, { incr: true }])).toEqual({ incr: true });
    const mset = COMMANDS.mset as unknown as AnyCommandSpec;
    expect(callOptionsOf(mset, [{ get: 1 }])).toEqual({});
  });

  it('redis-py examples: set ex typo, clientKill skipme', () => {
    expect(() => buildCommand(COMMANDS.set as unknown as AnyCommandSpec, ['k', 'v', { exx: 1 }])).toThrow(
      "SET: unknown option 'exx' (did you mean 'ex'?)",
    );
    expect(() => buildCommand(COMMANDS.clientKill as unknown as AnyCommandSpec, [{ skipme: 'yeah' }])).toThrow(
      "CLIENT KILL: option 'skipme' must be a boolean, got string",
    );
  });
});
