/**
 * Prints, as JSON, @lit-labs/ssr renders of `<trial-card>` from the built `dist/esm/` for
 * test/browser/hydrate.test.ts: one given the record as `.study` with the same record as inline
 * JSON beside it (the documented pattern), one with only a relative `src`. Run in its own Node
 * process by the `lit-ssr` plugin of web-test-runner.config.mjs.
 */
import { readFileSync } from 'node:fs';
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import { html, unsafeStatic } from 'lit/static-html.js';

await import('../../../dist/esm/trial-card.js');
const text = readFileSync(new URL('../../fixtures/NCT05819398.json', import.meta.url), 'utf8');
const record = JSON.parse(text);
const inline = unsafeStatic(`<script type="application/json">${text.replaceAll('</', '<\\/')}</script>`);
const fallback = unsafeStatic('<p>Call our research office.</p>');

const fromData = await collectResult(render(html`<trial-card .study=${record}>${inline}${fallback}</trial-card>`));
const fromSrc = await collectResult(render(html`<trial-card src="/test/fixtures/NCT05819398.json">${fallback}</trial-card>`));
process.stdout.write(JSON.stringify({ fromData, fromSrc }));
