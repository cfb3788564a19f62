/**
 * Writes packages/commands/src/generated/plain-builders.ts from the arguments of every command in
 * packages/commands/spec/redis-commands-7.2 (the vendored specifications) whose arguments are plain,
 * named as redis-py names them (packages/commands/src/plain-names.ts). A declaration without
 * `build` gets its builder from it. Run it again when the specifications or the names change:
 * `pnpm commands:builders`. The output is committed; a unit test checks that it is up to date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderPlainBuilders } from '../packages/commands/src/plain-builders-source.js';

const target = fileURLToPath(new URL('../packages/commands/src/generated/plain-builders.ts', import.meta.url));
writeFileSync(target, renderPlainBuilders());
console.log(`wrote ${target}`);
