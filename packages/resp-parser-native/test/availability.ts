/**
 * Whether this machine's tests may skip the native parser. They skip only for a real reason:
 * the addon did not load AND there is no C compiler to build it. With a compiler present, a
 * missing addon is a failure (the tests run and throw NativeUnavailableError loudly).
 */
import { spawnSync } from 'node:child_process';
import { isAvailable, unavailableReason } from '../src/index.js';

function hasCompiler(): boolean {
  const compilers = [process.env.CC, 'cc', 'gcc', 'clang'].filter((c): c is string => Boolean(c));
  return compilers.some((compiler) => spawnSync(compiler, ['--version'], { stdio: 'ignore' }).status === 0);
}

export const compilerPresent = hasCompiler();

/** Set when the native suites skip: the reason, printed once. */
export const skipReason: string | undefined =
  isAvailable() || compilerPresent ? undefined : `native parser unavailable and no C compiler: ${unavailableReason()}`;

if (skipReason) console.warn(`[resp-parser-native] skipping native tests: ${skipReason}`);
