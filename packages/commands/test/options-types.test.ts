import { describe, expectTypeOf, it } from 'vitest';
import type { CommandMethods, CommandSpec, CommandTable, TrailingOptions } from '../src/index.js';

// The declaration check, done by the compiler (`pnpm typecheck`): every command whose last
// parameter is an options object declares it with `trailingOptions(index, keys)`, at the index
// of that parameter and with exactly its keys. A command added without it fails here.

/** The last element of a parameter list (optional ones included). */
type Last<A extends readonly unknown[]> = Required<A> extends readonly [...infer _Head, infer L] ? L : never;
/** The index of the last element of a fixed parameter list. */
type LastIndex<A extends readonly unknown[]> = Required<A> extends readonly [...infer Head, unknown] ? Head['length'] : never;

/** An options object: a plain object type with named keys (not a Buffer, array, Map, Date, function or mapping). */
type IsOptions<T> = T extends Buffer | readonly unknown[] | ReadonlyMap<unknown, unknown> | ReadonlySet<unknown> | Date | ((...a: never[]) => unknown)
  ? false
  : T extends object
    ? string extends keyof T
      ? false
      : true
    : false;
/** The options members of a (possibly union) parameter type. */
type OptionsMembers<T> = T extends unknown ? (IsOptions<T> extends true ? T : never) : never;

type BuildParams<S> = S extends CommandSpec<infer A, unknown, infer _T> ? A : never;
type DeclaredOf<S> = S extends { readonly options?: infer T } ? T : undefined;

type KeysOf<T> = T extends unknown ? keyof Required<T> & string : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** A union of names for a message (`never` would swallow the whole template). */
type Names<T> = [T] extends [never] ? 'none' : T & string;

/** The options type of a command's last parameter (never: it has none). */
type OptionsParam<S> = OptionsMembers<NonNullable<Last<BuildParams<S>>>>;

/** What is wrong with a command's options declaration, as a message; never when nothing is. */
export type ProblemOf<Name extends string, S> = [OptionsParam<S>] extends [never]
  ? [NonNullable<DeclaredOf<S>>] extends [never]
    ? never
    : `${Name}: declares options but its last parameter is not an options object`
  : [NonNullable<DeclaredOf<S>>] extends [never]
    ? `${Name}: its last parameter is an options object but it declares no trailingOptions`
    : [NonNullable<DeclaredOf<S>>] extends [TrailingOptions<infer K, infer I>]
      ? Same<keyof K & string, KeysOf<OptionsParam<S>>> extends true
        ? Same<I, LastIndex<BuildParams<S>>> extends true
          ? never
          : `${Name}: the options index is not the last parameter's`
        : `${Name}: declared keys differ (missing: ${Names<Exclude<KeysOf<OptionsParam<S>>, keyof K>>}; extra: ${Names<Exclude<keyof K & string, KeysOf<OptionsParam<S>>>>})`
      : `${Name}: options is not a trailingOptions declaration`;

export type OptionDeclarationProblems = { [K in keyof CommandTable & string]: ProblemOf<K, CommandTable[K]> }[keyof CommandTable & string];

describe('trailing options declarations (checked by the compiler)', () => {
  it('every command with a trailing options object declares exactly its keys at its index', () => {
    expectTypeOf<OptionDeclarationProblems>().toEqualTypeOf<never>();
  });
});

/** Never called: the compiler checks that an unknown option key is a type error too. */
export function typeErrors(r: CommandMethods<true>): void {
  // @ts-expect-error a typo of 'ex'
  void r.set('k', 'v', { exx: 1 });
  // @ts-expect-error skipme takes a boolean
  void r.clientKill({ skipme: 'yeah' });
  // @ts-expect-error no such option on ZRANGE
  void r.zrange('z', 0, -1, { withscore: true });
  // @ts-expect-error no such option on SCAN
  void r.scan(0, { pattern: '*' });
}
