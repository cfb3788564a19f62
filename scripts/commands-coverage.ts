/**
 * `pnpm commands:coverage`: lists every command of packages/commands/spec/redis-commands-7.2 that is neither
 * a client method nor excluded on purpose (packages/commands/src/excluded.ts). Exits 1 when any
 * is missing, so CI can run it.
 */
import { checkCoverage, formatCoverage } from '../packages/commands/src/coverage.js';

const result = checkCoverage();
console.log(formatCoverage(result));
console.log(`${result.missing.length} missing`);
process.exitCode = result.missing.length === 0 && result.unknown.length === 0 ? 0 : 1;
