/**
 * Headless Chromium for the render and anchoring sections, and the small static server its
 * pages come from. Pages are generated here; files are served from dist/, bench/lib/page/ and
 * a temporary folder of bundles made for the run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import puppeteer from 'puppeteer-core';
import { findChrome } from '../../scripts/find-chrome.mjs';
import { BENCH, fromRoot } from './util.mjs';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.json': 'application/json', '.map': 'application/json' };

export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function pageHtml(scripts) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>trialkit bench</title></head>
<body>
<main id="stage"></main>
${scripts.map((src) => `<script type="module" src="${src}"${src.startsWith('/dist/trialkit.js') ? ' data-trialkit-eager' : ''}></script>`).join('\n')}
</body>
</html>`;
}

/**
 * Page name → module scripts it loads. The autoloader runs eager there, so the render rows time
 * rendering with every element registered, as before it loaded chunks on demand; what a page
 * downloads is the size section's page rows.
 */
const PAGES = {
  '/render.html': ['/dist/trialkit.js', '/page/render-page.js'],
  '/anchoring.html': ['/assets/anchoring.js', '/page/anchoring-page.js'],
};

/**
 * Serves the bench pages on a loopback port; `assetsDir` holds bundles made for this run.
 * `renderBundle` replaces /dist/trialkit.js on the render page (see render.mjs).
 */
export function startStaticServer(assetsDir, { renderBundle } = {}) {
  if (renderBundle) PAGES['/render.html'] = [renderBundle, '/page/render-page.js'];
  const roots = { '/dist/': fromRoot('dist'), '/page/': join(BENCH, 'lib/page'), '/assets/': assetsDir };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://bench').pathname));
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (PAGES[path]) {
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
      res.end(pageHtml(PAGES[path]));
      return;
    }
    const prefix = Object.keys(roots).find((candidate) => path.startsWith(candidate));
    const file = prefix && roots[prefix] ? join(roots[prefix], path.slice(prefix.length)) : undefined;
    if (!file || path.includes('..') || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

export async function launchChromium() {
  const executablePath = findChrome();
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: LAUNCH_ARGS,
    defaultViewport: { width: 1280, height: 900 },
    protocolTimeout: 480_000,
  });
  return { browser, executablePath, version: await browser.version() };
}

/** Chromium's version without starting it (for the machine line when the browser sections fail). */
export function chromiumVersion() {
  try {
    const result = spawnSync(findChrome(), ['--version'], { encoding: 'utf8' });
    return result.stdout.trim().split('\n').pop();
  } catch {
    return 'unknown';
  }
}

/** A fresh page at `path`, with page errors collected rather than lost. */
export async function openPage(browser, origin, path, errors) {
  const page = await browser.newPage();
  page.on('pageerror', (error) => errors.push(`${error.message}`.split('\n')[0]));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text().split('\n')[0]);
  });
  await page.goto(`${origin}${path}`, { waitUntil: 'load' });
  return page;
}
