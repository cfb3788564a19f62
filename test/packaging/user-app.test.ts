/**
 * A user's app: every public tarball installed with npm outside the workspace, with no working C
 * compiler (CC and CXX point nowhere), then run as ESM and CommonJS against a throwaway server,
 * and type-checked as a user's TypeScript under NodeNext and bundler resolution.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServer, type RedisServer } from '@aredis/testing';
import { exportedSpecifiers } from './exports.js';
import { createNpmApp, NO_COMPILER, type NpmApp } from './npm-app.js';

const tarballs = inject('tarballs');
const native = tarballs.find((t) => t.name === '@aredis/resp-parser-native')!;
const prebuildHere = native.files.some((f) => f.startsWith(`prebuilds/${process.platform}-${process.arch}/`));
const specifiers = exportedSpecifiers();

let server: RedisServer;
let app: NpmApp;

beforeAll(async () => {
  server = await startServer();
  app = await createNpmApp('user-app', [...tarballs.map((t) => t.file), 'typescript@5.9.3', '@types/node@20'], NO_COMPILER);
  app.addFixture('smoke.mjs');
  app.addFixture('smoke.cjs');
  for (const name of ['user-types.ts', 'tsconfig.nodenext.json', 'tsconfig.bundler.json']) app.addFixture(name);
  copyFileSync(join(app.dir, 'user-types.ts'), join(app.dir, 'user-types.mts'));
  copyFileSync(join(app.dir, 'user-types.ts'), join(app.dir, 'user-types.cts'));
});

afterAll(async () => {
  await server?.stop();
  app?.remove();
});

async function smoke(script: string): Promise<Record<string, unknown>> {
  const { stdout } = await app.exec('node', [script, String(server.port), ...specifiers]);
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

describe('installed from tarballs with npm, no C compiler', () => {
  let esm: Record<string, unknown>;

  it('runs as ESM: replies decoded or Buffers as asked, pipeline, hash', async () => {
    esm = await smoke('smoke.mjs');
    expect(esm).toMatchObject({ value: 'héllo', bufferIsBuffer: true, buffer: 'héllo', piped: [true, 2], hash: { a: '1', b: '2' } });
  });

  it('runs as CommonJS with the same replies and the same export names for every specifier', async () => {
    const cjs = await smoke('smoke.cjs');
    expect(cjs).toMatchObject({ value: 'héllo', bufferIsBuffer: true, buffer: 'héllo', piped: [true, 2], hash: { a: '1', b: '2' } });
    expect(Object.keys(cjs.exports as object).sort()).toEqual([...specifiers].sort());
    for (const specifier of specifiers) {
      const names = (cjs.exports as Record<string, string[]>)[specifier]!;
      expect(names.length, specifier).toBeGreaterThan(0);
      expect(names, specifier).toEqual((esm.exports as Record<string, string[]>)[specifier]);
    }
  });

  it.skipIf(!prebuildHere)(`uses the prebuilt native parser (${process.platform}-${process.arch})`, () => {
    expect(esm).toMatchObject({ parser: 'NativeRespParser', native: true });
  });

  it('type-checks a user file under NodeNext (.mts and .cts), strict, skipLibCheck false', async () => {
    await expect(app.exec('npx', ['tsc', '-p', 'tsconfig.nodenext.json'])).resolves.toBeDefined();
  });

  it('type-checks the same file under moduleResolution bundler', async () => {
    await expect(app.exec('npx', ['tsc', '-p', 'tsconfig.bundler.json'])).resolves.toBeDefined();
  });
});
