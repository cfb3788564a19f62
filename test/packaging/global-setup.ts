/**
 * Packs every public package once per run (after `pnpm build`, which nx answers from its cache
 * when nothing changed) and hands the tarballs to the test files through vitest's `provide`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { packAll, type Tarball } from './pack.js';
import { repoRoot } from './workspace.js';

declare module 'vitest' {
  export interface ProvidedContext {
    tarballs: Tarball[];
  }
}

export default function setup(project: TestProject): () => void {
  execFileSync('pnpm', ['build'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  const destination = mkdtempSync(join(tmpdir(), 'aredis-tarballs-'));
  const tarballs = packAll(destination);
  project.provide('tarballs', tarballs);
  for (const t of tarballs) console.log(`packed ${t.name}: ${(t.bytes / 1024).toFixed(1)} KiB, ${t.files.length} files`);
  return () => rmSync(destination, { recursive: true, force: true });
}
