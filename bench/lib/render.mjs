/**
 * Render section. For each scenario (card + eligibility on the long criteria text with sections
 * closed and all open, all open on the longest real text, the full widget) it times:
 * - first render: a fresh page per run, so template preparation, style sheets and cold code
 *   are included, as a reader's first view would have them;
 * - warm render: the same page again and again (templates prepared, code optimized);
 * each beside the floor: the same final DOM (shadow roots and styles included) set from one
 * HTML string and laid out, in a page of the same kind, alternating with the trialkit runs.
 */
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { criteriaTexts, recordWithCriteria } from './criteria.mjs';
import { openPage } from './browser.mjs';
import { elementTags, exists, fromRoot, median, ROOT, summarize, tagsInBundle } from './util.mjs';

const FRAME_MS = 16;
const TAGS_TO_LOOK_FOR = ['trial-card', 'trial-eligibility', 'trial-widget'];

async function readyPage(browser, origin, errors) {
  const page = await openPage(browser, origin, '/render.html', errors);
  await page.waitForFunction(() => window.benchRender && customElements.get('trial-card'), { timeout: 30_000 });
  // The eager autoloader registers each element as its chunk arrives: wait for the others the
  // scenarios use too, or for 10 s where one does not exist yet.
  await page
    .waitForFunction((tags) => tags.every((tag) => customElements.get(tag)), { timeout: 10_000 }, TAGS_TO_LOOK_FOR)
    .catch(() => undefined);
  return page;
}

/** The longest word near the end of the text: if it is in the DOM, the whole text was rendered. */
function lastWord(text) {
  const words = text.match(/[A-Za-z]{7,}/g) ?? [];
  return words[words.length - 1];
}

/**
 * Card + eligibility as a reader first sees them (sections closed; closed panels render on first
 * open) and with every section open (`open="all"`: every criterion in the DOM, the heaviest
 * case); the same open on the longest real text; the full widget as it first shows.
 */
function scenarios(defined) {
  const { longestReal, long } = criteriaTexts();
  const list = [];
  const pair = ['trial-card', 'trial-eligibility'];
  const allOpen = { 'trial-eligibility': { open: 'all' } };
  if (defined.includes('trial-eligibility')) {
    list.push({ id: 'card-eligibility', title: 'card + eligibility, sections closed', tags: pair, attributes: {}, criteria: long, budget: true });
    list.push({ id: 'card-eligibility-open', title: 'card + eligibility, all sections open', tags: pair, attributes: allOpen, criteria: long, budget: true, expectAll: true });
    if (longestReal) {
      list.push({ id: 'card-eligibility-real-open', title: 'card + eligibility, all sections open', tags: pair, attributes: allOpen, criteria: longestReal, budget: true, expectAll: true });
    }
  } else {
    list.push({ id: 'card', title: 'card alone', tags: ['trial-card'], attributes: {}, criteria: long, budget: false });
  }
  if (defined.includes('trial-widget')) {
    list.push({ id: 'widget', title: 'full `trial-widget`', tags: ['trial-widget'], attributes: {}, criteria: long, budget: false });
  }
  return list;
}

async function warmRuns(page, scenario, runs) {
  return page.evaluate(
    async (tags, attributes, runs) => {
      const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      const trialkit = [];
      const floor = [];
      const pick = ({ ms, buildMs, layoutMs }) => ({ ms, buildMs, layoutMs });
      for (let run = 0; run < runs; run += 1) {
        const study = structuredClone(window.benchStudy);
        await nextFrame();
        trialkit.push(pick(await window.benchRender.renderTrialkit(tags, study, attributes)));
        await nextFrame();
        floor.push(pick(window.benchRender.renderMarkup(window.benchMarkup)));
      }
      window.benchRender.clearStage();
      return { trialkit, floor };
    },
    scenario.tags,
    scenario.attributes,
    runs,
  );
}

async function coldRun(browser, origin, errors, scenario, record, markup, kind) {
  const page = await readyPage(browser, origin, errors);
  try {
    return await page.evaluate(
      async (kind, tags, attributes, record, markup) => {
        // Let the page finish loading work (parsing, compiling, first paint) before timing.
        await new Promise((resolve) => setTimeout(resolve, 50));
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        const { ms, buildMs, layoutMs } =
          kind === 'trialkit' ? await window.benchRender.renderTrialkit(tags, record, attributes) : window.benchRender.renderMarkup(markup);
        return { ms, buildMs, layoutMs };
      },
      kind,
      scenario.tags,
      scenario.attributes,
      record,
      markup,
    );
  } finally {
    await page.close();
  }
}

export async function measureRender({ browser, origin, coldRuns = 15, warmRuns: warmCount = 60 }) {
  const errors = [];
  const page = await readyPage(browser, origin, errors);
  const defined = await page.evaluate((tags) => tags.filter((tag) => customElements.get(tag)), TAGS_TO_LOOK_FOR);
  const results = [];
  for (const scenario of scenarios(defined)) {
    const record = recordWithCriteria(scenario.criteria.text);
    await page.evaluate((record) => (window.benchStudy = record), record);
    const first = await page.evaluate(
      (tags, attributes) => window.benchRender.renderTrialkit(tags, structuredClone(window.benchStudy), attributes),
      scenario.tags,
      scenario.attributes,
    );
    const word = lastWord(scenario.criteria.text);
    const check = await page.evaluate(
      (word) => ({ markup: window.benchRender.serializeStage(), hasWord: word ? window.benchRender.composedText().includes(word) : false }),
      word,
    );
    await page.evaluate((markup) => (window.benchMarkup = markup), check.markup);
    const floorFirst = await page.evaluate(() => window.benchRender.renderMarkup(window.benchMarkup));

    const warm = await warmRuns(page, scenario, warmCount);
    const cold = { trialkit: [], floor: [] };
    for (let run = 0; run < coldRuns; run += 1) {
      cold.trialkit.push(await coldRun(browser, origin, errors, scenario, record, check.markup, 'trialkit'));
      cold.floor.push(await coldRun(browser, origin, errors, scenario, record, check.markup, 'floor'));
    }
    results.push({
      ...scenario,
      criteria: { label: scenario.criteria.label, chars: scenario.criteria.text.length, source: scenario.criteria.source },
      dom: {
        nodes: first.nodes,
        height: first.height,
        markupChars: check.markup.length,
        allCriteriaInDom: check.hasWord,
        floorSameHeight: Math.abs(floorFirst.height - first.height) < 1,
        floorSameText: floorFirst.textLength === first.textLength,
        states: first.states,
      },
      cold: { trialkit: summarizeRuns(cold.trialkit), floor: summarizeRuns(cold.floor) },
      warm: { trialkit: summarizeRuns(warm.trialkit), floor: summarizeRuns(warm.floor) },
    });
  }
  await page.close();
  return { defined, scenarios: results, errors: [...new Set(errors)].slice(0, 10) };
}

/** Total time statistics, plus the medians of its two parts. */
function summarizeRuns(runs) {
  return {
    ...summarize(runs.map((run) => run.ms)),
    buildMedian: median(runs.map((run) => run.buildMs)),
    layoutMedian: median(runs.map((run) => run.layoutMs)),
  };
}

function spread(stats) {
  return `(script ${stats.buildMedian.toFixed(1)} + style/layout ${stats.layoutMedian.toFixed(1)}; p10–p90 ${stats.p10.toFixed(1)}–${stats.p90.toFixed(1)}, n=${stats.runs})`;
}

export function renderRows(result) {
  const rows = [];
  if (result.bundle?.reason) rows.push({ id: 'render.bundle', section: 'render', name: 'bundle measured', missing: result.bundle.reason });
  for (const scenario of result.scenarios) {
    const budget = scenario.budget
      ? [
          { text: `≤ ${FRAME_MS} ms (one frame)`, max: FRAME_MS },
          { text: '≤ 2× floor', maxFloorRatio: 2 },
        ]
      : undefined;
    const caveats = [];
    if (scenario.expectAll && !scenario.dom.allCriteriaInDom) caveats.push('the end of the criteria text is not in the DOM');
    if (!scenario.dom.floorSameHeight || !scenario.dom.floorSameText) caveats.push('floor DOM differs in height or text');
    if (scenario.dom.states.some((state) => state.busy || !state.hasShadow)) caveats.push('an element did not reach its ready state');
    const note = caveats.length ? ` [${caveats.join('; ')}]` : '';
    for (const phase of ['cold', 'warm']) {
      const stats = scenario[phase];
      rows.push({
        id: `render.${scenario.id}.${phase}`,
        section: 'render',
        name: `${scenario.title}, ${scenario.criteria.label}, ${scenario.dom.nodes} elements: ${phase === 'cold' ? 'first render, fresh page' : 'render again, warm page'} (median)`,
        unit: 'ms',
        value: stats.trialkit.median,
        detail: `${spread(stats.trialkit)}${note}`,
        floor: {
          name: `innerHTML of the same DOM (parse ${stats.floor.buildMedian.toFixed(1)} + style/layout ${stats.floor.layoutMedian.toFixed(1)})`,
          value: stats.floor.median,
        },
        budget,
      });
    }
  }
  if (result.errors.length) {
    rows.push({ id: 'render.errors', section: 'render', name: 'errors on the render page', missing: result.errors.slice(0, 3).join('; ') });
  }
  if (!result.defined.includes('trial-eligibility')) {
    rows.push({ id: 'render.card-eligibility', section: 'render', name: 'card + eligibility', missing: 'not available yet' });
  }
  if (!result.defined.includes('trial-widget')) {
    rows.push({ id: 'render.widget', section: 'render', name: 'full `trial-widget`', missing: 'not available yet' });
  }
  return rows;
}

/**
 * The render section loads dist/trialkit.js. While src/trialkit.ts does not yet register every
 * element that has a folder, it loads instead one esbuild bundle of every `define.ts` (minified,
 * like the CDN file), so the elements that exist are measured; the table says so.
 */
export async function renderBundleFor(assetsDir) {
  const tags = elementTags();
  const dist = exists('dist/trialkit.js') ? readFileSync(fromRoot('dist/trialkit.js'), 'utf8') : '';
  const present = tagsInBundle(dist, tags);
  const absent = tags.filter((tag) => !present.includes(tag));
  if (!absent.length && dist) return { path: '/dist/trialkit.js' };
  await build({
    stdin: { contents: tags.map((tag) => `import './src/elements/${tag}/define.ts';`).join('\n'), resolveDir: ROOT, loader: 'ts' },
    outdir: assetsDir,
    entryNames: 'trialkit-src',
    splitting: true,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return { path: '/assets/trialkit-src.js', reason: `dist/trialkit.js lacks ${absent.join(', ')}; an esbuild bundle of src/elements/*/define.ts is measured` };
}
