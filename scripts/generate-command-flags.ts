/**
 * Writes packages/commands/src/generated/command-flags.ts from the arity and command_flags of
 * every command in packages/commands/spec/redis-commands-7.2 (the vendored specifications).
 * `defineCommand` takes a declaration's `readonly` and `blocking` from it by name. Run it again
 * when the specifications change: `pnpm commands:flags`. The output is committed; a unit test
 * checks that it is up to date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderCommandFlags } from '../packages/commands/src/command-flags-source.js';

const target = fileURLToPath(new URL('../packages/commands/src/generated/command-flags.ts', import.meta.url));
writeFileSync(target, renderCommandFlags());
console.log(`wrote ${target}`);
