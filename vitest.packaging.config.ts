import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `pnpm test:packaging`: what a user meets. Packs every public package, installs the tarballs
// with npm into apps outside the workspace, and runs them (ESM, CommonJS, TypeScript, the native
// parser without a compiler). Slow (npm installs), so it is not part of `pnpm test`; CI runs both.
export default defineConfig({
  test: {
    name: 'packaging',
    root: fileURLToPath(new URL('./test/packaging', import.meta.url)),
    include: ['**/*.test.ts'],
    globalSetup: [
      fileURLToPath(new URL('./packages/testing/src/global-setup.ts', import.meta.url)),
      fileURLToPath(new URL('./test/packaging/global-setup.ts', import.meta.url)),
    ],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default', ['json', { outputFile: fileURLToPath(new URL('./packaging-results.json', import.meta.url)) }]],
  },
  resolve: { conditions: ['aredis-source'] },
  ssr: { resolve: { conditions: ['aredis-source'], externalConditions: ['aredis-source'] } },
});
