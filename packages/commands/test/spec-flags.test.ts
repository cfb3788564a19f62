import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS, type AnyCommandSpec } from '../src/index.js';

// The command flags of the vendored Redis 7.2 specifications, by full command name.
const SPEC_DIR = new URL('../spec/redis-commands-7.2/', import.meta.url);
const specFlags = new Map<string, readonly string[]>();
for (const file of readdirSync(SPEC_DIR).filter((f) => f.endsWith('.json'))) {
  const parsed = JSON.parse(readFileSync(new URL(file, SPEC_DIR), 'utf8')) as Record<string, { container?: string; command_flags?: string[] }>;
  for (const [name, spec] of Object.entries(parsed)) {
    specFlags.set((spec.container === undefined ? name : `${spec.container} ${name}`).toUpperCase(), spec.command_flags ?? []);
  }
}

/**
 * Where a declaration says more than the specifications, and why: WAIT and WAITAOF hold the
 * connection until replicas answer (or the timeout), so they need a connection of their own,
 * though Redis does not flag them BLOCKING.
 */
const BLOCKING_BEYOND_SPEC = new Set(['WAIT', 'WAITAOF']);
/** Declared commands the 7.2 specification files do not hold (DEBUG has no public specification). */
const WITHOUT_SPEC = new Set(['DEBUG OBJECT']);

const declarations = Object.values(COMMANDS as unknown as Record<string, AnyCommandSpec>);

describe('declarations against the specifications', () => {
  it('every declared command is in the specifications (or listed, with its reason)', () => {
    const missing = declarations.map((d) => d.name).filter((name) => !specFlags.has(name) && !WITHOUT_SPEC.has(name));
    expect(missing).toEqual([]);
  });

  it('readonly is exactly the READONLY flag of the specifications', () => {
    const wrong = declarations
      .filter((d) => specFlags.has(d.name))
      .filter((d) => (d.readonly === true) !== specFlags.get(d.name)!.includes('READONLY'))
      .map((d) => d.name);
    expect(wrong).toEqual([]);
  });

  it('blocking is the BLOCKING flag of the specifications (and the listed exceptions)', () => {
    const wrong = declarations
      .filter((d) => specFlags.has(d.name))
      .filter((d) => {
        const declared = d.blocking !== undefined && d.blocking !== false;
        return declared !== (specFlags.get(d.name)!.includes('BLOCKING') || BLOCKING_BEYOND_SPEC.has(d.name));
      })
      .map((d) => d.name);
    expect(wrong).toEqual([]);
  });
});
