// The test projects: one a package, and the repository-wide ones. vitest 4 does not read this file by itself;
// vitest.config.ts imports it into `test.projects`.
export const PACKAGES = [
  'resp-parser',
  'resp-parser-native',
  'connection',
  'pool',
  'commands',
  'pipeline',
  'pubsub',
  'cache',
  'client',
  'cluster',
  'sentinel',
  'opentelemetry',
  'testing',
  'bench',
] as const;

/** Test projects that are not a package: every README and docs code block runs (test/readme). */
export const REPOSITORY_PROJECTS = ['readme'] as const;

export default [
  ...PACKAGES.map((name) => ({
    extends: true as const,
    test: {
      name,
      root: `packages/${name}`,
      include: ['test/**/*.test.ts'],
    },
  })),
  ...REPOSITORY_PROJECTS.map((name) => ({
    extends: true as const,
    test: {
      name,
      root: `test/${name}`,
      include: ['**/*.test.ts'],
    },
  })),
];
