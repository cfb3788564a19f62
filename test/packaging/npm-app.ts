/**
 * A user's app outside the workspace: a folder under the system temp directory with its own
 * package.json, into which `npm install` puts the packed tarballs (and anything else named).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cleanEnv, repoRoot } from './workspace.js';

const run = promisify(execFile);

export interface NpmApp {
  readonly dir: string;
  /** Runs a command in the app (a clean environment plus `env`); rejects on a non-zero exit. */
  exec(command: string, args: readonly string[], env?: Record<string, string | undefined>): Promise<{ stdout: string; stderr: string }>;
  /** Copies fixtures/<name> into the app. */
  addFixture(name: string, as?: string): string;
  remove(): void;
}

export async function createNpmApp(label: string, installs: readonly string[], env: Record<string, string | undefined> = {}): Promise<NpmApp> {
  const dir = mkdtempSync(join(tmpdir(), `aredis-${label}-`));
  if (dir.startsWith(repoRoot)) throw new Error(`the app must be outside the workspace: ${dir}`);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `aredis-${label}`, version: '1.0.0', private: true }, null, 2)}\n`);
  const app: NpmApp = {
    dir,
    async exec(command, args, extra = {}) {
      try {
        return await run(command, [...args], { cwd: dir, env: cleanEnv({ ...env, ...extra }), maxBuffer: 64 * 1024 * 1024 });
      } catch (error) {
        const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
        throw new Error(`${command} ${args.join(' ')} failed in ${dir}:\n${stdout}${stderr}`.slice(0, 8000), { cause: error });
      }
    },
    addFixture(name, as = name) {
      const target = join(dir, as);
      cpSync(new URL(`./fixtures/${name}`, import.meta.url), target);
      return target;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await app.exec('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...installs]);
  return app;
}

/** An environment where no C or C++ compiler can be found. */
export const NO_COMPILER = { CC: '/nonexistent/cc', CXX: '/nonexistent/c++', LINK: '/nonexistent/c++' };
