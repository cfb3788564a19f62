/** The module specifiers a user can import from the packed packages (their `exports` maps). */
import { publicPackages } from './workspace.js';

export function exportedSpecifiers(): string[] {
  const out: string[] = [];
  for (const pkg of publicPackages()) {
    const exportsMap = (pkg.manifest.exports ?? { '.': {} }) as Record<string, unknown>;
    for (const subpath of Object.keys(exportsMap)) {
      if (subpath === './package.json') continue;
      out.push(subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`);
    }
  }
  return out;
}
