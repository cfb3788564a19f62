// One build recipe for every package: ESM + CommonJS + type declarations, from src/.
import type { Options } from 'tsup';

export function packageBuild(entries: string[] = ['src/index.ts']): Options {
  return {
    entry: entries,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    shims: true,
    splitting: false,
  };
}
