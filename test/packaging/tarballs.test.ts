/**
 * What every public tarball carries: a LICENSE, a manifest a registry and a user can rely on
 * (files, engines, repository, sideEffects, no workspace: ranges), every file its exports map
 * names, and source maps whose sources are in the tarball.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { publicPackages, repoRoot } from './workspace.js';

const tarballs = inject('tarballs');
const rootManifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { repository: { url: string } };
const rootLicense = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'aredis-tarball-contents-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Manifest {
  license?: string;
  files?: string[];
  engines?: Record<string, string>;
  repository?: unknown;
  sideEffects?: unknown;
  exports?: unknown;
  main?: string;
  module?: string;
  types?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function unpack(file: string): string {
  const dir = mkdtempSync(join(scratch, 'pkg-'));
  execFileSync('tar', ['xzf', file, '-C', dir]);
  return join(dir, 'package');
}

/** Every file path an exports map names (conditions nested at any depth). */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(exportTargets);
}

it('packs every public package', () => {
  expect(tarballs.map((t) => t.name).sort()).toEqual(publicPackages().map((p) => p.name).sort());
});

describe.each(tarballs.map((t) => [t.name, t] as const))('%s', (name, tarball) => {
  const dir = unpack(tarball.file);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
  const folder = relative(join(repoRoot, 'packages'), publicPackages().find((p) => p.name === name)!.dir);

  it('carries the MIT LICENSE', () => {
    expect(manifest.license).toBe('MIT');
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toBe(rootLicense);
  });

  it('declares files, engines, repository and sideEffects', () => {
    expect(Array.isArray(manifest.files) && manifest.files.length > 0).toBe(true);
    expect(manifest.engines).toEqual({ node: '>=20.17' });
    expect(manifest.repository).toEqual({ type: 'git', url: rootManifest.repository.url, directory: `packages/${folder}` });
    expect(manifest.sideEffects).toBe(false);
  });

  it('depends on versions, not on workspace: ranges', () => {
    const ranges = Object.values({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies });
    expect(ranges.filter((range) => range.startsWith('workspace:'))).toEqual([]);
  });

  it('ships every file its exports map, main, module and types name', () => {
    const targets = [...exportTargets(manifest.exports), manifest.main, manifest.module, manifest.types].filter((t): t is string => t !== undefined);
    expect(targets.filter((target) => !existsSync(join(dir, target)))).toEqual([]);
  });

  it('ships the sources its source maps point at', () => {
    const maps = tarball.files.filter((f) => f.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const map of maps) {
      const json = JSON.parse(readFileSync(join(dir, map), 'utf8')) as { sources: string[] };
      for (const source of json.sources) if (!existsSync(join(dir, dirname(map), source))) missing.push(`${map} -> ${source}`);
    }
    expect(missing).toEqual([]);
  });

  it('ships no tests, build folders or scratch files', () => {
    expect(tarball.files.filter((f) => /^(test|build|node_modules)\/|\.test\.|\.log$|\.tsbuildinfo$/.test(f))).toEqual([]);
  });
});
