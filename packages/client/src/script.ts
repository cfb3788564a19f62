import { createHash } from 'node:crypto';
import { Pipeline, WatchedPipeline, type PipelineScript } from '@aredis/pipeline';
import { DataError } from '@aredis/resp-parser';
import { checkOptions } from '@aredis/resp-parser/internal';

/** A key a script receives in KEYS. */
export type ScriptKey = string | Buffer;
/** A value a script receives in ARGV (numbers are sent as their decimal text). */
export type ScriptArg = string | Buffer | number;

/**
 * What runs a script at once: a client, or a WatchedPipeline (a pipeline in immediate mode).
 * Anything with promise-returning `evalsha` and `eval` will do.
 */
export interface ScriptClient {
  evalsha(sha: string | Buffer, numkeys: number, ...keysAndArgs: ScriptArg[]): Promise<unknown>;
  eval(script: string | Buffer, numkeys: number, ...keysAndArgs: ScriptArg[]): Promise<unknown>;
}

export interface ScriptCall {
  keys?: readonly ScriptKey[];
  args?: readonly ScriptArg[];
}

const CALL_OPTIONS = ['keys', 'args', 'client'] as const;

/**
 * A registered Lua script (`r.registerScript(lua)`), called with `{ keys, args, client }`:
 * - on a client (the registering one by default) or a WatchedPipeline before `multi()`:
 *   EVALSHA, and on NOSCRIPT (the server's script cache was flushed, or never had it) EVAL,
 *   which runs the script and caches it again; resolves with the script's reply, unshaped.
 * - on a Pipeline: queues EVALSHA and returns the pipeline; the pipeline loads the script
 *   (SCRIPT EXISTS, then SCRIPT LOAD) before it runs.
 * - on a WatchedPipeline after `multi()`: the same queued EVALSHA, and the promise of its
 *   reply (settled by `execute()`).
 */
export interface Script {
  <D extends boolean>(call: ScriptCall & { client: Pipeline<D> }): Pipeline<D>;
  (call?: ScriptCall & { client?: ScriptClient }): Promise<unknown>;
  /** The SHA1 of the source, as EVALSHA names it. */
  readonly sha: string;
  /** The Lua source. */
  readonly script: string | Buffer;
}

/** A script's source and SHA1 (computed here, as the server does). */
export function scriptSource(script: string | Buffer): PipelineScript {
  if (typeof script !== 'string' && !Buffer.isBuffer(script)) {
    throw new DataError("registerScript: argument 'script' must be a string or Buffer");
  }
  return Object.freeze({ script, sha: createHash('sha1').update(script).digest('hex') });
}

/**
 * Runs a script on a Pipeline (queued: the pipeline returned) or at once on `client` (a
 * promise of its reply): EVALSHA, with EVAL when the server answers NOSCRIPT.
 */
export function runScript(source: PipelineScript, client: ScriptClient | Pipeline<boolean>, call: ScriptCall = {}): unknown {
  checkOptions('Script', call, CALL_OPTIONS);
  const keys = call.keys ?? [];
  const args = call.args ?? [];
  if (!Array.isArray(keys)) throw new DataError("script: argument 'keys' must be an array");
  if (!Array.isArray(args)) throw new DataError("script: argument 'args' must be an array");
  const keysAndArgs: ScriptArg[] = [...keys, ...args];
  if (client instanceof Pipeline) {
    return client.ensureScript(source).evalsha(source.sha, keys.length, ...keysAndArgs);
  }
  if (client instanceof WatchedPipeline && client.mode === 'queued') {
    // In the transaction: no NOSCRIPT fallback is possible inside EXEC, so load it before.
    client.pipeline.ensureScript(source);
    return client.evalsha(source.sha, keys.length, ...keysAndArgs);
  }
  return runNow(client, source, keys.length, keysAndArgs);
}

async function runNow(client: ScriptClient, source: PipelineScript, numkeys: number, keysAndArgs: ScriptArg[]): Promise<unknown> {
  try {
    return await client.evalsha(source.sha, numkeys, ...keysAndArgs);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 'AREDIS_ERR_NOSCRIPT') throw error;
    return client.eval(source.script, numkeys, ...keysAndArgs);
  }
}

/** The callable `registerScript` gives: `defaultClient` runs it when the call names no client. */
export function createScript(defaultClient: ScriptClient, script: string | Buffer): Script {
  const source = scriptSource(script);
  function call(options?: ScriptCall & { client?: ScriptClient | Pipeline<boolean> }): unknown {
    try {
      return runScript(source, options?.client ?? defaultClient, options);
    } catch (error) {
      // Bad arguments: thrown at the call on a pipeline (as its methods do), a rejection otherwise.
      if (options?.client instanceof Pipeline) throw error;
      return Promise.reject(error);
    }
  }
  Object.defineProperty(call, 'sha', { value: source.sha, enumerable: true });
  Object.defineProperty(call, 'script', { value: source.script, enumerable: true });
  return call as Script;
}
