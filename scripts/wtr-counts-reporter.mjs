/**
 * Writes the browser tests' pass/fail/skip counts to a JSON file so `scripts/test.mjs` can
 * print one closing line for the whole suite. A test file that fails to load counts as failed.
 */
import { writeFileSync } from 'node:fs';

function countSuite(suite, counts) {
  for (const test of suite.tests) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite.suites) countSuite(child, counts);
}

export function countsReporter(file = process.env.WTR_COUNTS_FILE) {
  return {
    stop({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        if (session.testResults) countSuite(session.testResults, counts);
        if (session.errors?.length || (session.passed === false && !session.testResults)) counts.failed += 1;
      }
      if (file) writeFileSync(file, JSON.stringify(counts));
    },
  };
}
