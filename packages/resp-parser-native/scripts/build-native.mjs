// Makes sure this package has a native binary that loads. It is the package's `install` script
// (npm or pnpm install, in a user's app and in the workspace) and runs in `build` (workspace).
//   1. build/Release compiled from the current sources: done (recompiled when a source is newer).
//   2. No build/Release, and a prebuilt binary in prebuilds/ (shipped in the tarball) loads here:
//      done, nothing is compiled.
//   3. Otherwise compile with node-gyp: this package's own devDependency (workspace), else the
//      node-gyp npm or pnpm supplies to install scripts (npm_config_node_gyp, or on PATH).
// It never fails: when nothing loads and compiling is impossible (no compiler, no headers, no
// python), it leaves the reason in build/native-build-error.txt, isAvailable() is false at run
// time with that reason, and the client uses the TypeScript parser.
// --force compiles whatever is there; AREDIS_NATIVE_SKIP_BUILD=1 compiles nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localNodeDir } from './node-dir.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const note = join(root, 'build', 'native-build-error.txt');
const require = createRequire(import.meta.url);
const force = process.argv.includes('--force');

function done(message) {
  rmSync(note, { force: true });
  console.log(`@aredis/resp-parser-native: ${message}`);
  process.exit(0);
}

function giveUp(reason) {
  mkdirSync(join(root, 'build'), { recursive: true });
  writeFileSync(note, `${reason}\n`);
  console.warn(`@aredis/resp-parser-native: no native binary (${reason}); the TypeScript parser will be used.`);
  process.exit(0);
}

if (process.env.AREDIS_NATIVE_SKIP_BUILD) giveUp('AREDIS_NATIVE_SKIP_BUILD is set');

// 1. The workspace's own compile, kept while no source is newer.
const binary = join(root, 'build', 'Release', 'resp_parser_native.node');
const sources = [join(root, 'binding.gyp'), ...readdirSync(join(root, 'native')).map((name) => join(root, 'native', name))];
const mtime = (file) => statSync(file).mtimeMs;
if (!force && existsSync(binary) && sources.every((file) => mtime(file) <= mtime(binary))) done('addon up to date');

// 2. A prebuilt binary for this platform, libc and architecture that loads.
let prebuildProblem;
if (!force && !existsSync(binary)) {
  try {
    const found = require('node-gyp-build').path(root);
    const loaded = require(found);
    if (typeof loaded.create === 'function') done(`prebuilt binary loads (${found.slice(root.length + 1)})`);
    prebuildProblem = `the prebuilt binary ${found} is not this version of the addon`;
  } catch (err) {
    prebuildProblem = err instanceof Error ? err.message.split('\n')[0] : String(err);
  }
}

// 3. Compile from source.
function nodeGypCommand() {
  try {
    return [process.execPath, require.resolve('node-gyp/bin/node-gyp.js')];
  } catch {
    // not a devDependency here: a user's install
  }
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && existsSync(fromNpm)) return fromNpm.endsWith('.js') ? [process.execPath, fromNpm] : [fromNpm];
  if (spawnSync('node-gyp', ['--version'], { stdio: 'ignore' }).status === 0) return ['node-gyp'];
  return undefined;
}

const why = prebuildProblem ? `no prebuilt binary loads (${prebuildProblem}); ` : '';
const command = nodeGypCommand();
if (!command) giveUp(`${why}node-gyp is not available to compile from source`);
const args = [...command.slice(1), 'rebuild', '--release'];
const nodeDir = localNodeDir();
if (nodeDir) args.push(`--nodedir=${nodeDir}`);
const run = spawnSync(command[0], args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
if (run.status !== 0) {
  const output = `${run.stderr ?? ''}${run.stdout ?? ''}${run.error ? String(run.error) : ''}`;
  const lines = output.split('\n').filter((line) => /error|not found|No such file|ERR!/i.test(line) && !/ERR! (stack|System|command|cwd|node -v|node-gyp -v|not ok)/.test(line)).slice(0, 6);
  giveUp(`${why}node-gyp rebuild failed: ${lines.join(' | ').slice(0, 800) || `exit ${run.status}`}`);
}
done('addon compiled from source');
