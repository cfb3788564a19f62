/** `pnpm pack` of every public package into one folder, as a maintainer's release would. */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { publicPackages } from './workspace.js';

export interface Tarball {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  readonly files: readonly string[];
}

export function packAll(destination: string): Tarball[] {
  return publicPackages().map((pkg) => {
    const out = execFileSync('pnpm', ['pack', '--json', '--pack-destination', destination], {
      cwd: pkg.dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    // lifecycle scripts (the native package's prepack) print before the JSON
    const report = JSON.parse(out.slice(out.indexOf('\n{') + 1)) as { filename: string; files: { path: string }[] };
    return { name: pkg.name, file: report.filename, bytes: statSync(report.filename).size, files: report.files.map((f) => f.path) };
  });
}
