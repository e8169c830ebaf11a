/** A node:test reporter that writes leaf-test counts as JSON (suites are not counted). */
export default async function* countsReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') {
      // A suite that failed outside its tests (e.g. a hook) still has to fail the run.
      if (event.type === 'test:fail' && event.data.details?.error?.failureType !== 'subtestsFailed') counts.failed += 1;
      continue;
    }
    if (event.data.skip || event.data.todo) counts.skipped += 1;
    else if (event.type === 'test:pass') counts.passed += 1;
    else counts.failed += 1;
  }
  yield JSON.stringify(counts);
}
