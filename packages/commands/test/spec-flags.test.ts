import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS, COMMAND_FLAGS, FLAGS_WITHOUT_SPEC, commandFlags, type AnyCommandSpec } from '../src/index.js';
import { renderCommandFlags } from '../src/command-flags-source.js';
import { groupFiles } from './helpers.js';

// The arity and command flags of the vendored Redis 7.2 specifications, by full command name,
// read here without the generator's code.
const SPEC_DIR = new URL('../spec/redis-commands-7.2/', import.meta.url);
const specs = new Map<string, { arity: number; flags: readonly string[] }>();
for (const file of readdirSync(SPEC_DIR).filter((f) => f.endsWith('.json'))) {
  const parsed = JSON.parse(readFileSync(new URL(file, SPEC_DIR), 'utf8')) as Record<
    string,
    { container?: string; arity: number; command_flags?: string[] }
  >;
  for (const [name, spec] of Object.entries(parsed)) {
    const full = (spec.container === undefined ? name : `${spec.container} ${name}`).toUpperCase();
    specs.set(full, { arity: spec.arity, flags: spec.command_flags ?? [] });
  }
}

/**
 * Where a declaration says more than the specifications, and why: WAIT and WAITAOF hold the
 * connection until replicas answer (or the timeout), so they need a connection of their own,
 * though Redis does not flag them BLOCKING; XREAD and XREADGROUP block only when BLOCK is given.
 */
const BLOCKING_DECLARED = new Set(['WAIT', 'WAITAOF', 'XREAD', 'XREADGROUP']);

const declarations = Object.values(COMMANDS as unknown as Record<string, AnyCommandSpec>);
/** `name: flag` for every `readonly:` or `blocking:` property written in a declaration of src/groups. */
function handFlags(): string[] {
  const out: string[] = [];
  for (const file of groupFiles()) {
    let name = '?';
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const declared = /^\s*name: '([^']+)'/.exec(line) ?? /^\s*name: (\w+),/.exec(line);
      if (declared !== null) name = declared[1]!;
      const flag = /^\s*(readonly|blocking):/.exec(line);
      if (flag !== null) out.push(`${name}: ${flag[1]}`);
    }
  }
  return out.sort();
}

describe('generated command flags', () => {
  it('are up to date with the specifications (run `pnpm commands:flags`)', () => {
    const committed = readFileSync(new URL('../src/generated/command-flags.ts', import.meta.url), 'utf8');
    expect(committed).toBe(renderCommandFlags());
  });

  it('hold every command of the specification files, with its arity, READONLY, BLOCKING and WRITE', () => {
    const expected = Object.fromEntries(
      [...specs].map(([name, s]) => [
        name,
        { arity: s.arity, readonly: s.flags.includes('READONLY'), blocking: s.flags.includes('BLOCKING'), write: s.flags.includes('WRITE') },
      ]),
    );
    expect(COMMAND_FLAGS).toEqual(expected);
    expect(commandFlags('GET')).toEqual({ arity: 2, readonly: true, blocking: false, write: false });
    expect(commandFlags('BLPOP')).toMatchObject({ blocking: true, write: true });
    expect(commandFlags('NOSUCH')).toEqual({ arity: 0, readonly: false, blocking: false, write: false });
  });
});

describe('declarations against the specifications', () => {
  it('every declared command is in the specifications (or in FLAGS_WITHOUT_SPEC, with its reason)', () => {
    const missing = declarations.map((d) => d.name).filter((name) => !specs.has(name) && !(name in FLAGS_WITHOUT_SPEC));
    expect(missing).toEqual([]);
    expect(Object.keys(FLAGS_WITHOUT_SPEC).filter((name) => specs.has(name))).toEqual([]);
  });

  it('a declared subcommand the specifications do not hold has the flags of its container (DEBUG OBJECT: not READONLY)', () => {
    for (const [name, flags] of Object.entries(FLAGS_WITHOUT_SPEC)) {
      const container = specs.get(name.split(' ')[0]!)!.flags;
      expect({ name, readonly: flags.readonly, blocking: flags.blocking, write: flags.write }).toEqual({
        name,
        readonly: container.includes('READONLY'),
        blocking: container.includes('BLOCKING'),
        write: container.includes('WRITE'),
      });
    }
    expect(commandFlags('DEBUG OBJECT')).toEqual({ arity: 3, readonly: false, blocking: false, write: false });
    expect(COMMANDS.debugObject.readonly).toBe(false);
  });

  it('no declaration writes readonly, and blocking only where the specifications cannot say it', () => {
    expect(handFlags()).toEqual(['WAIT: blocking', 'WAITAOF: blocking', 'XREAD: blocking', 'XREADGROUP: blocking']);
  });

  it('readonly is exactly the READONLY flag of the specifications', () => {
    const wrong = declarations
      .filter((d) => specs.has(d.name))
      .filter((d) => d.readonly !== specs.get(d.name)!.flags.includes('READONLY'))
      .map((d) => d.name);
    expect(wrong).toEqual([]);
  });

  it('blocking is the BLOCKING flag of the specifications (and the listed exceptions)', () => {
    const wrong = declarations
      .filter((d) => specs.has(d.name))
      .filter((d) => {
        const declared = d.blocking !== false;
        return declared !== (specs.get(d.name)!.flags.includes('BLOCKING') || BLOCKING_DECLARED.has(d.name));
      })
      .map((d) => d.name);
    expect(wrong).toEqual([]);
    const functions = declarations.filter((d) => typeof d.blocking === 'function').map((d) => d.name);
    expect(functions.sort()).toEqual(['XREAD', 'XREADGROUP']);
  });

  it('INFO, TIME, LASTSAVE and ROLE are not readonly: the specifications do not flag them READONLY', () => {
    for (const name of ['INFO', 'TIME', 'LASTSAVE', 'ROLE']) {
      expect(specs.get(name)!.flags.includes('READONLY'), name).toBe(false);
      expect(declarations.find((d) => d.name === name)!.readonly, name).toBe(false);
    }
  });
});
