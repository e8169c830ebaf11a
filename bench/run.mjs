/**
 * `npm run bench`: size and speed of trialkit beside its floors and peers, on this machine, in
 * one run. Prints one markdown table on stdout (progress goes to stderr), writes
 * bench/results.json and bench/RESULTS.md. Reports only: it asserts nothing and exits 0 unless
 * the bench itself breaks. Sections whose pieces are not in the tree yet say "not available yet".
 *
 * `--only size` (or `--only size,render`) runs just those sections.
 * Environment: BENCH_SKIP=size,render,anchoring,server leaves sections out;
 * BENCH_COLD_RUNS / BENCH_WARM_RUNS / BENCH_CONCURRENCY / BENCH_REQUESTS change the sample sizes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { anchoringAvailable, bundleAnchoring, measureAnchoring } from './lib/anchoring.mjs';
import { anchoringRows } from './lib/anchoring-rows.mjs';
import { chromiumVersion, launchChromium, startStaticServer } from './lib/browser.mjs';
import { measureRender, renderBundleFor, renderRows } from './lib/render.mjs';
import { measureServer, serverRows, LOAD } from './lib/server.mjs';
import { sourcesMarkdown } from './lib/bytes-by-source.mjs';
import { measureSizes, sizeRows } from './lib/size.mjs';
import { judgeRows, markdownTable } from './lib/table.mjs';
import { attempt, BENCH, exists, fromRoot, newestMtime, ROOT } from './lib/util.mjs';

const started = Date.now();
const SECTIONS = ['size', 'render', 'anchoring', 'server'];
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? new Set((process.argv[onlyIndex + 1] ?? '').split(',').filter(Boolean)) : undefined;
const skip = new Set([...(process.env.BENCH_SKIP ?? '').split(',').filter(Boolean), ...(only ? SECTIONS.filter((name) => !only.has(name)) : [])]);
const log = (message) => process.stderr.write(`bench: ${message} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);

/** Builds when dist/trialkit.js is missing or older than the sources it is made from. */
function ensureBuild() {
  const bundle = fromRoot('dist/trialkit.js');
  const built = exists('dist/trialkit.js') ? statSync(bundle).mtimeMs : 0;
  const sources = Math.max(newestMtime(fromRoot('src')), ...['package.json', 'vite.config.ts'].map((file) => statSync(fromRoot(file)).mtimeMs));
  if (built >= sources) return { rebuilt: false };
  log('dist/trialkit.js is missing or stale: npm run build');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', process.stderr, process.stderr] });
  const fresh = exists('dist/trialkit.js') && statSync(bundle).mtimeMs > built;
  if (result.status !== 0) log(`npm run build exited with ${result.status}${fresh ? '; dist/trialkit.js was still written' : ''}`);
  return { rebuilt: true, status: result.status, bundleWritten: fresh };
}

const missingRow = (id, section, name, why) => ({ id, section, name, missing: why });

const build = ensureBuild();
const results = { date: new Date().toISOString(), build, sections: {} };
const rows = [];

if (!skip.has('size')) {
  log('size');
  const sizes = await attempt('size', measureSizes);
  results.sections.size = sizes;
  rows.push(...(sizes.failed ? [missingRow('size', 'size', 'size', `failed: ${sizes.failed}`)] : sizeRows(sizes)));
}

let chromium = { version: undefined };
if (!skip.has('render') || !skip.has('anchoring')) {
  const assets = mkdtempSync(join(tmpdir(), 'trialkit-bench-assets-'));
  const renderBundle = skip.has('render') ? { path: '/dist/trialkit.js' } : await attempt('render bundle', () => renderBundleFor(assets));
  const server = await startStaticServer(assets, { renderBundle: renderBundle.path });
  let browser;
  try {
    log('starting Chromium');
    const launched = await launchChromium();
    browser = launched.browser;
    chromium = { version: `${launched.version.replace(/^(Headless)?Chrome\//, 'Chromium ')} (headless)`, path: launched.executablePath };

    if (!skip.has('render')) {
      log('render');
      const render = renderBundle.path
        ? await attempt('render', () =>
            measureRender({
              browser,
              origin: server.url,
              coldRuns: Number(process.env.BENCH_COLD_RUNS ?? 15),
              warmRuns: Number(process.env.BENCH_WARM_RUNS ?? 60),
            }),
          )
        : { failed: `no bundle to load: ${renderBundle.failed}` };
      if (!render.failed) render.bundle = renderBundle;
      results.sections.render = render;
      rows.push(...(render.failed ? [missingRow('render', 'render', 'render', `failed: ${render.failed}`)] : renderRows(render)));
    }

    if (!skip.has('anchoring')) {
      if (anchoringAvailable()) {
        log('anchoring');
        const anchoring = await attempt('anchoring', async () => {
          await bundleAnchoring(assets);
          return measureAnchoring({ browser, origin: server.url });
        });
        results.sections.anchoring = anchoring;
        rows.push(...anchoringRows(anchoring));
      } else {
        results.sections.anchoring = { available: false };
        rows.push(missingRow('anchoring', 'anchoring', '500 notes on 1 MB of text', 'not available yet (bench/anchoring.bench.ts)'));
      }
    }
  } catch (error) {
    log(`browser sections failed: ${error.message}`);
    rows.push(missingRow('browser', 'render', 'headless Chromium', `failed: ${error.message.split('\n')[0]}`));
  } finally {
    await browser?.close();
    await server.close();
    rmSync(assets, { recursive: true, force: true });
  }
}

if (!skip.has('server')) {
  log(`server (${LOAD.count} POSTs after ${LOAD.warmup} warm-up, concurrency ${LOAD.concurrency}, per target)`);
  const server = await attempt('server', measureServer);
  results.sections.server = server;
  rows.push(...(server.failed ? [missingRow('server', 'server', 'server', `failed: ${server.failed}`)] : serverRows(server)));
}

const cpuList = cpus();
const machine = {
  cpu: cpuList[0]?.model?.trim() ?? 'unknown',
  cores: cpuList.length,
  memoryGB: Math.round(totalmem() / 2 ** 30),
  os: `${process.platform} ${release()}`,
  node: process.version,
  chromium: chromium.version ?? chromiumVersion(),
};
const judged = judgeRows(rows);
const table = markdownTable(judged);
const pages = results.sections.size?.pages;
const sources = pages?.card?.sources
  ? `### Where the bytes go\n\nPer chunk of each page, the sources its gzip bytes come from, shared out by the chunks' source maps ` +
    `(bench/lib/bytes-by-source.mjs; an estimate, as gzip does not compress every source alike).\n\n` +
    sourcesMarkdown([
      ['page: one `<trial-card>`', pages.card, pages.card.sources],
      ['page: `<trial-widget>` before interaction', pages.widget, pages.widget?.sources],
    ])
  : '';
const seconds = Math.round((Date.now() - started) / 1000);
const settings =
  `Render: ${process.env.BENCH_COLD_RUNS ?? 15} first renders (a fresh page each) and ${process.env.BENCH_WARM_RUNS ?? 60} warm renders per row; ` +
  `server: ${LOAD.warmup.toLocaleString('en-US')} warm-up + ${LOAD.count.toLocaleString('en-US')} POSTs (at most ${LOAD.maxSeconds} s) at concurrency ${LOAD.concurrency}.`;
const machineLine = `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, ${machine.os}; Node ${machine.node}; ${machine.chromium}`;

results.machine = machine;
results.durationSeconds = seconds;
results.rows = judged;
writeFileSync(join(BENCH, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(
  join(BENCH, 'RESULTS.md'),
  `# trialkit bench results\n\n${results.date.slice(0, 16).replace('T', ' ')} UTC · ${machineLine} · \`npm run bench\` took ${seconds} s.\n\n` +
    `Ratios are this row ÷ the named floor or peer. What each row measures: bench/README.md. ${settings}\n\n${table}\n${sources ? `\n${sources}` : ''}`,
);

process.stdout.write(`\n${table}\n${sources ? `\n${sources}` : ''}\n${machineLine}\n`);
log(`done; wrote bench/results.json and bench/RESULTS.md`);
