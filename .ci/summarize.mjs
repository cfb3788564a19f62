// Reads vitest's JSON report and prints the closing line CI is judged by. Exits non-zero when
// a test failed, a test file failed to load, or fewer tests ran than the floor given.
import { readFileSync, existsSync } from 'node:fs';

const [file, floorText] = process.argv.slice(2);
const floor = Number(floorText ?? 0);
if (!existsSync(file)) {
  console.log('no test report was written: the test run did not complete');
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
const passed = r.numPassedTests;
const failed = r.numFailedTests;
const skipped = r.numPendingTests + r.numTodoTests;
const brokenFiles = r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0);
let ok = failed === 0 && r.numFailedTestSuites === 0;
for (const t of brokenFiles) console.log(`test file failed to run: ${t.name}\n${t.message ?? ''}`);
if (passed + failed < floor) {
  console.log(`only ${passed + failed} tests ran; the suite holds at least ${floor} (.ci/min-tests)`);
  ok = false;
}
console.log(`${passed} passed, ${failed + brokenFiles.length} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
