/**
 * The build's minifier for Lit `css` templates (scripts/minify-css-templates.vite.mjs) must
 * shorten the CSS without changing what it selects or declares.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minifyCss, minifyCssTemplates } from '../../scripts/minify-css-templates.vite.mjs';

describe('minifyCss', () => {
  it('drops comments and layout whitespace', () => {
    assert.equal(minifyCss('\n  /* the host */\n  :host {\n    display: block;\n  }\n  [hidden],\n  a > b {\n    color: red;\n  }\n'), ':host{display:block;}[hidden],a>b{color:red;}');
  });

  it('keeps the spaces that mean something: descendants, calc, shorthand values', () => {
    assert.equal(minifyCss('.list  li :focus-visible { margin: 0 calc(1rem + 2px) 0 -1px; }'), '.list li :focus-visible{margin:0 calc(1rem + 2px) 0 -1px;}');
  });

  it('leaves quoted strings as written', () => {
    assert.equal(minifyCss(`.x::before { content: ' , > :  '; font-family: "Segoe  UI", sans-serif; }`), `.x::before{content:' , > :  ';font-family:"Segoe  UI",sans-serif;}`);
  });
});

describe('minifyCssTemplates', () => {
  const transform = (code: string) => (minifyCssTemplates().transform as (code: string, id: string) => { code: string } | undefined)(code, '/repo/src/x.styles.ts');

  it('rewrites only the static text of css templates, with a source map, keeping expressions and the space beside them', () => {
    const out = transform('const a = css`\n  .a {\n    color: ${unsafeCSS(x)} ;\n  }\n`;\nconst b = html`<p>  keep  </p>`;');
    assert.ok(out);
    assert.equal(out.code, 'const a = css`.a{color: ${unsafeCSS(x)} ;}`;\nconst b = html`<p>  keep  </p>`;');
    assert.ok('map' in out);
  });

  it('leaves files outside src/ and without css templates alone', () => {
    assert.equal(transform('const b = html`<p>  keep  </p>`;'), undefined);
  });
});
