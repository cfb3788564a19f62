import type { CommandSpec, Decoded } from './define.js';
import { COMMANDS, type AnyCommandSpec, type CommandTable } from './table.js';
import type { AclSignatures } from './groups/server/acl.js';
import type { GenericSignatures } from './groups/generic.js';
import type { ListSignatures } from './groups/list.js';
import type { StringSignatures } from './groups/string.js';
import type { GeoSignatures } from './groups/geo.js';
import type { StreamSignatures } from './groups/stream.js';
import type { SortedSetSignatures } from './groups/sorted-set.js';
import type { SetSignatures } from './groups/set.js';
import type { ClientSignatures } from './groups/connection/client.js';
import type { HashSignatures } from './groups/hash.js';
import type { BitmapSignatures, BitmapChainedSignatures } from './groups/bitmap.js';

/**
 * Signatures that a plain `(...build args) => Promise<Decoded<returns>>` cannot express,
 * such as a reply that depends on an option (`zrange(..., { withscores: true })`). A group
 * module exports an interface of them (`SortedSetSignatures<D>`) and this one extends it.
 * (Not module augmentation: a bundled .d.ts loses `declare module` blocks.)
 * Put the most general overload last: pipelines take their parameters from it.
 */
export interface SignatureOverrides<D extends boolean>
  extends AclSignatures<D>,
    GenericSignatures<D>,
    ListSignatures<D>,
    StringSignatures<D>,
    GeoSignatures<D>,
    StreamSignatures<D>,
    SortedSetSignatures<D>,
    SetSignatures<D>,
    ClientSignatures<D>,
    HashSignatures<D>,
    BitmapSignatures<D> {}

type Overridden = keyof SignatureOverrides<boolean>;

type AutoMethod<S, D extends boolean> =
  S extends CommandSpec<infer A, infer R> ? (...args: A) => Promise<Decoded<R, D>> : never;

/** Every command method, returning promises: what StrictRedis has. `D`: decodeResponses. */
export type CommandMethods<D extends boolean> = {
  [K in Exclude<keyof CommandTable, Overridden>]: AutoMethod<CommandTable[K], D>;
} & SignatureOverrides<D>;

/**
 * Pipeline signatures that `(...args) => Self` cannot express: a method with a `facade`
 * (BITFIELD's builder, whose `execute()` gives `Self` back). Extended like SignatureOverrides.
 */
export interface ChainedSignatureOverrides<D extends boolean, Self>
  extends BitmapChainedSignatures<D, Self> {}

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
