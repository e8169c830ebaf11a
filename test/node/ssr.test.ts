/**
 * Server rendering with the built npm entries (`dist/esm/`):
 * - every entry imports in a plain Node process (no DOM shim, no tsx): nothing touches a
 *   browser global when a module loads;
 * - @lit-labs/ssr renders each data element from a ClinicalTrials.gov record (`.study`) or a
 *   normalized Trial (`.trial`) to declarative shadow DOM whose text reads without scripts;
 * - an element given only `nct-id` or a relative `src` renders the host's fallback content and
 *   neither fetches nor reports an error: the browser loads it after hydration.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const esm = join(root, 'dist/esm');
const built = existsSync(join(esm, 'trialkit.js'));
const study = JSON.parse(readFileSync(join(root, 'test/fixtures/NCT05819398.json'), 'utf8')) as unknown;
const TITLE = 'Lunsayil 1: A Study to Test Whether Spesolimab Helps People With a Skin Disease Called Hidradenitis Suppurativa';

/** Text a reader sees with scripts off: the markup without styles, comments and tags. */
function visibleText(markup: string): string {
  return markup
    .replace(/<style>[\s\S]*?<\/style>/g, ' ')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

type Render = (tag: string, binding: 'study' | 'trial' | 'none', attributes?: string, children?: string) => Promise<string>;
let renderElement: Render;

describe('server rendering', { skip: !built && 'dist/esm is not built (npm test builds it first)' }, () => {
  before(async () => {
    const { render } = await import('@lit-labs/ssr');
    const { collectResult } = await import('@lit-labs/ssr/lib/render-result.js');
    const { html, unsafeStatic } = await import('lit/static-html.js');
    const main = (await import(join(esm, 'trialkit.js'))) as { trialFromCtgov: (json: unknown) => unknown };
    for (const file of readdirSync(esm).filter((name) => /^trial-.*\.js$/.test(name))) await import(join(esm, file));
    const trial = main.trialFromCtgov(study);
    renderElement = async (tag, binding, attributes = '', children = '<p>Call our research office.</p>') => {
      const open = unsafeStatic(`${tag} ${attributes}`);
      const close = unsafeStatic(tag);
      const inner = unsafeStatic(children);
      const template =
        binding === 'study'
          ? html`<${open} .study=${study}>${inner}</${close}>`
          : binding === 'trial'
            ? html`<${open} .trial=${trial}>${inner}</${close}>`
            : html`<${open}>${inner}</${close}>`;
      return collectResult(render(template));
    };
  });

  test('every npm entry imports in plain Node without touching a browser global', () => {
    const entries = readdirSync(esm).filter((name) => name.endsWith('.js'));
    assert.ok(entries.length >= 10, `only ${entries.length} entries in dist/esm`);
    const code = `
      for (const entry of ${JSON.stringify(entries)}) await import('./dist/esm/' + entry);
      const globals = ['window', 'document', 'localStorage', 'sessionStorage', 'indexedDB', 'matchMedia', 'location'];
      console.log(JSON.stringify(globals.filter((name) => name in globalThis)));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    assert.deepEqual(JSON.parse(out), [], 'a module installed a browser global');
  });

  const EXPECTED: Record<string, string[]> = {
    'trial-card': ['Status: Recruiting', TITLE],
    'trial-eligibility': ['Who can take part', 'Inclusion Criteria'],
    'trial-involvement': ['What taking part involves', 'Part I: Low dose group'],
    'trial-site-picker': ['Dermatology Research Associates', 'Los Angeles'],
    'trial-contact-form': ['Get in touch with the nearest study center', 'Send a message', 'First name'],
    'trial-widget': [TITLE, 'Who can take part', 'Send a message', 'My notes'],
  };

  for (const binding of ['study', 'trial'] as const) {
    for (const [tag, texts] of Object.entries(EXPECTED)) {
      test(`<${tag}> renders from the ${binding} property to declarative shadow DOM`, async () => {
        const markup = await renderElement(tag, binding, tag === 'trial-involvement' ? 'open' : '');
        assert.match(markup, new RegExp(`<${tag}[^>]*><template shadowroot="open" shadowrootmode="open">`));
        const text = visibleText(markup);
        for (const expected of texts) assert.ok(text.includes(expected), `<${tag}> server HTML lacks "${expected}"`);
        assert.doesNotMatch(markup, /role="alert"|not a valid URL|could not be loaded/);
      });
    }
  }

  test('elements without trial data render too: <trial-faq>, <trial-notes>, <trial-notify-signup>', async () => {
    const faq = visibleText(await renderElement('trial-faq', 'none'));
    assert.match(faq, /\?/, 'the default questions are missing');
    const notes = await renderElement('trial-notes', 'none', '', '<p>Text a reader can annotate.</p>');
    assert.match(notes, /<trial-notes[^>]*><template shadowroot="open"/);
    assert.ok(visibleText(notes).includes('Text a reader can annotate.'));
    const signup = await renderElement('trial-notify-signup', 'none', 'endpoint="/api/notify"');
    assert.match(signup, /<trial-notify-signup[^>]*><template shadowroot="open"/);
  });

  for (const [source, attributes] of [
    ['nct-id with a relative api-base', 'nct-id="NCT05819398" api-base="/api/ctgov"'],
    ['a relative src', 'src="/trials/NCT05819398.json"'],
    ['nct-id with the default API', 'nct-id="NCT05819398"'],
  ] as const) {
    test(`${source}: the server renders the fallback, fetches nothing and reports no error`, async () => {
      const realFetch = globalThis.fetch;
      const fetched: string[] = [];
      globalThis.fetch = (input) => {
        fetched.push(String(input));
        return Promise.reject(new Error('no fetch during a server render'));
      };
      try {
        for (const tag of ['trial-card', 'trial-eligibility', 'trial-widget']) {
          const markup = await renderElement(tag, 'none', attributes);
          assert.match(markup, /<template shadowroot="open" shadowrootmode="open">[\s\S]*<slot><\/slot>/, `<${tag}> did not render its slot`);
          assert.ok(visibleText(markup).includes('Call our research office.'), `<${tag}> lost the host's fallback content`);
          assert.doesNotMatch(markup, /role="alert"|not a valid URL|Loading trial/);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
        assert.deepEqual(fetched, []);
      } finally {
        globalThis.fetch = realFetch;
      }
    });
  }
});
