/**
 * Writes packages/commands/src/generated/key-specs.ts from the key_specs of every command in
 * packages/commands/spec/redis-commands-7.2 (the vendored specifications: the data the server itself uses to find keys). Run it again
 * when the specifications change: `pnpm commands:key-specs`. The output is
 * committed; a unit test checks that it is up to date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderKeySpecs } from '../packages/commands/src/key-specs-source.js';

const target = fileURLToPath(new URL('../packages/commands/src/generated/key-specs.ts', import.meta.url));
writeFileSync(target, renderKeySpecs());
console.log(`wrote ${target}`);
