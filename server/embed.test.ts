/**
 * GET /embed/<NCT id>: the iframe embed page, against a real server on loopback.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PAGE_CSP } from './static.ts';
import { startTestServer, type TestServer } from './testing.ts';

let server: TestServer;
let restricted: TestServer;
before(async () => {
  server = await startTestServer();
  restricted = await startTestServer({ embedFrameAncestors: ['https://hospital.example', 'https://www.hospital.example'] });
});
after(async () => {
  await server.dispose();
  await restricted.dispose();
});

describe('GET /embed/:nctId', () => {
  it('is a page with the widget, this server’s endpoints and only the sections asked for', async () => {
    const response = await fetch(`${server.url}/embed/nct05819398?sections=card,contact&lang=es`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    const html = await response.text();
    assert.match(html, /^<!doctype html>\n<html lang="es">/);
    const widget = /<trial-widget [^>]*>/.exec(html)?.[0] ?? '';
    assert.match(widget, /nct-id="NCT05819398"/);
    for (const attribute of ['api-base="/api/ctgov"', 'contact-endpoint="/api/contact"', 'geocode-endpoint="/api/geocode"']) assert.ok(widget.includes(attribute), attribute);
    assert.deepEqual(widget.match(/ no-[a-z]+/g), [' no-eligibility', ' no-involvement', ' no-faq', ' no-notes']);
    // Fallback for a reader whose browser runs no script.
    assert.match(html, /<a href="https:\/\/clinicaltrials.gov\/study\/NCT05819398" target="_blank" rel="noopener">/);
  });

  it('runs under the strict CSP with no inline script, and may be framed', async () => {
    const response = await fetch(`${server.url}/embed/NCT05819398`);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.equal(csp, PAGE_CSP.replace("frame-ancestors 'self'", 'frame-ancestors *'));
    assert.match(csp, /script-src 'self'; style-src 'self'; require-trusted-types-for 'script'/);
    assert.equal(response.headers.get('x-frame-options'), null);
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
    assert.deepEqual(scripts, ['<script type="module" src="/dist/trialkit.js"></script>', '<script type="module" src="/dist/embed-frame.js"></script>']);
    assert.doesNotMatch(html, /\sstyle=|\son[a-z]+=/);
    assert.doesNotMatch(html, / no-[a-z]+/, 'all sections by default');
  });

  it('lets only the configured sites frame it when EMBED_FRAME_ANCESTORS is set', async () => {
    const response = await fetch(`${restricted.url}/embed/NCT05819398`);
    assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors https:\/\/hospital\.example https:\/\/www\.hospital\.example$/);
  });

  it('answers HEAD without a body', async () => {
    const response = await fetch(`${server.url}/embed/NCT05819398`, { method: 'HEAD' });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '');
    assert.ok(Number(response.headers.get('content-length')) > 200);
  });

  for (const [label, path, says] of [
    ['a number that is not an NCT number', '/embed/12345', /NCT followed by eight digits/],
    ['markup in place of the number', '/embed/%3Cscript%3E', /NCT followed by eight digits/],
    ['an unknown section', '/embed/NCT05819398?sections=card,ads', /sections= with a comma-separated list of card, eligibility/],
    ['an empty section list', '/embed/NCT05819398?sections=', /sections=/],
    ['an unsupported language', '/embed/NCT05819398?lang=fr', /lang= en, es or zh-Hans/],
    ['markup in the language', '/embed/NCT05819398?lang=%22%3E%3Cscript%3E', /lang= en, es or zh-Hans/],
  ] as const) {
    it(`refuses ${label} with a 400 page that says what is accepted`, async () => {
      const response = await fetch(`${server.url}${path}`);
      assert.equal(response.status, 400);
      assert.ok(response.headers.get('content-security-policy'));
      const html = await response.text();
      assert.match(html, says);
      assert.doesNotMatch(html, /<script>|"><script/);
    });
  }

  it('is not an API route: no CORS headers, and other methods fall through to 404', async () => {
    const response = await fetch(`${server.url}/embed/NCT05819398`, { headers: { origin: 'https://elsewhere.example' } });
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    const post = await fetch(`${server.url}/embed/NCT05819398`, { method: 'POST' });
    assert.equal(post.status, 404);
  });
});
