/**
 * The custom elements manifest, generated from the JSDoc the way `npm run build` does (same
 * config, nothing written): every element folder is described, and `<trial-card>` in full.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: the analyzer's CLI module ships no types.
import { cli } from '@custom-elements-manifest/analyzer/cli.js';

/** The parts of the manifest schema (custom-elements-manifest 2.x) this test reads. */
interface Named {
  name: string;
  description?: string;
  default?: string;
  type?: { text: string };
}
interface Declaration extends Named {
  kind: string;
  customElement?: boolean;
  tagName?: string;
  summary?: string;
  attributes?: Named[];
  members?: Named[];
  events?: Named[];
  slots?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
}
interface Package {
  modules: { path: string; declarations?: Declaration[]; exports?: { kind: string; name: string }[] }[];
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

let manifest: Package;
const elements = new Map<string, Declaration>();

before(async () => {
  manifest = (await cli({ argv: ['analyze', '--quiet'], cwd: root, noWrite: true })) as Package;
  for (const mod of manifest.modules) {
    for (const declaration of mod.declarations ?? []) {
      if (declaration.customElement && declaration.tagName) elements.set(declaration.tagName, declaration);
    }
  }
});

const names = (list: readonly { name: string }[] | undefined) => (list ?? []).map((item) => item.name).sort();

describe('custom-elements.json', () => {
  test('describes every element folder under src/elements, with a summary and its registration', () => {
    const folders = readdirSync(join(root, 'src/elements'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    assert.ok(folders.includes('trial-card'));
    const definitions = new Set(
      manifest.modules.flatMap((mod) => (mod.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => e.name)),
    );
    for (const tag of folders) {
      const element = elements.get(tag);
      assert.ok(element, `no declaration with @tag ${tag}: give the class JSDoc a @tag and a @summary`);
      assert.ok(element.summary && element.summary.trim().length > 10, `<${tag}> has no @summary`);
      assert.ok(definitions.has(tag), `<${tag}> is not registered with defineElement('${tag}', …)`);
    }
  });

  test('attributes are kebab-case and events are typed trial-* events', () => {
    const classes = new Set(manifest.modules.flatMap((mod) => (mod.declarations ?? []).map((d) => d.name)));
    for (const [tag, element] of elements) {
      for (const attribute of element.attributes ?? []) {
        assert.match(attribute.name, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, `<${tag}> attribute ${attribute.name}`);
      }
      for (const event of element.events ?? []) {
        assert.match(event.name, /^trial-[a-z-]+$/, `<${tag}> event ${event.name}`);
        assert.ok(event.type?.text && classes.has(event.type.text), `<${tag}> event ${event.name} has no event class`);
      }
    }
  });

  test('describes <trial-card> in full', () => {
    const card = elements.get('trial-card');
    assert.ok(card);
    assert.equal(card.name, 'TrialCard');
    assert.deepEqual(names(card.attributes), [
      'api-base',
      'description-open',
      'heading-level',
      'image-alt',
      'image-src',
      'nct-id',
      'src',
      'structured-data',
    ]);
    assert.equal(card.attributes!.find((a) => a.name === 'heading-level')!.default, '2');
    assert.equal(card.attributes!.find((a) => a.name === 'structured-data')!.type?.text, 'boolean');
    assert.deepEqual(names(card.cssParts), [
      'attribution',
      'badge',
      'badges',
      'base',
      'conditions',
      'description',
      'image',
      'meta',
      'retry',
      'skeleton',
      'state',
      'status',
      'summary',
      'title',
      'toggle',
    ]);
    for (const prop of ['--trial-card-padding', '--trial-color-accent', '--trial-font-family']) {
      assert.ok(names(card.cssProperties).includes(prop), `css property ${prop}`);
    }
    assert.deepEqual(
      (card.events ?? []).map((e) => [e.name, e.type?.text]),
      [['trial-error', 'TrialErrorEvent']],
    );
    assert.deepEqual(names(card.slots), ['']);
    const members = names(card.members);
    for (const property of ['trial', 'study', 'headingLevel', 'structuredData']) assert.ok(members.includes(property), property);
    // Internal Lit state is not an attribute.
    assert.ok(!names(card.attributes).includes('loadState'));
  });

  test('names only modules the package ships: the main entry and the define entries', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, string | { import?: string }> };
    const shipped = new Set(Object.values(pkg.exports).map((target) => (typeof target === 'string' ? target : target.import)));
    const paths = manifest.modules.map((mod) => mod.path);
    assert.ok(paths.includes('dist/esm/trialkit.js'));
    for (const path of paths) assert.ok(shipped.has(`./${path}`), `${path} is not a package.json export`);
    const text = JSON.stringify(manifest);
    assert.doesNotMatch(text, /"module":\s*"(\/?src\/|\.\.?\/)/, 'a reference still names a source file');
    const card = manifest.modules.find((mod) => mod.path === 'dist/esm/trial-card.js');
    assert.deepEqual(
      card?.exports?.find((e) => e.kind === 'custom-element-definition'),
      { kind: 'custom-element-definition', name: 'trial-card', declaration: { name: 'TrialCard', module: 'dist/esm/trialkit.js' } },
    );
  });

  test('ships in the npm package and is declared in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      files: string[];
      customElements?: string;
      scripts: Record<string, string>;
    };
    assert.ok(pkg.files.includes('custom-elements.json'));
    assert.equal(pkg.customElements, 'custom-elements.json');
    assert.match(pkg.scripts.build ?? '', /cem analyze/);
  });
});
