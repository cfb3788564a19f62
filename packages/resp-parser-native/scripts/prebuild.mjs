// `prepack`: compiles this package's own C sources (native/, binding.gyp) with prebuildify into
// prebuilds/<platform>-<arch>/node.napi[.<libc>].node, so the tarball carries binaries that
// install without a compiler. One N-API build serves every Node version from 20 on.
// On linux-x64 it makes a glibc build, and a musl build when `musl-gcc` is on PATH (Debian:
// `apt-get install musl-tools`). It builds in a temporary copy, so build/Release (the
// workspace's own compile, which the tests load) is left alone. `postpack` removes prebuilds/.
// A flavour that cannot be built is reported and skipped: the package then installs by
// compiling from source, or falls back to the TypeScript parser. AREDIS_PREBUILD_REQUIRED=1
// makes a missing flavour an error (for a release).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localNodeDir } from './node-dir.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const prebuildify = join(dirname(require.resolve('prebuildify/package.json')), 'bin.js');
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
const required = process.env.AREDIS_PREBUILD_REQUIRED === '1';

function onPath(command) {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** The builds this host can make: its own, and on linux-x64 the other libc when a toolchain is here. */
function flavours() {
  if (process.platform !== 'linux') return [{ libc: undefined, env: {} }];
  const list = [{ libc: 'glibc', env: {} }];
  if (process.arch === 'x64') {
    if (onPath('musl-gcc')) list.push({ libc: 'musl', env: { CC: 'musl-gcc', CXX: 'musl-gcc', LINK: 'musl-gcc' } });
    else list.push({ libc: 'musl', missing: 'musl-gcc is not on PATH (Debian: apt-get install musl-tools)' });
  }
  return list;
}

const out = join(root, 'prebuilds');
rmSync(out, { recursive: true, force: true });
const failures = [];
for (const flavour of flavours()) {
  const label = flavour.libc ?? `${process.platform}-${process.arch}`;
  if (flavour.missing) {
    failures.push(`${label}: ${flavour.missing}`);
    continue;
  }
  const work = mkdtempSync(join(tmpdir(), 'aredis-prebuild-'));
  try {
    cpSync(join(root, 'binding.gyp'), join(work, 'binding.gyp'));
    cpSync(join(root, 'native'), join(work, 'native'), { recursive: true });
    // --name gives the conventional node.napi[.libc].node, whose napi tag node-gyp-build reads as
    // "any Node version".
    const args = [prebuildify, '--napi', '--strip', '--name', 'node.napi', `--target=node@${process.versions.node}`, '--cwd', work];
    if (flavour.libc) args.push('--tag-libc');
    const nodeDir = localNodeDir();
    const env = {
      ...process.env,
      ...flavour.env,
      PREBUILD_NODE_GYP: nodeGyp,
      ...(flavour.libc ? { PREBUILD_LIBC: flavour.libc } : {}),
      ...(nodeDir ? { npm_config_nodedir: nodeDir } : {}),
    };
    const run = spawnSync(process.execPath, args, { cwd: work, env, encoding: 'utf8' });
    if (run.status !== 0) {
      const lines = `${run.stderr}${run.stdout}`.split('\n').filter((l) => /error|not found|ERR!/i.test(l)).slice(0, 4);
      failures.push(`${label}: prebuildify failed (${lines.join(' | ') || `exit ${run.status}`})`);
      continue;
    }
    cpSync(join(work, 'prebuilds'), out, { recursive: true });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const made = existsSync(out) ? readdirSync(out).flatMap((dir) => readdirSync(join(out, dir)).map((f) => `${dir}/${f}`)) : [];
console.log(`@aredis/resp-parser-native: prebuilds ${made.length ? made.join(', ') : 'none'}`);
for (const failure of failures) console.warn(`@aredis/resp-parser-native: no prebuild for ${failure}`);
if (required && failures.length > 0) process.exit(1);
