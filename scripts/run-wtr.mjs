/** Browser tests alone, with the Chromium that `find-chrome.mjs` finds: `npm run test:browser -- --files …`. */
import { spawnSync } from 'node:child_process';
import { findChrome } from './find-chrome.mjs';

const result = spawnSync('npx', ['web-test-runner', '--config', 'web-test-runner.config.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CHROME_PATH: findChrome() },
});
process.exit(result.status ?? 1);
