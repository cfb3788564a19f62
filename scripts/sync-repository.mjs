// Copies the root package.json's "repository" into every package's manifest (with its
// "directory"), and the root LICENSE beside each manifest: npm ships a package's own LICENSE.
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const { repository } = JSON.parse(readFileSync('package.json', 'utf8'));
for (const folder of readdirSync('packages')) {
  const file = join('packages', folder, 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  manifest.repository = { ...repository, directory: `packages/${folder}` };
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync('LICENSE', join('packages', folder, 'LICENSE'));
}
console.log(`repository ${repository.url} written to every package`);
