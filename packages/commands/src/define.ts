import type { CommandArg, RespValue } from '@aredis/resp-parser';
import { COMMAND_FLAGS } from './generated/command-flags.js';
import { PLAIN_BUILDERS } from './generated/plain-builders.js';
import { buildingAs } from './building.js';

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

/** How `trailingOptions` describes a key: `true`, or `'flag'` for a boolean checked before the builder runs. */
export type OptionKind = true | 'flag';

/**
 * The trailing options object of a command: where it is in the arguments and every key it
 * knows. Made by `trailingOptions`.
 */
export interface TrailingOptions<
  K extends Readonly<Record<string, OptionKind>> = Readonly<Record<string, OptionKind>>,
  I extends number = number,
> {
  /** Its position in the method's arguments (the last parameter). */
  readonly index: I;
  readonly keys: ReadonlySet<string>;
  /** The keys whose values must be booleans (`nx`, `withscores`, ...). */
  readonly flags: readonly string[];
  /** Phantom: the declared keys, for the declaration check (test/options-types.test.ts). */
  readonly declared?: K;
}

/**
 * Declares a command's trailing options object: `index` is its position (the last parameter)
 * and `keys` names every key of its type once, `'flag'` for the boolean ones. A type test
 * checks every declaration against the builder's parameter (same keys, the last position),
 * and that no command with a trailing options object lacks one. `buildCommand` checks a call
 * against it before `build` runs: an unknown key, or a flag that is not a boolean, is a
 * DataError.
 */
export function trailingOptions<const I extends number, const K extends Readonly<Record<string, OptionKind>>>(
  index: I,
  keys: K,
): TrailingOptions<K, I> {
  const names = Object.keys(keys);
  return Object.freeze({
    index,
    keys: new Set(names),
    flags: Object.freeze(names.filter((name) => keys[name] === 'flag')),
  });
}

interface CommandBase<
  A extends unknown[] = never[],
  R = unknown,
  T extends TrailingOptions | undefined = TrailingOptions | undefined,
> {
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
  /**
   * The trailing options object (`trailingOptions(2, { ex: true, nx: 'flag', ... })`): every
   * command whose last parameter is an options object declares it (a type test checks this),
   * so that a typo in a key is a DataError before anything is sent.
   */
  readonly options?: T;
  /**
   * The reply is binary whatever `decodeResponses` says (DUMP, FUNCTION DUMP: redis-py's
   * NEVER_DECODE): it is read as a Buffer, in pipelines and transactions too.
   */
  readonly neverDecode?: boolean;
  /**
   * A reply known without asking the server (redis-py's EMPTY_RESPONSE: `mget([])` is `[]`):
   * given the built command, the reply, or `undefined` to send it.
   */
  readonly localReply?: (command: readonly CommandArg[]) => unknown;
}

/** What the specifications say of a command (generated/command-flags.ts, `pnpm commands:flags`). */
export interface CommandFlags {
  /** The specification's arity: the argument count with the command words, negative for "at least". */
  readonly arity: number;
  /** READONLY: never writes, a cluster client may send it to a replica. */
  readonly readonly: boolean;
  /** BLOCKING: may wait for data (BLPOP), needs a connection of its own. */
  readonly blocking: boolean;
  /** WRITE: may change the data set. */
  readonly write: boolean;
}

/**
 * Declared commands the specifications do not hold, with their flags: those of their container
 * (the specifications have DEBUG, flagged ADMIN, neither READONLY nor WRITE, but no file for its
 * subcommands), with their own arity (DEBUG OBJECT key).
 */
export const FLAGS_WITHOUT_SPEC: Readonly<Record<string, CommandFlags>> = Object.freeze({
  'DEBUG OBJECT': Object.freeze({ ...COMMAND_FLAGS['DEBUG']!, arity: 3 }),
});
const NO_FLAGS: CommandFlags = Object.freeze({ arity: 0, readonly: false, blocking: false, write: false });

/**
 * The specifications' arity and flags of a command by name (`GET`, `CONFIG GET`), or those of
 * `FLAGS_WITHOUT_SPEC`; all false (arity 0) for a command neither knows.
 */
export function commandFlags(name: string): CommandFlags {
  return COMMAND_FLAGS[name] ?? FLAGS_WITHOUT_SPEC[name] ?? NO_FLAGS;
}

/**
 * What a declaration is written with: no `readonly` (it comes from the specifications by
 * `name`), and `blocking` only where the specifications cannot say it.
 */
export interface CommandDeclaration<
  A extends unknown[] = never[],
  R = unknown,
  T extends TrailingOptions | undefined = TrailingOptions | undefined,
> extends CommandBase<A, R, T> {
  /**
   * Only what the specifications cannot say, with the reason in a comment: a function of the
   * built arguments (XREAD blocks only when BLOCK is given), or `true` for a command that holds
   * the connection without the BLOCKING flag (WAIT, WAITAOF). Otherwise the BLOCKING flag.
   */
  readonly blocking?: true | ((args: readonly CommandArg[]) => boolean);
}

/** A declared command: its declaration with the flags of the specifications filled in by `defineCommand`. */
export interface CommandSpec<
  A extends unknown[] = never[],
  R = unknown,
  T extends TrailingOptions | undefined = TrailingOptions | undefined,
> extends CommandBase<A, R, T> {
  /** Needs a connection of its own while it waits (BLPOP; XREAD only when BLOCK is given). */
  readonly blocking: boolean | ((args: readonly CommandArg[]) => boolean);
  /** The READONLY flag of the specifications: never writes, a cluster client may send it to a replica. */
  readonly readonly: boolean;
}

/** `returns: returns<Bulk | null>()`: declares a command's reply type, no runtime cost. */
export function returns<T>(): T {
  return undefined as T;
}

/** A command whose builder is generated from its specification's arguments (generated/plain-builders.ts). */
export type PlainCommand = keyof typeof PLAIN_BUILDERS;

/**
 * A declaration of a command whose specification arguments are plain (`PLAIN_BUILDERS`): no
 * `build`, `defineCommand` takes the generated one by `name`, with redis-py's argument names
 * (src/plain-names.ts, `pnpm commands:builders`).
 */
export interface PlainDeclaration<N extends PlainCommand, R>
  extends Omit<CommandDeclaration<never[], R, undefined>, 'name' | 'build' | 'options' | 'facade'> {
  readonly name: N;
}

/**
 * A command from its declaration: `readonly` and `blocking` come from the specifications'
 * flags for `name` (generated/command-flags.ts); a declared `blocking` takes the place of the
 * BLOCKING flag. A declaration without `build` gets the builder generated from the
 * specification's arguments (`PLAIN_BUILDERS`).
 */
export function defineCommand<const N extends PlainCommand, R>(
  declaration: PlainDeclaration<N, R>,
): CommandSpec<Parameters<(typeof PLAIN_BUILDERS)[N]>, R, undefined>;
export function defineCommand<A extends unknown[], R, T extends TrailingOptions | undefined = undefined>(
  declaration: CommandDeclaration<A, R, T>,
): CommandSpec<A, R, T>;
export function defineCommand(
  declaration: CommandDeclaration<unknown[], unknown> | PlainDeclaration<PlainCommand, unknown>,
): CommandSpec<unknown[], unknown> {
  const { name } = declaration;
  const build = 'build' in declaration ? declaration.build : plainBuilder(name);
  const flags = commandFlags(name);
  return {
    ...declaration,
    build: (...args: unknown[]) => buildingAs(name, build, args),
    readonly: flags.readonly,
    blocking: declaration.blocking ?? flags.blocking,
  };
}

function plainBuilder(name: string): (...args: unknown[]) => CommandArg[] {
  if (!Object.hasOwn(PLAIN_BUILDERS, name)) throw new TypeError(`${name}: no build, and its specification's arguments are not plain`);
  return PLAIN_BUILDERS[name as PlainCommand] as (...args: unknown[]) => CommandArg[];
}

/**
 * The trailing options object of a call, if its last argument is one (not a Buffer or array):
 * what a response callback receives as `options` for a command given by name
 * (`executeCommand`). A declared command's are `callOptionsOf(spec, args)`.
 */
export function callOptions(args: readonly unknown[]): CallOptions {
  const last = args[args.length - 1];
  if (last !== null && typeof last === 'object' && !Array.isArray(last) && !Buffer.isBuffer(last)) {
    return last as CallOptions;
  }
  return EMPTY;
}
export const EMPTY: CallOptions = Object.freeze({});

/** Types a key argument takes. */
export type KeyArg = string | Buffer;
/** Types a value argument takes (numbers are sent as their decimal text). */
export type ValueArg = string | Buffer | number;
