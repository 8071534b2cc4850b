// Prints vitest's JSON result as the plain closing line CI reads: "N passed, N failed".
// A test counts as failed when it failed, when it did not run in a file that failed (a failed
// beforeAll leaves its tests "skipped" or "pending"), and a failed file with no test results (an
// import error) counts as one failure. Checks that failed (typecheck, lint, format: their names
// come as arguments after the report path) count one failure each and are named on the line.
// A missing or unreadable report is a failure.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The closing line and whether the run failed, from a parsed vitest JSON report. */
export function summarize(report, failedChecks = []) {
  if (!report || typeof report !== 'object') {
    const checks = ['vitest report', ...failedChecks];
    return { line: `0 passed, ${checks.length} failed${named(checks)}`, failed: true };
  }
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const files = Array.isArray(report.testResults) ? report.testResults : [];
  for (const file of files) {
    const tests = Array.isArray(file.assertionResults) ? file.assertionResults : [];
    const fileFailed = file.status === 'failed';
    if (fileFailed && tests.length === 0) failed += 1;
    for (const t of tests) {
      if (t.status === 'passed') passed += 1;
      else if (t.status === 'failed' || fileFailed) failed += 1;
      else skipped += 1;
    }
  }
  if (files.length === 0) {
    passed = report.numPassedTests ?? 0;
    failed = report.numFailedTests ?? 0;
  }
  // vitest says the run failed (an unhandled error) while every test passed: one failure.
  const checks =
    report.success === false && failed === 0 ? ['vitest run', ...failedChecks] : failedChecks;
  const total = failed + checks.length;
  const line = `${passed} passed, ${total} failed${skipped ? `, ${skipped} skipped` : ''}${named(checks)}`;
  return { line, failed: total > 0 };
}

function named(checks) {
  return checks.length > 0 ? ` (failed: ${checks.join(', ')})` : '';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [path = '.airlock/vitest.json', ...checks] = process.argv.slice(2);
  let report;
  try {
    report = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    report = undefined;
  }
  const { line, failed } = summarize(report, checks);
  console.log(line);
  process.exit(failed ? 1 : 0);
}
