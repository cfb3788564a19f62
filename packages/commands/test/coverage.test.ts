import { describe, expect, it } from 'vitest';
import { checkCoverage, formatCoverage } from '../src/coverage.js';
import { EXCLUDED_COMMANDS, EXCLUDED_GROUPS } from '../src/excluded.js';
import { readCommandSpecs } from '../src/spec-files.js';
import { methodNames } from '@aredis/commands';

const specs = readCommandSpecs();

describe('command coverage (issue 4)', () => {
  it('reads every specification file, subcommands named after their container', () => {
    const names = new Set(specs.map((s) => s.name));
    expect(specs.length).toBe(392);
    expect(names.has('CONFIG GET')).toBe(true);
    expect(names.has('XINFO STREAM')).toBe(true);
  });

  it('excludes only commands that exist, each with a reason', () => {
    const names = new Set(specs.map((s) => s.name));
    const groups = new Set(specs.map((s) => s.group));
    for (const [name, reason] of Object.entries(EXCLUDED_COMMANDS)) {
      expect(names.has(name), name).toBe(true);
      expect(reason.length, name).toBeGreaterThan(10);
      expect(methodNames().has(name), `${name} is both excluded and declared`).toBe(false);
    }
    for (const group of Object.keys(EXCLUDED_GROUPS)) expect(groups.has(group), group).toBe(true);
  });

  it('finds a command missing when it has neither a method nor an exclusion', () => {
    const fake = { name: 'NOSUCHCOMMAND', group: 'generic', since: '9.9.9', arity: 1, file: 'x.json' };
    const result = checkCoverage([...specs, fake]);
    expect(result.missing.map((m) => m.name)).toContain('NOSUCHCOMMAND');
  });

  // Fails until every group is declared; the missing list is the message.
  it('has a method or an exclusion for every command: 0 missing', () => {
    const result = checkCoverage(specs);
    expect(result.missing.length === 0 && result.unknown.length === 0, formatCoverage(result)).toBe(true);
  });
});
