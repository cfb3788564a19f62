// The test projects: one a package. vitest 4 does not read this file by itself;
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
  'testing',
] as const;

export default PACKAGES.map((name) => ({
  extends: true as const,
  test: {
    name,
    root: `packages/${name}`,
    include: ['test/**/*.test.ts'],
  },
}));
