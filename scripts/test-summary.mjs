// Prints vitest's JSON result as the plain closing line CI reads: "N passed, N failed".
// Skipped or pending tests are counted and shown; a missing report counts as a failure.
import { readFileSync } from 'node:fs';

const path = process.argv[2] ?? '.airlock/vitest.json';
let r;
try {
  r = JSON.parse(readFileSync(path, 'utf8'));
} catch {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const passed = r.numPassedTests ?? 0;
const failed = r.numFailedTests ?? 0;
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
const suiteErrors = (r.testResults ?? []).filter(
  (t) => t.status === 'failed' && (t.assertionResults ?? []).length === 0,
).length;
console.log(
  `${passed} passed, ${failed + suiteErrors} failed${skipped ? `, ${skipped} skipped` : ''}`,
);
process.exit(failed + suiteErrors > 0 ? 1 : 0);
