/**
 * Loads the compiled addon (build/Release/*.node, or prebuilds/) with node-gyp-build from the
 * package root, which is one level above both src/ (tests run sources) and dist/ (the builds).
 * A missing or broken binary is not an error here: isAvailable() is false with the reason.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The functions native/addon.c exports. */
export interface NativeBinding {
  /** A new scanner, as its per-chunk function scan(chunk) -> status. */
  create(
    maxBulkLength: number,
    maxDepth: number,
    wantAscii: boolean,
    tape: Int32Array,
    result: Int32Array,
    maxLineLength: number,
    maxReplyLength: number,
  ): ScanFunction;
  /** Continues a chunk after S_TAPE_FULL and setTape(). */
  resume(scan: ScanFunction, chunk: Buffer, start: number): number;
  /** Switches to another tape, copying the entries of the unfinished reply to its start. */
  setTape(scan: ScanFunction, tape: Int32Array): void;
  reset(scan: ScanFunction): void;
  errorCode(scan: ScanFunction): number;
  errorOffset(scan: ScanFunction): number;
  /** Heap bytes of the scanner's own line and stack buffers. */
  bufferBytes(scan: ScanFunction): number;
}

export type ScanFunction = (chunk: Buffer) => number;

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Why the compile step failed, when scripts/build-native.mjs left a note. */
function buildNote(): string {
  try {
    return readFileSync(join(packageRoot, 'build', 'native-build-error.txt'), 'utf8').trim();
  } catch {
    return '';
  }
}

function load(): { binding?: NativeBinding; reason?: string } {
  if (process.env.AREDIS_NATIVE_DISABLE) return { reason: 'disabled by the AREDIS_NATIVE_DISABLE environment variable' };
  try {
    const require = createRequire(import.meta.url);
    const nodeGypBuild = require('node-gyp-build') as (dir: string) => unknown;
    const binding = nodeGypBuild(packageRoot) as NativeBinding;
    if (typeof binding.create !== 'function' || typeof binding.resume !== 'function') {
      return { reason: 'the native binary is not this version of the addon' };
    }
    return { binding };
  } catch (err) {
    const note = buildNote();
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { reason: note ? `${message}; the build said: ${note}` : message };
  }
}

const loaded = load();

export const binding: NativeBinding | undefined = loaded.binding;

/** Whether the native parser can be used in this process. */
export function isAvailable(): boolean {
  return loaded.binding !== undefined;
}

/** Why the native parser cannot be used (undefined when it can). */
export function unavailableReason(): string | undefined {
  return loaded.reason;
}
