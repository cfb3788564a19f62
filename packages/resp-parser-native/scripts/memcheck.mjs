// `pnpm memcheck`: runs scripts/memcheck-driver.ts (the vector table and a fuzz pass through
// the addon) under valgrind memcheck and fails on any invalid access or any leak whose stack
// goes through the addon (V8 and Node's own allocations are not ours to judge).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = join(root, 'memcheck.log'); // git-ignored (*.log); outside build/, which node-gyp rebuild deletes
const args = [
  '--tool=memcheck',
  '--leak-check=full',
  '--show-leak-kinds=definite,indirect',
  '--errors-for-leak-kinds=definite',
  '--num-callers=30',
  `--log-file=${log}`,
  process.execPath,
  '--jitless',
  '--conditions=aredis-source',
  '--import',
  'tsx',
  join(root, 'scripts', 'memcheck-driver.ts'),
];
const run = spawnSync('valgrind', args, { cwd: root, stdio: 'inherit' });
if (run.error) {
  console.error(`valgrind could not run: ${run.error.message}`);
  process.exit(1);
}
const text = readFileSync(log, 'utf8');
// Error records whose stack names the addon (resp_parser_native.node or its sources).
const records = text.split(/\n==\d+== \n/).filter((r) => /resp_parser_native|scanner\.c|addon\.c/.test(r));
const invalid = records.filter((r) => /Invalid (read|write)|uninitialised|Conditional jump|Invalid free|Mismatched free/.test(r));
const leaks = records.filter((r) => /definitely lost|indirectly lost/.test(r));
const summary = text.match(/ERROR SUMMARY: .*/g)?.pop() ?? 'no summary';
const leakSummary = (text.match(/definitely lost: .*/g) ?? []).pop() ?? 'no leak summary';
console.log(`valgrind (whole process, V8 included): ${leakSummary}`);
console.log(`valgrind: ${summary}`);
console.log(`addon records: ${invalid.length} invalid accesses, ${leaks.length} leaks (full log: ${log})`);
for (const r of [...invalid, ...leaks]) console.log(r);
process.exit(run.status === 0 && invalid.length === 0 && leaks.length === 0 ? 0 : 1);
