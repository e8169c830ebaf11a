/**
 * Headless Chromium for node:test files that drive a browser themselves (the consumer apps),
 * and a static host for a built site: the reference server's own static files code, so the
 * pages get what a plain static host sends (ETag, compression; no CORS or CSP headers).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { serveStatic } from '../../server/static.ts';
import { findChrome } from '../../scripts/find-chrome.mjs';

export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: findChrome(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface WatchedPage {
  page: Page;
  /** Uncaught errors, console errors and failed requests, as text. */
  problems: string[];
}

/** A new page whose errors are collected, opened at `url` (after `load`); `prepare` runs before it loads. */
export async function openPage(browser: Browser, url: string, prepare?: (page: Page) => Promise<unknown>): Promise<WatchedPage> {
  const page = await browser.newPage();
  await prepare?.(page);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error instanceof Error ? error.message : String(error)}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

export interface StaticSite {
  url: string;
  close(): Promise<void>;
}

/** Serves `dir` at `/` on a free loopback port. */
export async function serveSite(dir: string): Promise<StaticSite> {
  const server: Server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://site').pathname;
    void serveStatic(req, res, pathname, [{ prefix: '/', dir }]).then((served) => {
      if (!served) res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface OpenSite {
  tab: WatchedPage;
  close(): Promise<void>;
}

/** A built static site (`dir`), served and open in a new Chromium. */
export async function openSite(dir: string): Promise<OpenSite> {
  const site = await serveSite(dir);
  const browser = await launchChromium().catch(async (error: unknown) => {
    await site.close();
    throw error;
  });
  return {
    tab: await openPage(browser, `${site.url}/`),
    close: async () => {
      await browser.close();
      await site.close();
    },
  };
}

/** A loopback port nothing listens on (for a server that must be told its port). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `page.waitForFunction`, failing with `message` (and the page's problems) instead of a bare timeout. */
export async function waitInPage(tab: WatchedPage, message: string, check: (arg: string) => unknown, arg = '', timeout = 20_000): Promise<void> {
  try {
    await tab.page.waitForFunction(check, { timeout }, arg);
  } catch (error) {
    const problems = tab.problems.length ? `; the page had: ${tab.problems.join('; ')}` : '';
    throw new Error(`${message} (within ${timeout} ms)${problems}`, { cause: error });
  }
}
