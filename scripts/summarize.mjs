// Adds up the test results of every runner (go test -json, Jest's and
// Playwright's JSON reports) and the steps that are checks rather than tests
// (gofmt, vet, typecheck, lint, builds), then prints "N passed, N failed".
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [dir, ...failedSteps] = process.argv.slice(2);
let passed = 0;
let failed = 0;

// A package that fails without a failing test did not build or its TestMain
// failed: that counts as one failure of its own.
function goResults(file) {
  const packagesWithFailedTests = new Set();
  const failedPackages = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{')) {
      continue;
    }
    const event = JSON.parse(line);
    if (!event.Test) {
      if (event.Action === 'fail' && event.Package) {
        failedPackages.push(event.Package);
      }
      continue;
    }
    if (event.Action === 'pass') {
      passed++;
    } else if (event.Action === 'fail') {
      console.log(`go test failed: ${event.Package} ${event.Test}`);
      packagesWithFailedTests.add(event.Package);
      failed++;
    }
  }
  for (const pkg of failedPackages.filter((p) => !packagesWithFailedTests.has(p))) {
    console.log(`go package failed without a failing test (build or TestMain): ${pkg}`);
    failed++;
  }
}

function jestResults(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
}

function playwrightResults(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.stats.expected;
  failed += report.stats.unexpected + report.stats.flaky;
}

const readers = { 'go.json': goResults, 'jest.json': jestResults, 'playwright.json': playwrightResults };
for (const [name, read] of Object.entries(readers)) {
  const file = join(dir, name);
  if (existsSync(file)) {
    read(file);
  }
}
const steps = readdirSync(dir).filter((f) => f.startsWith('step-')).length;
passed += steps;
failed += failedSteps.length;
for (const step of failedSteps) {
  console.log(`step failed: ${step}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
