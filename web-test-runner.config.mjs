/**
 * Browser tests in Chromium. `scripts/find-chrome.mjs` supplies the executable (installing
 * Debian's chromium when it must). Fixtures from ../shared are served under /__fixtures__/ when
 * that folder exists; tests skip when it answers 404.
 *
 * The reference server (server/main.ts) runs beside the test server for end-to-end tests, on a
 * free loopback port with its own SQLite file; `/__server__.json` gives tests its URL and a
 * one-off admin token.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { countsReporter } from './scripts/wtr-counts-reporter.mjs';

const fixturesRoot = new URL('../shared/fixtures/', import.meta.url).pathname;

/**
 * `executeServerCommand('bring-to-front')`: makes the calling test's tab the visible one. Two
 * files run at once and Chromium renders no frames for the hidden tab, so a test that needs
 * ResizeObserver in a cross-origin iframe (test/browser/embed.test.ts) asks for this first.
 */
const bringToFrontPlugin = {
  name: 'bring-to-front',
  async executeCommand({ command, session }) {
    if (command !== 'bring-to-front') return undefined;
    await session.browser.getPage(session.id).bringToFront();
    return true;
  },
};

/**
 * React ships CommonJS only, which the dev server does not convert: the React test app
 * (test/browser/react/react-app.tsx) is bundled with esbuild on first request, against the built
 * `dist/esm/` (npm test builds it), and rendered with react-dom/server in a Node process
 * (test/browser/react/render-server.mjs) for the hydration test. `/__lit-ssr__.json` is the same
 * for @lit-labs/ssr (test/browser/ssr/render-lit.mjs).
 */
function reactAppPlugin() {
  let bundle;
  return {
    name: 'react-app',
    async serve(context) {
      if (context.path === '/__react-app__.js') {
        const { build } = await import('esbuild');
        bundle ??= build({
          entryPoints: ['test/browser/react/react-app.tsx'],
          bundle: true,
          write: false,
          format: 'esm',
          jsx: 'automatic',
          target: 'es2022',
          define: { 'process.env.NODE_ENV': '"development"' },
          alias: { 'trialkit/react': './dist/esm/react.js', trialkit: './dist/esm/trialkit.js' },
          logLevel: 'silent',
        }).then((result) => result.outputFiles[0].text);
        return { body: await bundle, type: 'js' };
      }
      if (context.path === '/__lit-ssr__.json') {
        const json = await new Promise((resolve, reject) =>
          execFile(process.execPath, ['test/browser/ssr/render-lit.mjs'], { encoding: 'utf8', timeout: 20_000 }, (error, stdout) =>
            error ? reject(error) : resolve(stdout),
          ),
        );
        return { body: json, type: 'json' };
      }
      if (context.path === '/__react-ssr__.html') {
        // Its own process: React's development build patches console methods this one lacks.
        const html = await new Promise((resolve, reject) =>
          execFile(process.execPath, ['test/browser/react/render-server.mjs'], { encoding: 'utf8', timeout: 20_000 }, (error, stdout) =>
            error ? reject(error) : resolve(stdout),
          ),
        );
        return { body: html, type: 'html' };
      }
      return undefined;
    },
  };
}

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

/** Starts the reference server in `serverStart`, stops it in `serverStop`. */
function referenceServerPlugin() {
  let child;
  let dataDir;
  let ready;
  const adminToken = randomBytes(16).toString('hex');
  return {
    name: 'reference-server',
    serverStart({ config }) {
      dataDir = mkdtempSync(join(tmpdir(), 'trialkit-wtr-'));
      const host = config.hostname ?? 'localhost';
      const origins = [`http://${host}:${config.port}`, `http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`];
      child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        env: {
          ...process.env,
          HOST: '127.0.0.1',
          PORT: '0',
          DATA_DIR: dataDir,
          ALLOWED_ORIGINS: origins.join(','),
          ADMIN_TOKEN: adminToken,
          CTGOV_API_BASE: 'off',
          RATE_LIMIT_BURST: '0',
          LOG_REQUESTS: '0',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      ready = new Promise((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk) => {
          output += chunk;
          const found = /listening on (http:\/\/[^\s/]+)/.exec(output);
          if (found) resolve(found[1]);
        });
        child.once('exit', (code) => reject(new Error(`The reference server exited early (code ${code}).`)));
      });
      ready.catch(() => undefined);
    },
    async serve(context) {
      if (context.path !== '/__server__.json') return undefined;
      const url = await ready;
      return { body: JSON.stringify({ url, adminToken }), type: 'application/json' };
    },
    async serverStop() {
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * HTML pages under /test/csp/ are served with the strict Content-Security-Policy that embeds
 * must survive (issue 7); test/browser/csp.test.ts opens them in an iframe.
 */
const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'";
const strictCspPagesPlugin = {
  name: 'strict-csp-pages',
  serve(context) {
    if (!context.path.startsWith('/test/csp/') || !context.path.endsWith('.html')) return undefined;
    const relative = normalize(decodeURIComponent(context.path.slice('/test/csp/'.length)));
    const file = join(new URL('./test/csp/', import.meta.url).pathname, relative);
    if (relative.startsWith('..') || !existsSync(file) || !statSync(file).isFile()) return undefined;
    return { body: readFileSync(file, 'utf8'), type: 'html', headers: { 'content-security-policy': STRICT_CSP } };
  },
};

/**
 * `/__flaky__/dist/…` serves the built dist/ as it is, except that `<trial-faq>`'s chunk answers
 * 404 unless the URL carries the autoloader's `?retry=` (test/browser/autoload.test.ts): a chunk
 * missing from a CDN, and the retry that finds it.
 */
const flakyDistPlugin = {
  name: 'flaky-dist',
  serve(context) {
    // Also `/__cut__/<token>/dist/…` (cutChunkMiddleware).
    const found = /^\/(?:__flaky__|__cut__\/[\w-]+)\/dist\/(.+)$/.exec(context.path);
    if (!found) return undefined;
    const relative = normalize(decodeURIComponent(found[1]));
    const file = join(new URL('./dist/', import.meta.url).pathname, relative);
    if (relative.startsWith('..') || !existsSync(file) || !statSync(file).isFile()) return undefined;
    return { body: readFileSync(file, 'utf8'), type: relative.endsWith('.js') ? 'js' : 'text' };
  },
};

/**
 * The 404 half of flakyDistPlugin: a plugin's serve() cannot answer with a status. The notes
 * engine's chunk fails while the page holds the cookie `trialkit-fail-notes-engine`
 * (src/elements/trial-notes/engine-on-demand-built.test.ts sets it, then clears it to retry).
 */
function flakyChunkMiddleware(context, next) {
  const faq = /^\/__flaky__\/dist\/chunks\/trial-faq-[^/]+\.js$/.test(context.path) && !context.URL.searchParams.has('retry');
  const notesEngine = /^\/__flaky__\/dist\/chunks\/notes-engine-[^/]+\.js$/.test(context.path) && /(^|;\s*)trialkit-fail-notes-engine=/.test(context.get('cookie'));
  if (faq || notesEngine) {
    context.status = 404;
    context.body = 'missing for the test';
    return undefined;
  }
  return next();
}

/**
 * `/__cut__/<token>/dist/…` serves the built dist/ as flakyDistPlugin does, except that requests
 * for the contact form's delivery chunk (`contact-engine`) get their connection cut, with no
 * answer, until the test asks for `/__cut__/<token>/restore` (test/browser/contact-engine.test.ts):
 * a chunk lost to a network cut, and the retry once the network is back.
 */
const restored = new Set();
function cutChunkMiddleware(context, next) {
  const restore = /^\/__cut__\/([\w-]+)\/restore$/.exec(context.path);
  if (restore) {
    restored.add(restore[1]);
    context.status = 204;
    return undefined;
  }
  const found = /^\/__cut__\/([\w-]+)\/dist\/chunks\/contact-engine-[^/]+\.js$/.exec(context.path);
  if (found && !restored.has(found[1])) {
    context.respond = false;
    context.req.socket.destroy();
    return undefined;
  }
  return next();
}

const chromePath = process.env.CHROME_PATH;
if (!chromePath) throw new Error('CHROME_PATH is not set; run the tests with `npm test`.');

export default {
  files: ['src/**/*.test.ts', 'test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  concurrency: 2,
  middleware: [flakyChunkMiddleware, cutChunkMiddleware],
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 600000,
  browserStartTimeout: 60000,
  plugins: [fixturesPlugin, strictCspPagesPlugin, flakyDistPlugin, referenceServerPlugin(), reactAppPlugin(), bringToFrontPlugin, esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
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
          // Two test files run at once; the one in the background tab must still get frames.
          '--disable-background-timer-throttling',
          '--disable-renderer-backgrounding',
          '--disable-backgrounding-occluded-windows',
        ],
      },
    }),
  ],
  reporters: [defaultReporter(), countsReporter()],
};
