// Reads vitest's JSON reports and the results of CI's other steps, and prints the closing line CI
// is judged by: "N passed, N failed, N skipped". Exits non-zero when a test failed, a test file
// failed to load, a step failed, or a project ran fewer tests than its floor for this machine.
//
//   node .ci/summarize.mjs --floors .ci/min-tests.json --report a.json --report b.json --step typecheck=0
//
// Floors (.ci/min-tests.json) are per test project (packages/<name>/ or test/<name>/): a number,
// or { "default": n, "no-c-compiler": m } where a supported set-up legitimately runs fewer (a
// machine without a C compiler skips the native parser's suites: the TypeScript parser is the
// supported fallback). A step is counted as one check: passed when its exit status is 0.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const reports = [];
const steps = [];
let floorsFile;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const [flag, value] = [argv[i], argv[i + 1]];
  if (flag === '--report') reports.push(value);
  else if (flag === '--floors') floorsFile = value;
  else if (flag === '--step') {
    const at = value.lastIndexOf('=');
    steps.push({ name: value.slice(0, at), status: Number(value.slice(at + 1)) });
  } else {
    console.error(`unknown argument ${flag}`);
    process.exit(2);
  }
}

/** What this machine is, for the floors that depend on it. */
function traits() {
  const compilers = [process.env.CC, 'cc', 'gcc', 'clang'].filter(Boolean);
  const compiler = compilers.some((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
  return compiler ? [] : ['no-c-compiler'];
}

function floorFor(spec, machine) {
  if (typeof spec === 'number') return { floor: spec, because: 'default' };
  for (const trait of machine) if (trait in spec) return { floor: spec[trait], because: trait };
  return { floor: spec.default ?? 0, because: 'default' };
}

function projectOf(file) {
  const match = /(?:^|\/)(?:packages|test)\/([^/]+)\//.exec(file);
  return match ? match[1] : '(other)';
}

let ok = true;
let passed = 0;
let failed = 0;
let skipped = 0;
const perProject = new Map();
for (const file of reports) {
  if (!existsSync(file)) {
    console.log(`no test report at ${file}: that test run did not complete`);
    failed += 1;
    ok = false;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const suite of report.testResults) {
    const project = projectOf(suite.name);
    const counts = perProject.get(project) ?? { passed: 0, failed: 0, skipped: 0 };
    if (suite.status === 'failed' && suite.assertionResults.length === 0) {
      console.log(`test file failed to run: ${suite.name}\n${suite.message ?? ''}`);
      counts.failed += 1;
    }
    for (const test of suite.assertionResults) {
      if (test.status === 'passed') counts.passed += 1;
      else if (test.status === 'failed') counts.failed += 1;
      else counts.skipped += 1;
    }
    perProject.set(project, counts);
  }
  if (report.numFailedTestSuites > 0) ok = false;
}
for (const counts of perProject.values()) {
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
}

const machine = traits();
if (floorsFile) {
  const floors = JSON.parse(readFileSync(floorsFile, 'utf8'));
  for (const [project, spec] of Object.entries(floors)) {
    if (project.startsWith('$')) continue;
    const { floor, because } = floorFor(spec, machine);
    const counts = perProject.get(project) ?? { passed: 0, failed: 0, skipped: 0 };
    const ran = counts.passed + counts.failed;
    if (because !== 'default') console.log(`${project}: floor ${floor} on this machine (${because}); ${counts.skipped} skipped`);
    if (ran < floor) {
      console.log(`${project}: only ${ran} tests ran; it holds at least ${floor} here (${floorsFile})`);
      ok = false;
    }
  }
}

for (const step of steps) {
  if (step.status === 0) passed += 1;
  else {
    console.log(`step failed: ${step.name} (exit ${step.status})`);
    failed += 1;
  }
}
if (failed > 0) ok = false;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
