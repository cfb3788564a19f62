/**
 * The native parser as npm users get it: the two parser tarballs installed into a fresh npm app
 * with CC and CXX pointing nowhere load the prebuilt binary; the musl prebuild is the one chosen
 * on musl; without a prebuild the package compiles with the node-gyp npm supplies, and where that
 * fails too the install still succeeds and says why the native parser is off.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createNpmApp, NO_COMPILER, type NpmApp } from './npm-app.js';

const tarballs = inject('tarballs');
const parserTarballs = tarballs.filter((t) => t.name === '@aredis/resp-parser' || t.name === '@aredis/resp-parser-native');
const native = parserTarballs.find((t) => t.name === '@aredis/resp-parser-native')!;
const platformDir = `prebuilds/${process.platform}-${process.arch}/`;
const prebuilds = native.files.filter((f) => f.startsWith(platformDir));
const compilerPresent = [process.env.CC, 'cc', 'gcc', 'clang'].some((c) => c && spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
const readelf = spawnSync('readelf', ['--version'], { stdio: 'ignore' }).status === 0;

let app: NpmApp;
let packageDir: string;

beforeAll(async () => {
  app = await createNpmApp('native-app', parserTarballs.map((t) => t.file), NO_COMPILER);
  packageDir = join(app.dir, 'node_modules', '@aredis', 'resp-parser-native');
});

afterAll(() => app?.remove());

const PROBE = `const n = require('@aredis/resp-parser-native');
console.log(JSON.stringify({ available: n.isAvailable(), reason: n.unavailableReason() ?? null }));`;

async function probe(): Promise<{ available: boolean; reason: string | null }> {
  const { stdout } = await app.exec('node', ['-e', PROBE]);
  return JSON.parse(stdout.trim()) as { available: boolean; reason: string | null };
}

describe('@aredis/resp-parser-native from its tarball', () => {
  it.skipIf(!compilerPresent)('the tarball carries a prebuild for this platform when the packing machine has a C compiler', () => {
    expect(prebuilds.length).toBeGreaterThan(0);
  });

  it.skipIf(prebuilds.length === 0)('installs with CC and CXX pointing nowhere and isAvailable() is true (the prebuild loaded)', async () => {
    expect(await probe()).toEqual({ available: true, reason: null });
    expect(existsSync(join(packageDir, 'build', 'Release')), 'nothing was compiled').toBe(false);
    const { stdout } = await app.exec('node', ['-e', `console.log(require('node-gyp-build').path(${JSON.stringify(packageDir)}))`]);
    expect(stdout.trim().startsWith(join(packageDir, 'prebuilds'))).toBe(true);
  });

  it.skipIf(!prebuilds.some((f) => f.endsWith('.musl.node')))('on musl (LIBC=musl, as node-gyp-build sees Alpine) the musl prebuild is the one chosen', async () => {
    const { stdout } = await app.exec('node', ['-e', `console.log(require('node-gyp-build').path(${JSON.stringify(packageDir)}))`], { LIBC: 'musl' });
    expect(stdout.trim()).toBe(join(packageDir, platformDir, 'node.napi.musl.node'));
  });

  it.skipIf(!readelf || !prebuilds.some((f) => f.endsWith('.musl.node')))('the musl prebuild links only musl (no glibc symbol versions)', () => {
    const file = join(packageDir, platformDir, 'node.napi.musl.node');
    const dynamic = spawnSync('readelf', ['-d', file], { encoding: 'utf8' }).stdout;
    const needed = [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
    expect(needed).toEqual(['libc.so']);
    expect(spawnSync('readelf', ['-V', file], { encoding: 'utf8' }).stdout).not.toMatch(/GLIBC/);
  });

  it.skipIf(!compilerPresent)('with no prebuild, `npm rebuild` compiles from source with the node-gyp npm supplies', async () => {
    rmSync(join(packageDir, 'prebuilds'), { recursive: true, force: true });
    await app.exec('npm', ['rebuild', '@aredis/resp-parser-native'], { CC: undefined, CXX: undefined, LINK: undefined });
    expect(existsSync(join(packageDir, 'build', 'Release', 'resp_parser_native.node'))).toBe(true);
    expect(await probe()).toEqual({ available: true, reason: null });
  });

  it('with no prebuild and no compiler, the install succeeds and unavailableReason() says why', async () => {
    rmSync(join(packageDir, 'prebuilds'), { recursive: true, force: true });
    rmSync(join(packageDir, 'build'), { recursive: true, force: true });
    await app.exec('npm', ['rebuild', '@aredis/resp-parser-native']);
    const result = await probe();
    expect(result.available).toBe(false);
    expect(result.reason).toMatch(/node-gyp rebuild failed|node-gyp is not available/);
  });
});
