import { runScript, scriptSource, type ScriptArg, type ScriptCall, type ScriptClient } from '@aredis/client';
import { DataError } from '@aredis/resp-parser';
import { ClusterPipeline } from './pipeline.js';

/**
 * A registered Lua script on a cluster client (`c.registerScript(lua)`): called at once
 * (EVALSHA, EVAL on NOSCRIPT, routed by its keys, which must share one slot), or queued on a
 * ClusterPipeline, which loads it on every master (SCRIPT LOAD) before it runs.
 */
export interface ClusterScript {
  <D extends boolean>(call: ScriptCall & { client: ClusterPipeline<D> }): ClusterPipeline<D>;
  (call?: ScriptCall & { client?: ScriptClient }): Promise<unknown>;
  readonly sha: string;
  readonly script: string | Buffer;
}

export function createClusterScript(defaultClient: ScriptClient, script: string | Buffer): ClusterScript {
  const source = scriptSource(script);
  function call(options?: ScriptCall & { client?: ScriptClient | ClusterPipeline<boolean> }): unknown {
    const client = options?.client ?? defaultClient;
    if (client instanceof ClusterPipeline) {
      const keys = options?.keys ?? [];
      const args = options?.args ?? [];
      if (!Array.isArray(keys)) throw new DataError("script: argument 'keys' must be an array");
      if (!Array.isArray(args)) throw new DataError("script: argument 'args' must be an array");
      const keysAndArgs: ScriptArg[] = [...keys, ...args];
      return client.ensureScript(source).evalsha(source.sha, keys.length, ...keysAndArgs);
    }
    try {
      return runScript(source, client, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  Object.defineProperty(call, 'sha', { value: source.sha, enumerable: true });
  Object.defineProperty(call, 'script', { value: source.script, enumerable: true });
  return call as ClusterScript;
}
