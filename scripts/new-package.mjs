// Writes the manifest, tsconfig and tsup config of a package from its name, entries and
// dependencies, so every package is shaped the same (exports map: ESM, CommonJS, types).
// Usage: node scripts/new-package.mjs <dir> "<description>" [entry ...] [--dep name] [--private]
import { copyFileSync, mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const dir = argv.shift();
const description = argv.shift();
const entries = [];
const deps = [];
let isPrivate = false;
while (argv.length) {
  const a = argv.shift();
  if (a === '--dep') deps.push(argv.shift());
  else if (a === '--private') isPrivate = true;
  else entries.push(a);
}
if (!entries.length) entries.push('index');
const root = join('packages', dir);
mkdirSync(join(root, 'src'), { recursive: true });
mkdirSync(join(root, 'test'), { recursive: true });

const exportsMap = {};
for (const e of entries) {
  const key = e === 'index' ? '.' : `./${e}`;
  exportsMap[key] = {
    'aredis-source': `./src/${e}.ts`,
    import: { types: `./dist/${e}.d.ts`, default: `./dist/${e}.js` },
    require: { types: `./dist/${e}.d.cts`, default: `./dist/${e}.cjs` },
  };
}
exportsMap['./package.json'] = './package.json';
const path = join(root, 'package.json');
const old = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
const dependencies = { ...(old.dependencies ?? {}) };
for (const d of deps) dependencies[d] = d.startsWith('@aredis/') ? 'workspace:*' : dependencies[d] ?? '*';
const rootManifest = JSON.parse(readFileSync('package.json', 'utf8'));
const pkg = {
  name: `@aredis/${dir}`,
  version: old.version ?? '0.1.0',
  description,
  license: 'MIT',
  repository: { ...rootManifest.repository, directory: `packages/${dir}` },
  ...(isPrivate ? { private: true } : {}),
  type: 'module',
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.ts',
  exports: exportsMap,
  files: old.files ?? ['dist', 'src'],
  sideEffects: false,
  engines: { node: '>=20.17' },
  scripts: { build: 'tsup', ...(old.scripts ?? {}), build: old.scripts?.build ?? 'tsup' },
  dependencies,
  ...(old.devDependencies ? { devDependencies: old.devDependencies } : {}),
  ...(old.nx ? { nx: old.nx } : {}),
};
writeFileSync(path, JSON.stringify(pkg, null, 2) + '\n');
copyFileSync('LICENSE', join(root, 'LICENSE')); // npm ships a package's own LICENSE, not the root's
writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src'] }, null, 2) + '\n');
writeFileSync(
  join(root, 'tsup.config.ts'),
  `import { defineConfig } from 'tsup';\nimport { packageBuild } from '../../tsup.base';\n\nexport default defineConfig(packageBuild(${JSON.stringify(entries.map((e) => `src/${e}.ts`))}));\n`,
);
