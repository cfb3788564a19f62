import type { AbstractConnection, SendOptions } from '@aredis/connection';
import { ProtocolError } from '@aredis/resp-parser';

/** A Lua script a pipeline loads before it runs: its source and SHA1 (what EVALSHA names). */
export interface PipelineScript {
  readonly sha: string;
  readonly script: string | Buffer;
}

/**
 * Makes sure the server knows every script: one SCRIPT EXISTS for all, then SCRIPT LOAD for
 * the missing ones, on the connection the pipeline will use (outside any MULTI).
 */
export async function loadScripts(
  connection: AbstractConnection,
  scripts: readonly PipelineScript[],
  options: SendOptions | undefined,
): Promise<void> {
  const exists = await connection.send(['SCRIPT', 'EXISTS', ...scripts.map((s) => s.sha)], options);
  if (!Array.isArray(exists) || exists.length !== scripts.length) {
    throw new ProtocolError(`SCRIPT EXISTS answered ${Array.isArray(exists) ? `${exists.length} flags` : typeof exists} for ${scripts.length} scripts`);
  }
  const missing = scripts.filter((_, i) => exists[i] !== 1 && exists[i] !== true);
  await Promise.all(missing.map((s) => connection.send(['SCRIPT', 'LOAD', s.script], options)));
}
