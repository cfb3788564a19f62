import type { CommandArg, RespValue } from '@aredis/resp-parser';

/**
 * How a command is declared: data plus two small pure functions. The same declaration gives
 * the method on StrictRedis, on Pipeline and on the cluster client, its RESPONSE_CALLBACKS
 * entry, and its routing flags. See docs/ARCHITECTURE.md ("Declaring a command").
 */

/** Trailing options of a call as a response callback sees them (`{ withscores: true }`). */
export type CallOptions = Readonly<Record<string, unknown>>;

/** `(reply, options) => shaped`: the seed's response callback. */
export type ResponseCallback = (reply: RespValue, options: CallOptions) => unknown;

/**
 * Marks a string reply in a declared return type: it becomes `Buffer`, or `string` when the
 * client decodes responses. Never a runtime value.
 */
declare const BULK: unique symbol;
export interface Bulk {
  readonly [BULK]: true;
}

/** A declared return type with every `Bulk` replaced by Buffer or string. */
export type Decoded<T, D extends boolean> = T extends Bulk
  ? D extends true
    ? string
    : Buffer
  : T extends string | Buffer | number | bigint | boolean | null | undefined | Date
    ? T
    : T extends Map<infer K, infer V>
      ? Map<Decoded<K, D>, Decoded<V, D>>
      : T extends readonly unknown[]
        ? { -readonly [I in keyof T]: Decoded<T[I], D> }
        : T extends object
          ? { [P in keyof T]: Decoded<T[P], D> }
          : T;

export interface CommandSpec<A extends unknown[] = never[], R = unknown> {
  /**
   * The command as Redis names it, upper case, subcommand after a space: `GET`, `CONFIG GET`.
   * The method name is the name the declaration is exported under (`get`, `configGet`, and
   * `delete` for DEL through `export { del as delete }`).
   */
  readonly name: string;
  /** Builds the full argument list (command words first). Throws DataError on bad input. */
  readonly build: (...args: A) => CommandArg[];
  /** Shapes the raw reply; the default RESPONSE_CALLBACKS entry for `name`. */
  readonly reply?: ResponseCallback;
  /** Needs a connection of its own while it waits (BLPOP; XREAD only when BLOCK is given). */
  readonly blocking?: boolean | ((args: readonly CommandArg[]) => boolean);
  /** Never writes: a cluster client may send it to a replica. */
  readonly readonly?: boolean;
  /** Phantom: the declared return type, with Bulk markers. Set with `returns<T>()`. */
  readonly returns?: R;
  /**
   * A method that hands back a builder instead of sending at once (BITFIELD): the installed
   * method returns `facade(send, ...callerArgs)`, where `send(...buildArgs)` (the arguments of
   * `build`) invokes the command
   * as a plain method would (a promise on the client, the pipeline itself on a pipeline). Its
   * signatures come from `SignatureOverrides` and `ChainedSignatureOverrides` in methods.ts.
   */
  readonly facade?: (send: (...buildArgs: unknown[]) => unknown, ...callerArgs: never[]) => unknown;
}

/** `returns: returns<Bulk | null>()`: declares a command's reply type, no runtime cost. */
export function returns<T>(): T {
  return undefined as T;
}

export function defineCommand<A extends unknown[], R>(spec: CommandSpec<A, R>): CommandSpec<A, R> {
  return spec;
}

/**
 * The trailing options object of a call, if its last argument is one (not a Buffer or array):
 * what a response callback receives as `options`.
 */
export function callOptions(args: readonly unknown[]): CallOptions {
  const last = args[args.length - 1];
  if (last !== null && typeof last === 'object' && !Array.isArray(last) && !Buffer.isBuffer(last)) {
    return last as CallOptions;
  }
  return EMPTY;
}
const EMPTY: CallOptions = Object.freeze({});

/** Types a key argument takes. */
export type KeyArg = string | Buffer;
/** Types a value argument takes (numbers are sent as their decimal text). */
export type ValueArg = string | Buffer | number;
