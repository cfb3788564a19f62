import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/**
 * Reads the official Redis 7.2 command specifications, vendored in this package at
 * `spec/redis-commands-7.2/*.json` (BSD-3, see the COPYING beside them): one file a command or
 * subcommand. Node only; used by the coverage check and the generators (key specs, flags,
 * plain builders), never by the client at run time.
 */

export interface KeySpecJson {
  readonly flags?: readonly string[];
  readonly notes?: string;
  readonly begin_search: {
    readonly index?: { readonly pos: number };
    readonly keyword?: { readonly keyword: string; readonly startfrom: number };
    readonly unknown?: null;
  };
  readonly find_keys: {
    readonly range?: { readonly lastkey: number; readonly step: number; readonly limit: number };
    readonly keynum?: { readonly keynumidx: number; readonly firstkey: number; readonly step: number };
    readonly unknown?: null;
  };
}

/** One argument of a command's `arguments` (a `block` or `oneof` has its own `arguments`). */
export interface ArgumentJson {
  readonly name: string;
  /** `key`, `string`, `integer`, `double`, `pattern`, `unix-time`, `pure-token`, `block`, `oneof`. */
  readonly type: string;
  readonly token?: string;
  readonly optional?: boolean;
  readonly multiple?: boolean;
  readonly multiple_token?: boolean;
  readonly arguments?: readonly ArgumentJson[];
}

export interface CommandSpecJson {
  /** `GET`, or `CONFIG GET` for a subcommand (container, space, name). */
  readonly name: string;
  readonly group: string;
  readonly since: string;
  readonly container?: string;
  readonly arity: number;
  readonly command_flags?: readonly string[];
  readonly key_specs?: readonly KeySpecJson[];
  readonly arguments?: readonly ArgumentJson[];
  readonly file: string;
}

/** The specifications folder: `packages/commands/spec/redis-commands-7.2` (not shipped in the tarball). */
export const DEFAULT_SPEC_DIR = fileURLToPath(new URL('../spec/redis-commands-7.2/', import.meta.url));

export function readCommandSpecs(dir: string = DEFAULT_SPEC_DIR): CommandSpecJson[] {
  const out: CommandSpecJson[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const parsed = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, Omit<CommandSpecJson, 'name' | 'file'>>;
    for (const [word, spec] of Object.entries(parsed)) {
      const name = spec.container === undefined ? word : `${spec.container} ${word}`;
      out.push({ ...spec, name, file });
    }
  }
  return out;
}

/** Names of the container commands (CLIENT, CONFIG, XINFO, ...): those that only have subcommands. */
export function containerNames(specs: readonly CommandSpecJson[]): Set<string> {
  const out = new Set<string>();
  for (const spec of specs) if (spec.container !== undefined) out.add(spec.container);
  return out;
}
