/**
 * Browser tests in Chromium. `scripts/find-chrome.mjs` supplies the executable (installing
 * Debian's chromium when it must). Fixtures from ../shared are served under /__fixtures__/ when
 * that folder exists; tests skip when it answers 404.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { countsReporter } from './scripts/wtr-counts-reporter.mjs';

const fixturesRoot = new URL('../shared/fixtures/', import.meta.url).pathname;

const fixturesPlugin = {
  name: 'shared-fixtures',
  serve(context) {
    if (!context.path.startsWith('/__fixtures__/')) return undefined;
    const relative = normalize(decodeURIComponent(context.path.slice('/__fixtures__/'.length)));
    const file = join(fixturesRoot, relative);
    // Returning nothing hands the request to the static server, which answers 404.
    if (relative.startsWith('..') || !existsSync(file) || !statSync(file).isFile()) return undefined;
    return { body: readFileSync(file, 'utf8'), type: file.endsWith('.json') ? 'application/json' : 'text/plain' };
  },
};

const chromePath = process.env.CHROME_PATH;
if (!chromePath) throw new Error('CHROME_PATH is not set; run the tests with `npm test`.');

export default {
  files: ['src/**/*.test.ts', 'test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  concurrency: 2,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 600000,
  browserStartTimeout: 60000,
  plugins: [fixturesPlugin, esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
        ],
      },
    }),
  ],
  reporters: [defaultReporter(), countsReporter()],
};
