/**
 * `defineScript(name, { numberOfKeys, lua })` (ioredis's `defineCommand`): a Lua script
 * becomes a method of the client, of its option views and of its pipelines. EVALSHA, with
 * EVAL on NOSCRIPT on a client; on a pipeline, a queued EVALSHA, the script loaded first.
 */
import type { Pipeline, PipelineOptions, PipelineScript } from '@aredis/pipeline';
import { DataError } from '@aredis/resp-parser';
import { checkOptions } from '@aredis/resp-parser/internal';
import { runScript, scriptSource, type ScriptArg, type ScriptClient, type ScriptKey } from './script.js';

export interface ScriptDefinition {
  /** The Lua source. */
  lua: string | Buffer;
  /**
   * How many of the method's arguments are keys (KEYS), the rest being ARGV. Left out, the
   * first argument says it for each call: `r.myScript(2, 'k1', 'k2', 'arg')`, as in ioredis.
   */
  numberOfKeys?: number;
}

/** A defined script on a client: resolves with the script's reply, unshaped. */
export type ScriptMethod = (...keysAndArgs: ScriptArg[]) => Promise<unknown>;

/** A pipeline with the defined scripts as methods that queue (and return the pipeline). */
export type ScriptedPipeline<P, N extends string> = P & { readonly [K in N]: (...keysAndArgs: ScriptArg[]) => ScriptedPipeline<P, N> };

type PipelineOf<S> = S extends { pipeline(options?: PipelineOptions): infer P } ? P : never;

/**
 * The client type `defineScript` returns: the client with one more method, whose `pipeline()`
 * gives pipelines with that method too (it accumulates over several `defineScript` calls).
 * A script method called on a pipeline returns that pipeline with its script methods; the
 * command methods return the plain pipeline type, so keep the pipeline in a variable to mix them.
 */
export type WithScript<S, N extends string> = Omit<S, 'pipeline' | N> & { readonly [K in N]: ScriptMethod } & {
  pipeline(options?: PipelineOptions): ScriptedPipeline<PipelineOf<S>, N>;
};

export interface DefinedScript {
  readonly source: PipelineScript;
  readonly numberOfKeys: number | undefined;
}

const DEFINITION_OPTIONS = ['lua', 'numberOfKeys'] as const;

/** Checks a definition and the name it takes (not one the object has already). */
export function checkDefinition(target: object, name: unknown, definition: ScriptDefinition): DefinedScript {
  if (typeof name !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(name)) {
    throw new DataError("defineScript: argument 'name' must be an identifier (letters, digits, _ and $)");
  }
  if (name in target) throw new DataError(`defineScript: '${name}' is already a method or property of the client`);
  if (definition === null || typeof definition !== 'object') throw new DataError("defineScript: argument 'definition' must be { lua, numberOfKeys }");
  checkOptions('defineScript', definition, DEFINITION_OPTIONS);
  const { numberOfKeys } = definition;
  if (numberOfKeys !== undefined && (!Number.isInteger(numberOfKeys) || numberOfKeys < 0)) {
    throw new DataError(`defineScript: option 'numberOfKeys' must be an integer >= 0, got ${String(numberOfKeys)}`);
  }
  return { source: scriptSource(definition.lua), numberOfKeys };
}

/** The KEYS and ARGV of one call: `numberOfKeys` of them are keys, or the first argument says how many. */
function split(name: string, script: DefinedScript, given: readonly ScriptArg[]): { keys: ScriptKey[]; args: ScriptArg[] } {
  let count = script.numberOfKeys;
  let rest = given;
  if (count === undefined) {
    const first = given[0];
    if (typeof first !== 'number' || !Number.isInteger(first) || first < 0 || first > given.length - 1) {
      throw new DataError(`${name}: the first argument must be the number of keys (defined without numberOfKeys)`);
    }
    count = first;
    rest = given.slice(1);
  } else if (rest.length < count) {
    throw new DataError(`${name}: needs ${count} keys, got ${rest.length} arguments`);
  }
  const keys = rest.slice(0, count);
  for (const key of keys) if (typeof key !== 'string' && !Buffer.isBuffer(key)) throw new DataError(`${name}: keys must be strings or Buffers`);
  return { keys: keys as ScriptKey[], args: rest.slice(count) };
}

/** The method put on the client (`this` is the client or one of its views). */
export function clientMethod(name: string, script: DefinedScript): ScriptMethod {
  return function defined(this: ScriptClient, ...keysAndArgs: ScriptArg[]): Promise<unknown> {
    try {
      return runScript(script.source, this, split(name, script, keysAndArgs)) as Promise<unknown>;
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/** Puts every defined script on a new pipeline as a method that queues it. */
export function addScriptMethods(pipeline: Pipeline<boolean>, scripts: ReadonlyMap<string, DefinedScript>): void {
  for (const [name, script] of scripts) {
    Object.defineProperty(pipeline, name, {
      value: function queued(this: Pipeline<boolean>, ...keysAndArgs: ScriptArg[]): unknown {
        return runScript(script.source, this, split(name, script, keysAndArgs));
      },
    });
  }
}
