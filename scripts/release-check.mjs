// `pnpm release` runs this before `lerna publish`: it refuses to publish from a state a user
// should never receive. Nothing here publishes anything.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const problems = [];
const root = JSON.parse(readFileSync('package.json', 'utf8'));
if (!root.repository?.url || /example\.invalid/.test(root.repository.url)) {
  problems.push('package.json "repository.url" is the placeholder: set the real repository URL, then `node scripts/sync-repository.mjs`');
}
const status = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim();
if (status) problems.push(`the working tree is not clean:\n${status}`);
const branch = execFileSync('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { encoding: 'utf8' }).trim();
if (branch !== 'main') problems.push(`releases are made from main, not ${branch}`);
for (const tool of ['cc', 'musl-gcc']) {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
  } catch {
    problems.push(`${tool} is missing: the native package's prebuilds need it (Debian: build-essential, musl-tools)`);
  }
}
if (problems.length) {
  console.error(`not ready to release:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('ready to release');
