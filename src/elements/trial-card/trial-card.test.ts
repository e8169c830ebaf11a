import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { clearTrialCache } from '../../data/trial-source.ts';
import { clone, loadSeed, sharedFixture } from '../../../test/helpers/fixtures.ts';
import { makeTrial } from '../../../test/helpers/trials.ts';
import { deferred, jsonResponse, stubFetch, type FetchStub } from '../../../test/helpers/fetch-stub.ts';
import type { TrialErrorEvent } from '../../internal/trial-error-event.ts';
import './define.ts';
import type { TrialCard } from './trial-card.ts';
import { shadow, shadowText } from '../../../test/helpers/dom.ts';
import { XSS, forgetPwned, pwned } from '../../../test/helpers/xss.ts';

/** Renders a card that loads `src` and resolves with the first `trial-error` it fires. */
async function failingCard(src: string): Promise<{ el: TrialCard; event: TrialErrorEvent }> {
  let caught: TrialErrorEvent | undefined;
  const el = await fixture<TrialCard>(html`<trial-card src=${src} @trial-error=${(e: TrialErrorEvent) => (caught ??= e)}></trial-card>`);
  await waitUntil(() => caught, 'no trial-error event');
  await el.updateComplete;
  return { el, event: caught! };
}

async function ready(el: TrialCard): Promise<void> {
  await waitUntil(() => shadow(el, 'article') || shadow(el, '.state'), 'card did not settle');
}

describe('trial-card', () => {
  let seed: Record<string, unknown>;
  let stub: FetchStub | undefined;

  before(async () => (seed = await loadSeed()));
  beforeEach(() => clearTrialCache());
  afterEach(() => {
    stub?.restore();
    stub = undefined;
    forgetPwned();
  });

  it('shows what the seed page shows', async () => {
    const el = await fixture<TrialCard>(html`<trial-card .study=${seed}></trial-card>`);
    const t = shadowText(el);
    for (const fact of [
      'Recruiting',
      'Ages 18–69 years',
      'Sex: All',
      'Phase not applicable',
      'Efficacy and Safety of HN2301 in Refractory Systemic Lupus Erythematosus (SLE)',
      'This is an investigator-initiated trial',
      'This study is a prospective exploratory clinical trial',
      'Systemic Lupus Erythematosus',
      'Shenzhen MagicRNA Biotechnology Co., Ltd',
      'NCT06801119',
      'Source: ClinicalTrials.gov',
      'Last updated Aug 28, 2025.',
    ]) {
      expect(t, fact).to.contain(fact);
    }
    const link = shadow(el, 'a[href="https://clinicaltrials.gov/study/NCT06801119"]');
    expect(link).to.exist;
    expect(link!.getAttribute('rel')).to.contain('noopener');
    expect(shadow(el, 'h2')!.textContent).to.contain('Efficacy and Safety');
    await expect(el).to.be.accessible();
  });

  it('renders a multi-site record with combined phases and no maximum age', async function () {
    const study = await sharedFixture('ctgov/NCT05819398.json');
    if (!study) this.skip();
    const el = await fixture<TrialCard>(html`<trial-card .study=${study}></trial-card>`);
    expect(shadowText(el)).to.contain('Phase 2/Phase 3');
    expect(shadowText(el)).to.contain('Ages 18 years and older');
    await expect(el).to.be.accessible();
  });

  it('marks an unknown status with the last known one, not verified', async () => {
    const trial = makeTrial({ status: 'UNKNOWN', lastKnownStatus: 'RECRUITING' });
    const el = await fixture<TrialCard>(html`<trial-card .trial=${trial}></trial-card>`);
    expect(shadowText(el)).to.contain('Recruiting (status not verified)');
  });

  it('takes the heading level from heading-level, clamped to 2–6', async () => {
    const el = await fixture<TrialCard>(html`<trial-card heading-level="4" .study=${seed}></trial-card>`);
    expect(shadow(el, 'h4.title')).to.exist;
    expect(shadow(el, 'h5')).to.exist;
    el.headingLevel = 9;
    await el.updateComplete;
    expect(shadow(el, 'h6.title')).to.exist;
    el.headingLevel = 1;
    await el.updateComplete;
    expect(shadow(el, 'h2.title')).to.exist;
  });

  it('collapses a long description behind a button and expands it', async () => {
    const description = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} ${'word '.repeat(20)}`).join('\n\n');
    const el = await fixture<TrialCard>(html`<trial-card .trial=${makeTrial({ description })}></trial-card>`);
    const toggle = shadow(el, 'button.toggle')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(shadowText(el)).not.to.contain('Paragraph 11');
    await expect(el).to.be.accessible();
    toggle.click();
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(shadowText(el)).to.contain('Paragraph 11');
    await expect(el).to.be.accessible();
  });

  it('shows an optional image with its text alternative', async () => {
    const el = await fixture<TrialCard>(
      html`<trial-card image-src="/test/fixtures/none.png" image-alt="Study nurse with a patient" .study=${seed}></trial-card>`,
    );
    const img = shadow(el, 'img')!;
    expect(img.getAttribute('alt')).to.equal('Study nurse with a patient');
    el.imageSrc = 'javascript:alert(1)';
    await el.updateComplete;
    expect(shadow(el, 'img')).to.equal(null);
  });

  describe('data sources', () => {
    it('reads inline JSON in either shape', async () => {
      const el = await fixture<TrialCard>(html`<trial-card>
        <script type="application/json">
          ${JSON.stringify(seed)}
        </script>
      </trial-card>`);
      await ready(el);
      expect(shadowText(el)).to.contain('HN2301');
      const own = await fixture<TrialCard>(html`<trial-card>
        <script type="application/json">
          ${JSON.stringify(makeTrial({ title: 'Own shape' }))}
        </script>
      </trial-card>`);
      await ready(own);
      expect(shadowText(own)).to.contain('Own shape');
    });

    it('prefers the property over inline JSON, inline over src, src over nct-id', async () => {
      stub = stubFetch({
        '/from-src.json': () => jsonResponse(makeTrial({ title: 'From src' })),
        '/studies/NCT00000001': () => jsonResponse(makeTrial({ title: 'From nct-id' })),
      });
      const el = await fixture<TrialCard>(html`<trial-card src="/from-src.json" nct-id="NCT00000001" api-base="/api">
        <script type="application/json">
          ${JSON.stringify(makeTrial({ title: 'From inline' }))}
        </script>
      </trial-card>`);
      await ready(el);
      expect(shadowText(el)).to.contain('From inline');
      el.trial = makeTrial({ title: 'From property' });
      await el.updateComplete;
      expect(shadowText(el)).to.contain('From property');

      const bySrc = await fixture<TrialCard>(html`<trial-card src="/from-src.json" nct-id="NCT00000001" api-base="/api"></trial-card>`);
      await waitUntil(() => shadowText(bySrc).includes('From src'));
      const byId = await fixture<TrialCard>(html`<trial-card nct-id="NCT00000001" api-base="/api/"></trial-card>`);
      await waitUntil(() => shadowText(byId).includes('From nct-id'));
      expect(stub.calls.some((url) => url.endsWith('/api/studies/NCT00000001'))).to.equal(true);
    });

    it('fetches one URL once for many elements', async () => {
      stub = stubFetch({ '/shared.json': () => jsonResponse(seed) });
      const cards = await Promise.all([1, 2, 3, 4, 5, 6].map(() => fixture<TrialCard>(html`<trial-card src="/shared.json"></trial-card>`)));
      await Promise.all(cards.map((card) => waitUntil(() => shadowText(card).includes('HN2301'))));
      expect(stub.calls).to.have.length(1);
    });

    it('shows a loading state with aria-busy, then the card', async () => {
      const held = deferred<Response>();
      stub = stubFetch({ '/slow.json': () => held.promise });
      const el = await fixture<TrialCard>(html`<trial-card src="/slow.json"></trial-card>`);
      await waitUntil(() => shadow(el, '.skeleton'));
      expect(el.getAttribute('aria-busy')).to.equal('true');
      await expect(el).to.be.accessible();
      held.resolve(jsonResponse(seed));
      await ready(el);
      await el.updateComplete;
      expect(el.hasAttribute('aria-busy')).to.equal(false);
    });

    it('says not found on 404', async () => {
      stub = stubFetch({ '/missing.json': () => new Response('', { status: 404 }) });
      const { el, event } = await failingCard('/missing.json');
      expect(event.cause.kind).to.equal('not-found');
      expect(shadowText(el)).to.contain('This trial was not found');
      await expect(el).to.be.accessible();
    });

    it('offers a retry after a network error, and the retry fetches again', async () => {
      let attempts = 0;
      stub = stubFetch({
        '/flaky.json': () => {
          attempts += 1;
          if (attempts === 1) throw new TypeError('Failed to fetch');
          return jsonResponse(seed);
        },
      });
      const { el, event } = await failingCard('/flaky.json');
      expect(event.cause.kind).to.equal('network');
      expect(event.bubbles && event.composed).to.equal(true);
      const retry = shadow(el, 'button[part="retry"]')!;
      expect(retry.textContent).to.contain('Try again');
      await expect(el).to.be.accessible();
      retry.click();
      await waitUntil(() => shadowText(el).includes('HN2301'));
      expect(attempts).to.equal(2);
    });

    it('explains a server error, malformed JSON, a wrong shape and a bad NCT number', async () => {
      stub = stubFetch({
        '/500.json': () => new Response('oops', { status: 500 }),
        '/broken.json': () => new Response('{"protocolSection": ', { status: 200 }),
        '/shape.json': () => jsonResponse({ protocolSection: { identificationModule: { nctId: 7 } } }),
      });
      const cases: [string, string, RegExp][] = [
        ['/500.json', 'http', /server answered 500/],
        ['/broken.json', 'parse', /not valid JSON/],
        ['/shape.json', 'shape', /identificationModule\.nctId/],
      ];
      for (const [src, kind, message] of cases) {
        const { el, event } = await failingCard(src);
        expect(event.cause.kind).to.equal(kind);
        expect(shadowText(el)).to.match(message);
        await expect(el).to.be.accessible();
      }
      const bad = await fixture<TrialCard>(html`<trial-card nct-id="12345"></trial-card>`);
      await waitUntil(() => shadow(bad, '.state'));
      expect(shadowText(bad)).to.contain('is not an NCT number');
    });

    it('reports bad property data as an error state instead of throwing', async () => {
      const el = await fixture<TrialCard>(html`<trial-card .trial=${{ id: 5, title: [] }}></trial-card>`);
      expect(shadowText(el)).to.match(/unexpected shape/);
      el.study = 'not an object';
      el.trial = undefined;
      await el.updateComplete;
      expect(shadowText(el)).to.match(/not a JSON object/);
      const inline = await fixture<TrialCard>(html`<trial-card><script type="application/json">{oops</script></trial-card>`);
      await waitUntil(() => shadow(inline, '.state'));
      expect(shadowText(inline)).to.contain('not valid JSON');
    });

    it('shows the host page content while no source is set', async () => {
      const el = await fixture<TrialCard>(html`<trial-card><p>Our lupus study</p></trial-card>`);
      expect(shadow(el, 'slot')).to.exist;
      expect(el.textContent).to.contain('Our lupus study');
    });
  });

  describe('hostile data', () => {
    it('renders script payloads in every field as inert text', async () => {
      for (const payload of XSS) {
        const trial = makeTrial({
          id: payload,
          title: payload,
          acronym: payload,
          summary: payload,
          description: `${payload}\n\n* ${payload}\n\n[x](javascript:window.__pwned=1)`,
          conditions: [payload],
          sponsor: payload,
          image: { src: 'javascript:window.__pwned=1', alt: payload },
        });
        const el = await fixture<TrialCard>(html`<trial-card .trial=${trial}></trial-card>`);
        await aTimeout(20);
        expect(pwned()).to.be.false;
        expect(el.shadowRoot!.querySelector('script, img, svg, [onerror], [onload]')).to.equal(null);
        expect(shadowText(el)).to.contain(payload.slice(0, 10));
        for (const a of el.shadowRoot!.querySelectorAll('a')) expect(a.getAttribute('href')).to.match(/^(https?:|mailto:)/);
      }
    });

    it('shortens a 5 MB description and says so', async () => {
      const description = 'Lorem ipsum dolor sit amet. '.repeat(190_000);
      expect(description.length).to.be.greaterThan(5_000_000);
      const el = await fixture<TrialCard>(html`<trial-card description-open .trial=${makeTrial({ description })}></trial-card>`);
      expect(shadowText(el)).to.contain('This text was shortened here');
      expect(el.shadowRoot!.textContent!.length).to.be.lessThan(200_000);
    });

    it('survives missing modules and wrong types', async () => {
      const broken = clone(seed) as { protocolSection: Record<string, unknown> };
      delete broken.protocolSection.statusModule;
      delete broken.protocolSection.eligibilityModule;
      delete broken.protocolSection.descriptionModule;
      const el = await fixture<TrialCard>(html`<trial-card .study=${broken}></trial-card>`);
      expect(shadowText(el)).to.contain('Unknown status');
      expect(shadowText(el)).to.contain('All ages');
      await expect(el).to.be.accessible();
      (broken.protocolSection.conditionsModule as Record<string, unknown>).conditions = 'lupus';
      el.study = clone(broken);
      await el.updateComplete;
      expect(shadowText(el)).to.match(/conditionsModule\.conditions/);
    });
  });
});
