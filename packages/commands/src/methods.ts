import type { CommandSpec, Decoded } from './define.js';
import { COMMANDS, type AnyCommandSpec, type CommandTable } from './table.js';

/**
 * Signatures that a plain `(...build args) => Promise<Decoded<returns>>` cannot express,
 * such as a reply that depends on an option (`zrange(..., { withscores: true })`). A group
 * module adds its entries by augmenting this interface:
 *
 *   declare module '../methods.js' {
 *     interface SignatureOverrides<D extends boolean> { zrange<O extends ZRangeOptions>(...): Promise<...> }
 *   }
 *
 * Put the most general overload last: pipelines take their parameters from it.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export interface SignatureOverrides<D extends boolean> {}

type Overridden = keyof SignatureOverrides<boolean>;

type AutoMethod<S, D extends boolean> =
  S extends CommandSpec<infer A, infer R> ? (...args: A) => Promise<Decoded<R, D>> : never;

/** Every command method, returning promises: what StrictRedis has. `D`: decodeResponses. */
export type CommandMethods<D extends boolean> = {
  [K in Exclude<keyof CommandTable, Overridden>]: AutoMethod<CommandTable[K], D>;
} & SignatureOverrides<D>;

/**
 * Pipeline signatures that `(...args) => Self` cannot express: a method with a `facade`
 * (BITFIELD's builder, whose `execute()` gives `Self` back). Augmented like SignatureOverrides.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export interface ChainedSignatureOverrides<D extends boolean, Self> {}

/** The same methods chaining: what Pipeline has (replies come from `execute()`). */
export type ChainedCommandMethods<D extends boolean, Self> = {
  [K in Exclude<keyof CommandMethods<D>, keyof ChainedSignatureOverrides<D, Self>>]: (
    ...args: Parameters<CommandMethods<D>[K]>
  ) => Self;
} & ChainedSignatureOverrides<D, Self>;

/**
 * Puts every command method on a prototype. Each method calls `invoke(spec, args)` with
 * `this` bound to the instance; the client sends and shapes, a pipeline queues.
 */
export function installCommands(
  proto: object,
  invoke: (this: unknown, spec: AnyCommandSpec, args: unknown[]) => unknown,
): void {
  for (const [method, spec] of Object.entries(COMMANDS as Record<string, AnyCommandSpec>)) {
    const facade = spec.facade as ((send: (...built: unknown[]) => unknown, ...args: unknown[]) => unknown) | undefined;
    Object.defineProperty(proto, method, {
      value:
        facade === undefined
          ? function (this: unknown, ...args: unknown[]) {
              return invoke.call(this, spec, args);
            }
          : function (this: unknown, ...args: unknown[]) {
              return facade((...built: unknown[]) => invoke.call(this, spec, built), ...args);
            },
      writable: true,
      configurable: true,
    });
  }
}

/** The method name of every declared command, by command name (`CONFIG GET` → `configGet`). */
export function methodNames(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [method, spec] of Object.entries(COMMANDS as Record<string, AnyCommandSpec>)) out.set(spec.name, method);
  return out;
}
