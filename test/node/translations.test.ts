/**
 * Every UI string has a Spanish and a Simplified Chinese translation, and the locale modules
 * the bundle imports are the ones the XLIFF files build. Extraction runs on the sources as
 * they are now, so a new `msg()` without translations fails here.
 *
 * Fix a failure with `npx lit-localize extract`, fill the new `<target>`s in `xliff/*.xlf`,
 * then `npx lit-localize build`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RuntimeLitLocalizer } from '@lit/localize-tools/lib/modes/runtime.js';
import type { Message } from '@lit/localize-tools/lib/messages.js';
import { packLocaleModule } from '../../src/locales/pack-locales.vite.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface LocalizeJson {
  sourceLocale: string;
  targetLocales: string[];
  inputFiles: string[];
  output: { mode: 'runtime'; outputDir: string; localeCodesModule?: string; language?: 'ts' | 'js' };
  interchange: { format: 'xliff'; xliffDir: string };
}

const json = JSON.parse(readFileSync(join(root, 'lit-localize.json'), 'utf8')) as LocalizeJson;

function localizer(output: LocalizeJson['output'] = json.output): RuntimeLitLocalizer {
  return new RuntimeLitLocalizer({
    ...json,
    output,
    baseDir: root,
    resolve: (path: string) => resolve(root, path),
  } as ConstructorParameters<typeof RuntimeLitLocalizer>[0]);
}

/** The text of a message with placeholders as `{…}`: enough to tell translated from not. */
function plain(message: Message): string {
  return message.contents.map((part) => (typeof part === 'string' ? part : '{…}')).join('');
}

/** The messages translated into `locale` in its XLIFF file. */
function translationsOf(locale: string): Message[] {
  const byLocale = project.readTranslationsSync().translations as ReadonlyMap<unknown, Message[]>;
  return byLocale.get(locale) ?? [];
}

let project: RuntimeLitLocalizer;
let sources: Message[];

before(() => {
  project = localizer();
  const extracted = project.extractSourceMessages();
  assert.deepEqual(extracted.errors.map(String), [], 'msg() calls that cannot be extracted');
  sources = extracted.messages;
});

test('the project is localized into Spanish and Simplified Chinese', () => {
  assert.equal(json.sourceLocale, 'en');
  assert.deepEqual([...json.targetLocales].sort(), ['es', 'zh-Hans']);
  assert.ok(sources.length > 40, `only ${sources.length} messages were extracted`);
});

for (const locale of json.targetLocales) {
  test(`every source string has a ${locale} translation`, () => {
    const translated = new Map(
translationsOf(locale).map((message) => [message.name, message]));
    const missing = sources
      .filter((source) => {
        const target = translated.get(source.name);
        return !target || plain(target).trim() === '';
      })
      .map(plain);
    assert.deepEqual(missing, [], `untranslated into ${locale} (run lit-localize extract and fill xliff/${locale}.xlf)`);
  });
}

test('translations keep the placeholders of their source', () => {
  assert.deepEqual(project.validateTranslations().errors.map(String), []);
});

test('no translation is just the English text, except names and symbols', () => {
  const same = new Set(['No', 'Error:', '{…}–{…}']);
  for (const locale of json.targetLocales) {
    const translated = translationsOf(locale);
    const byName = new Map(sources.map((source) => [source.name, plain(source)]));
    const copied = translated.filter((message) => byName.get(message.name) === plain(message) && !same.has(plain(message)));
    assert.deepEqual(copied.map(plain), [], `${locale} strings left in English`);
  }
});

test('the locale modules in src/locales are built from the current XLIFF', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'trialkit-locales-'));
  after(() => rmSync(out, { recursive: true, force: true }));
  const quiet = t.mock.method(console, 'warn', () => undefined);
  const quietLog = t.mock.method(console, 'log', () => undefined);
  await localizer({ ...json.output, outputDir: out, localeCodesModule: join(out, 'locale-codes.ts') }).build();
  quiet.mock.restore();
  quietLog.mock.restore();
  for (const locale of json.targetLocales) {
    const built = readFileSync(join(out, `${locale}.ts`), 'utf8');
    const committed = readFileSync(join(root, json.output.outputDir, `${locale}.ts`), 'utf8');
    assert.equal(committed, built, `src/locales/${locale}.ts is stale: run npx lit-localize build`);
  }
});

test('the packed locale modules in the bundle answer every message as the generated ones do', async () => {
  const out = mkdtempSync(join(root, 'node_modules', '.trialkit-packed-'));
  after(() => rmSync(out, { recursive: true, force: true }));
  for (const locale of json.targetLocales) {
    const file = join(root, json.output.outputDir, `${locale}.ts`);
    const generated = (await import(pathToFileURL(file).href)) as { templates: Record<string, unknown> };
    const packedFile = join(out, `${locale}.mjs`);
    writeFileSync(packedFile, packLocaleModule(readFileSync(file, 'utf8')));
    const packed = (await import(pathToFileURL(packedFile).href)) as { templates: Record<string, unknown> };
    const ids = Object.keys(generated.templates);
    assert.equal(ids.length, sources.length);
    for (const id of ids) {
      assert.deepEqual(JSON.stringify(packed.templates[id]), JSON.stringify(generated.templates[id]), `${locale} ${id}`);
    }
    assert.equal(packed.templates['s0000000000000000'], undefined);
  }
});
