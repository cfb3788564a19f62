import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace.ts';

export default defineConfig({
  // Tests run against each package's source (the `aredis-source` export condition), so a
  // change is tested without a build and no test depends on build order.
  resolve: { conditions: ['aredis-source'] },
  ssr: { resolve: { conditions: ['aredis-source'], externalConditions: ['aredis-source'] } },
  test: {
    projects,
    // Kills any redis-server a crashed test worker left behind (absolute path: vitest resolves
    // globalSetup against each project's root).
    globalSetup: [fileURLToPath(new URL('./packages/testing/src/global-setup.ts', import.meta.url))],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
  },
});
