import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The package's modules import each other's values without a cycle (type-only imports are
// erased and do not count): a cycle makes the load order decide what is undefined.

const SRC = join(import.meta.dirname, '..', 'src');

/** The sibling modules a module imports values from (`import { X } from './x.js'`, not `import type`). */
function valueImports(source: string): string[] {
  const found: string[] = [];
  const statement = /^(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+'\.\/([\w-]+)\.js';/gms;
  for (const match of source.matchAll(statement)) {
    if (match[1] !== undefined) continue; // import type { ... }
    const names = (match[2] ?? '').replace(/^\{|\}$/g, '').split(',').map((n) => n.trim()).filter((n) => n !== '');
    // `import { type A, type B }` brings no value either.
    if (names.length > 0 && names.every((n) => n.startsWith('type '))) continue;
    found.push(`${match[3]}.ts`);
  }
  return found;
}

describe('module graph', () => {
  it('has no value import cycle (pipeline.ts and watched.ts above all)', () => {
    const files = readdirSync(SRC).filter((f) => f.endsWith('.ts'));
    const graph = new Map(files.map((f) => [f, valueImports(readFileSync(join(SRC, f), 'utf8'))]));
    expect(graph.get('pipeline.ts')).toContain('watched.ts');
    expect(graph.get('watched.ts')).not.toContain('pipeline.ts');
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (path.includes(file)) {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
