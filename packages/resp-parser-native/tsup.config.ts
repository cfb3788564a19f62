import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base';

// src/binding.ts finds the package root from import.meta.url; the CommonJS build gets it from
// src/cjs-import-meta.ts (shipped, so the source map points at a file in the tarball).
export default defineConfig({
  ...packageBuild(['src/index.ts']),
  shims: false,
  esbuildOptions(options, { format }) {
    if (format !== 'cjs') return;
    options.define = { ...options.define, 'import.meta.url': 'importMetaUrl' };
    options.inject = [...(options.inject ?? []), 'src/cjs-import-meta.ts'];
  },
});
