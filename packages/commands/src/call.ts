import { DataError, type CommandArg } from '@aredis/resp-parser';
import { checkOptions } from '@aredis/resp-parser/internal';
import { EMPTY, type CallOptions, type CommandSpec } from './define.js';

/**
 * What every client does with a call of a declared command before sending it, in one place
 * (StrictRedis, the pipelines, the cluster client): check the trailing options, build the
 * arguments, find the callback's options, and say how the reply is read.
 */

type Spec = Pick<CommandSpec, 'name' | 'build' | 'options' | 'neverDecode' | 'localReply'>;

/**
 * The arguments of `spec` called with `args`, after checking its trailing options object
 * (unknown key, or a flag that is not a boolean: DataError naming it). Throws DataError on bad
 * input; nothing is sent. Cheap when the options are fine: no allocation.
 */
export function buildCommand(spec: Spec, args: readonly unknown[]): CommandArg[] {
  const declared = spec.options;
  if (declared !== undefined) {
    const given = args[declared.index];
    if (given !== undefined && given !== null && typeof given !== 'string') {
      // A string may be an overload of the options slot (GEODIST's unit, CLIENT KILL's address): the builder reads it.
      if (typeof given !== 'object' || Array.isArray(given) || Buffer.isBuffer(given)) {
        throw new DataError(`${spec.name}: options must be an object, got ${Array.isArray(given) ? 'an array' : Buffer.isBuffer(given) ? 'a Buffer' : typeof given}`);
      }
      checkOptions(spec.name, given, declared.keys);
      const flags = declared.flags;
      for (let i = 0; i < flags.length; i++) {
        const flag = flags[i]!;
        const value = (given as Record<string, unknown>)[flag];
        if (value !== undefined && typeof value !== 'boolean') {
          throw new DataError(`${spec.name}: option '${flag}' must be a boolean, got ${value === null ? 'null' : typeof value}`);
        }
      }
    }
  }
  return (spec.build as (...a: readonly unknown[]) => CommandArg[])(...args);
}

/** The options a response callback receives for this call: its trailing options object, or `{}`. */
export function callOptionsOf(spec: Spec, args: readonly unknown[]): CallOptions {
  const declared = spec.options;
  if (declared === undefined) return EMPTY;
  const given = args[declared.index];
  return given !== null && typeof given === 'object' ? (given as CallOptions) : EMPTY;
}

/** Per-call send options that may ask for the reply's mode (`SendOptions` of @aredis/connection). */
export interface ReplyModeOptions {
  returnBuffers?: boolean | undefined;
}

const BUFFERS: ReplyModeOptions = Object.freeze({ returnBuffers: true });

/**
 * The send options of a call: `options` as they are, or with `returnBuffers: true` for a
 * `neverDecode` command (DUMP), whose reply stays binary on a decoding connection.
 */
export function sendOptionsOf<O extends ReplyModeOptions>(spec: Pick<Spec, 'neverDecode'> | undefined, options: O | undefined): O | undefined {
  if (spec?.neverDecode !== true) return options;
  return (options === undefined ? BUFFERS : { ...options, returnBuffers: true }) as O;
}
