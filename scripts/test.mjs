/**
 * `npm test`: type-check, lint, build, node tests (server and pure modules), then browser tests
 * in Chromium. Ends with one line `N passed, N failed` over the whole suite and a non-zero exit
 * when anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChrome } from './find-chrome.mjs';

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

function run(label, command, args, env = {}) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = result.status === 0;
  if (!ok) failedSteps.push(label);
  return ok;
}

/** A step that is not a test runner still counts: one check, passed or failed. */
function check(label, command, args) {
  if (run(label, command, args)) totals.passed += 1;
  else totals.failed += 1;
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

function readCounts(file, label) {
  try {
    const counts = JSON.parse(readFileSync(file, 'utf8'));
    for (const key of Object.keys(totals)) totals[key] += counts[key] ?? 0;
    rmSync(file, { force: true });
  } catch {
    totals.failed += 1;
    console.log(`${label} reported no counts.`);
  }
}

let chrome;
try {
  chrome = findChrome();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

check('type-check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
check('lint', 'npx', ['eslint', '--max-warnings=0', '.']);
check('build', 'npm', ['run', '--silent', 'build']);

/**
 * The PostgreSQL tests start their own throwaway server (test/helpers/postgres.ts) from
 * Debian's `postgresql` package; on a fresh CI machine, running as root, it is installed here.
 * Elsewhere those tests skip and say why.
 */
function ensurePostgres() {
  const installed = existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(join('/usr/lib/postgresql', v, 'bin', 'initdb')));
  if (installed || process.env.TRIALKIT_TEST_DATABASE_URL || process.getuid?.() !== 0) return;
  if (spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status !== 0) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env }).status === 0;
  console.log('\n▶ installing PostgreSQL for the store tests');
  if (!install()) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    if (!install()) console.log('PostgreSQL could not be installed; its tests will skip.');
  }
}

/**
 * node:test files, with one timeout for each whole file. The consumer apps (test/node/apps/)
 * install a framework and build an app before their first check, so they get longer.
 */
function runNodeTests(label, files, timeoutMs) {
  if (!files.length) return;
  const countsFile = join(tmpdir(), `trialkit-node-${process.pid}-${timeoutMs}.json`);
  run(label, 'node', [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    `--test-timeout=${timeoutMs}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/node-counts-reporter.mjs',
    `--test-reporter-destination=${countsFile}`,
    ...files,
  ]);
  readCounts(countsFile, label);
}

ensurePostgres();
const APPS = join('test', 'node', 'apps');
const nodeTests = [...testFiles('server'), ...testFiles('test/node')];
// A test file that hangs fails after two minutes instead of holding up the whole run.
runNodeTests('node tests', nodeTests.filter((file) => !file.startsWith(APPS)), 120_000);
runNodeTests('consumer apps (Next.js, Astro, Vite + Vue)', nodeTests.filter((file) => file.startsWith(APPS)), 600_000);

const browserCounts = join(tmpdir(), `trialkit-wtr-${process.pid}.json`);
run('browser tests', 'npx', ['web-test-runner', '--config', 'web-test-runner.config.mjs'], {
  CHROME_PATH: chrome,
  WTR_COUNTS_FILE: browserCounts,
});
readCounts(browserCounts, 'browser tests');

if (failedSteps.length) console.log(`\nFailed: ${failedSteps.join(', ')}.`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed || failedSteps.length ? 1 : 0);
