/** `pnpm commands:types`: writes the generated type re-exports (see scripts/command-types.ts). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GENERATED, groupTypes, renderClientFile, renderCommandsFile } from './command-types.js';

const types = groupTypes();
for (const [file, text] of [[GENERATED.commands, renderCommandsFile(types)], [GENERATED.client, renderClientFile(types)]] as const) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
console.log(`${[...types.values()].flat().length} types from ${types.size} group modules`);
