import type { CommandArg } from '@aredis/resp-parser';

/**
 * The command whose arguments are being built: the argument checks (args.ts, group-args.ts,
 * collection-args.ts) name it in their DataError text, so a declaration does not repeat its
 * name in every check. `defineCommand` wraps every `build` in `buildingAs`; builds are
 * synchronous, so one module-level slot is enough, restored in a `finally` (a build that
 * throws, or one nested in another, leaves it as it was).
 */
let current = 'command';

/** The name of the command being built (`command` outside any build). */
export function building(): string {
  return current;
}

/** Runs `build(...args)` with `name` as the command the checks name. */
export function buildingAs<A extends unknown[]>(name: string, build: (...args: A) => CommandArg[], args: A): CommandArg[] {
  const outer = current;
  current = name;
  try {
    return build(...args);
  } finally {
    current = outer;
  }
}
