// Compiles the addon with node-gyp (run by this package's `build`, hence by `pnpm install`).
// It never fails: when the compile cannot happen (no compiler, no headers, no python), it
// leaves the reason in build/native-build-error.txt, isAvailable() is false at run time with
// that reason, and the client uses the TypeScript parser.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const note = join(root, 'build', 'native-build-error.txt');

function giveUp(reason) {
  mkdirSync(join(root, 'build'), { recursive: true });
  writeFileSync(note, `${reason}\n`);
  console.warn(`@aredis/resp-parser-native: not compiled (${reason}); the TypeScript parser will be used.`);
  process.exit(0);
}

if (process.env.AREDIS_NATIVE_SKIP_BUILD) giveUp('AREDIS_NATIVE_SKIP_BUILD is set');

// `install` and `build` both run this on a fresh clone: compile once, again only when a
// source is newer than the binary (or with --force).
const binary = join(root, 'build', 'Release', 'resp_parser_native.node');
const sources = [join(root, 'binding.gyp'), ...readdirSync(join(root, 'native')).map((name) => join(root, 'native', name))];
const mtime = (file) => statSync(file).mtimeMs;
if (!process.argv.includes('--force') && existsSync(binary) && sources.every((file) => mtime(file) <= mtime(binary))) {
  rmSync(note, { force: true });
  console.log('@aredis/resp-parser-native: addon up to date');
  process.exit(0);
}

// Node's own headers beside its binary (/usr/include/node for /usr/bin/node): with them
// node-gyp downloads nothing.
function localNodeDir() {
  const candidates = [process.env.npm_config_nodedir, join(dirname(process.execPath), '..')].filter(Boolean);
  return candidates.find((dir) => existsSync(join(dir, 'include', 'node', 'node_api.h')) && existsSync(join(dir, 'include', 'node', 'common.gypi')));
}

let nodeGyp;
try {
  nodeGyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
} catch {
  giveUp('node-gyp is not installed');
}

const args = [nodeGyp, 'rebuild', '--release'];
const nodeDir = localNodeDir();
if (nodeDir) args.push(`--nodedir=${nodeDir}`);
const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
if (run.status !== 0) {
  const output = `${run.stderr ?? ''}${run.stdout ?? ''}${run.error ? String(run.error) : ''}`;
  const lines = output.split('\n').filter((line) => /error|not found|No such file|ERR!/i.test(line) && !/ERR! (stack|System|command|cwd|node -v|node-gyp -v|not ok)/.test(line)).slice(0, 6);
  giveUp(`node-gyp rebuild failed: ${lines.join(' | ').slice(0, 800) || `exit ${run.status}`}`);
}
rmSync(note, { force: true });
console.log('@aredis/resp-parser-native: addon compiled');
