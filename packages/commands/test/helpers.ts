import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RespValue } from '@aredis/resp-parser';
import { COMMANDS, methodNames } from '@aredis/commands';
import { readCommandSpecs } from '../src/spec-files.js';

// What the command-group tests share: shaping a raw reply through a declaration, and checking
// a group's declarations against the JSON specifications.

export const buf = (s: string): Buffer => Buffer.from(s);

/** The reply `name`'s declaration makes of `raw` (raw itself when it declares no shaper). */
export function reply(name: keyof typeof COMMANDS, raw: RespValue, options: Record<string, unknown> = {}): unknown {
  const spec = COMMANDS[name] as { reply?: (r: RespValue, o: Record<string, unknown>) => unknown };
  return spec.reply === undefined ? raw : spec.reply(raw, options);
}

/** The .ts files of src/groups (the declarations), below `dir`. */
export function groupFiles(dir: URL = new URL('../src/groups/', import.meta.url)): URL[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? groupFiles(new URL(`${entry.name}/`, dir)) : entry.name.endsWith('.ts') ? [new URL(entry.name, dir)] : [],
  );
}

export interface SpecFlagsCheck {
  /** How the describe block names the group ("sorted-set"). */
  label: string;
  /** The group as the specifications name it ("sorted_set"). */
  group: string;
  /** How many commands the specifications hold for the group. */
  count: number;
  /** The test's title. */
  title: string;
  /** 'spec': blocking exactly where the spec says BLOCKING; 'never': no command blocks. */
  blocking?: 'spec' | 'never';
}

/**
 * Declares a test that the group has a method for every command its specifications list, each
 * readonly exactly where the spec says READONLY (and blocking as `blocking` says).
 */
export function describeSpecFlags({ label, group, count, title, blocking = 'spec' }: SpecFlagsCheck): void {
  describe(`${label} commands: declarations match the specifications`, () => {
    const specs = readCommandSpecs().filter((s) => s.group === group);
    it(title, () => {
      expect(specs).toHaveLength(count);
      const methods = methodNames();
      for (const spec of specs) {
        const method = methods.get(spec.name);
        expect(method, spec.name).toBeDefined();
        const decl = (COMMANDS as Record<string, { readonly?: boolean; blocking?: unknown }>)[method!]!;
        expect(decl.readonly === true, spec.name).toBe(spec.command_flags?.includes('READONLY') ?? false);
        expect(decl.blocking === true, spec.name).toBe(blocking === 'spec' ? (spec.command_flags?.includes('BLOCKING') ?? false) : false);
      }
    });
  });
}
