/**
 * Finds a Chrome or Chromium for the browser tests: CHROME_PATH, then the usual install paths
 * and names on PATH. When none is there and we are root on Debian or Ubuntu, installs Debian's
 * `chromium` package. Otherwise it stops with one clear sentence.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];
const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

function onPath(name) {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

function locate() {
  if (process.env.CHROME_PATH && existsSync(process.env.CHROME_PATH)) return process.env.CHROME_PATH;
  return CANDIDATES.find((path) => existsSync(path)) ?? NAMES.map(onPath).find(Boolean);
}

function isDebianLike() {
  try {
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

export function findChrome() {
  let path = locate();
  if (path) return path;
  if (process.getuid?.() === 0 && isDebianLike()) {
    console.log('No Chrome or Chromium found; installing Debian\'s chromium package…');
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    path = locate();
    if (path) return path;
  }
  throw new Error(
    'No Chrome or Chromium was found: install one (e.g. `apt-get install chromium`) or set CHROME_PATH to its executable.',
  );
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(findChrome());
