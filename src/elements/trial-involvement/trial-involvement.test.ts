import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { clearTrialCache } from '../../data/trial-source.ts';
import { loadSeed, sharedFixture } from '../../../test/helpers/fixtures.ts';
import { makeTrial } from '../../../test/helpers/trials.ts';
import type { Trial } from '../../model/trial.ts';
import './define.ts';
import type { TrialInvolvement, TrialInvolvementToggleEvent } from './trial-involvement.ts';
import { shadow, shadowText } from '../../../test/helpers/dom.ts';
import { XSS, pwned } from '../../../test/helpers/xss.ts';

interface IndexEntry {
  nctId: string;
  file: string;
}

function toggle(el: TrialInvolvement): HTMLButtonElement {
  return shadow<HTMLButtonElement>(el, '[part~="toggle"]')!;
}

async function opened(template: ReturnType<typeof html>): Promise<TrialInvolvement> {
  const el = await fixture<TrialInvolvement>(template);
  el.open = true;
  await el.updateComplete;
  return el;
}

/** Texts of the groups, one string per group. */
function groups(el: TrialInvolvement): string[] {
  return [...el.shadowRoot!.querySelectorAll('[part~="group"]')].map((node) => (node.textContent ?? '').replace(/\s+/g, ' ').trim());
}

function outcomes(n: number, prefix: string): Trial['outcomes'] {
  const list = Array.from({ length: n }, (_, i) => ({ measure: `${prefix} measure ${i + 1}`, timeFrame: `Week ${i + 1}` }));
  return { primary: [{ measure: 'Main measure', timeFrame: '12 weeks' }], secondary: list, other: [] };
}

describe('trial-involvement', () => {
  let seed: Record<string, unknown>;

  before(async () => (seed = await loadSeed()));
  beforeEach(() => clearTrialCache());
  afterEach(() => delete (window as { __pwned?: number }).__pwned);

  it('says so in one sentence when the record describes none of it (the seed trial)', async () => {
    const el = await fixture<TrialInvolvement>(html`<trial-involvement .study=${seed}></trial-involvement>`);
    expect(shadow(el, 'h3')!.textContent).to.contain('What taking part involves');
    expect(shadow(el, '[part~="empty"]')!.textContent).to.contain('The study record does not describe');
    expect(shadow(el, '[part~="toggle"]')).to.equal(null);
    expect(shadow(el, 'a[href="https://clinicaltrials.gov/study/NCT06801119"]')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('shows the 25-site trial: random assignment, placebo groups, masking, size and time frames', async function () {
    const study = await sharedFixture('ctgov/NCT05819398.json');
    if (!study) return this.skip();
    const el = await fixture<TrialInvolvement>(html`<trial-involvement .study=${study}></trial-involvement>`);
    expect(toggle(el).getAttribute('aria-expanded')).to.equal('false');
    expect(shadow(el, '[part~="panel"]')!.hidden).to.equal(true);
    await expect(el).to.be.accessible();

    toggle(el).click();
    await el.updateComplete;
    expect(toggle(el).getAttribute('aria-expanded')).to.equal('true');
    const t = shadowText(el);
    for (const fact of [
      'Participants are assigned at random (by chance) to one of the groups.',
      '2 groups receive a placebo',
      'Quadruple-blind: participants, care providers, investigators, and the people who assess the results do not know who is in which group.',
      '200 participants (estimated)',
      'Parallel groups',
      'Treatment',
      'Part 1: Percent change from baseline in Draining fistula/tunnel (dT) count at Week 8',
      'Time frame: At baseline and at week 8',
      'Secondary outcomes (4)',
      'up to 64 weeks',
      'The researchers plan to share individual participant data with other researchers.',
      'Study protocol, Statistical analysis plan, and Clinical study report',
    ]) {
      expect(t, fact).to.contain(fact);
    }
    const list = groups(el);
    expect(list).to.have.length(6);
    expect(list[3]).to.contain('Part I: Placebo group').and.contain('Placebo comparator');
    expect(list[3]).to.contain('Drug: Placebo matching Spesolimab Formulation 1').and.contain('Drug: Placebo matching Spesolimab Formulation 2');
    expect(list[0]).to.contain('Part I: Low dose group').and.contain('Experimental').and.contain('(also called Spevigo®)');
    expect(list[5]).to.contain('Part II: Placebo group').and.not.contain('Formulation 1');
    // Four secondary outcomes are shown whole: a "Show all" for one more would hide nothing useful.
    expect(shadow(el, '[part~="show-all"]')).to.equal(null);
    const related = shadow<HTMLAnchorElement>(el, '[part~="documents"] a')!;
    expect(related.href).to.equal('https://www.mystudywindow.com/');
    expect(related.rel).to.contain('noopener');
    expect(related.target).to.equal('_blank');
    expect(related.querySelector('.visually-hidden')!.textContent).to.contain('(opens in a new tab)');
    await expect(el).to.be.accessible();
  });

  it('shows an observational study as cohorts with its model, perspective and follow-up', async function () {
    const study = await sharedFixture('ctgov/NCT05584293.json');
    if (!study) return this.skip();
    const el = await opened(html`<trial-involvement .study=${study}></trial-involvement>`);
    const t = shadowText(el);
    expect(t).to.contain('This is an observational study');
    expect(t).to.contain('Cohort: groups of people are followed');
    expect(t).to.contain('1,500 participants (estimated)');
    expect(t).to.contain('30 Years');
    expect(t).to.contain('Patient registry');
    expect(t).to.contain('Time frame: 0-30 years');
    expect(t).not.to.contain('at random');
    expect(t).not.to.contain('placebo');
    await expect(el).to.be.accessible();
  });

  it('renders every real record, open and closed, accessibly and without empty headings', async function () {
    this.timeout(20000);
    const index = await sharedFixture<IndexEntry[]>('ctgov/index.json');
    if (!index) return this.skip();
    for (const entry of index) {
      const study = await sharedFixture(`ctgov/${entry.file}`);
      const el = await fixture<TrialInvolvement>(html`<trial-involvement .study=${study}></trial-involvement>`);
      expect(shadow(el, '.state'), entry.nctId).to.equal(null);
      await expect(el, entry.nctId).to.be.accessible();
      if (shadow(el, '[part~="toggle"]')) {
        el.open = true;
        await el.updateComplete;
        await expect(el, entry.nctId).to.be.accessible();
      }
      for (const heading of el.shadowRoot!.querySelectorAll('h2, h3, h4, h5, h6')) {
        expect(heading.textContent!.trim(), entry.nctId).not.to.equal('');
        const section = heading.closest('section');
        if (section) expect((section.textContent ?? '').length, `${entry.nctId}: a heading with nothing under it`).to.be.greaterThan(heading.textContent!.length + 5);
      }
    }
  });

  it('says random only when allocation is RANDOMIZED, placebo only when the record says placebo', async () => {
    const plain = makeTrial({
      design: { allocation: 'NON_RANDOMIZED', whoMasked: [] },
      arms: [
        { label: 'Low dose', type: 'EXPERIMENTAL', interventionNames: ['Drug: Study drug'] },
        { label: 'Standard care', type: 'ACTIVE_COMPARATOR', interventionNames: ['Drug: Usual drug'] },
      ],
    });
    const el = await opened(html`<trial-involvement .trial=${plain}></trial-involvement>`);
    expect(shadowText(el)).to.contain('Participants are not assigned to the groups at random.');
    expect(shadowText(el)).not.to.contain('assigned at random');
    expect(shadowText(el)).not.to.contain('placebo');

    el.trial = makeTrial({
      design: { allocation: 'NA', whoMasked: [] },
      interventions: [{ name: 'Saline placebo injection', type: 'DRUG', armGroupLabels: [], otherNames: [] }],
    });
    await el.updateComplete;
    expect(shadowText(el)).to.contain('The study uses a placebo');
    expect(shadowText(el)).not.to.contain('at random');
    expect(shadowText(el)).to.contain('Interventions in this study:');

    el.trial = makeTrial({ arms: [{ label: 'Control', type: 'PLACEBO_COMPARATOR', interventionNames: [] }] });
    await el.updateComplete;
    expect(shadowText(el)).to.contain('One group receives a placebo');
  });

  it('puts masking in plain words, including open label', async () => {
    const el = await opened(html`<trial-involvement .trial=${makeTrial({ design: { masking: 'NONE', whoMasked: [] } })}></trial-involvement>`);
    expect(shadowText(el)).to.contain('Open label: participants and the study team know who is in which group.');
    el.trial = makeTrial({ design: { masking: 'DOUBLE', whoMasked: ['PARTICIPANT', 'OUTCOMES_ASSESSOR'] } });
    await el.updateComplete;
    expect(shadowText(el)).to.contain('Double-blind: participants and the people who assess the results do not know who is in which group.');
    el.trial = makeTrial({ design: { masking: 'SINGLE', whoMasked: [], enrollment: { count: 1, type: 'ACTUAL' } } });
    await el.updateComplete;
    expect(shadowText(el)).to.contain('the record does not say who');
    expect(shadowText(el)).to.contain('1 participant (actual)');
  });

  it('keeps arms without interventions, interventions without arms, and labels that differ only in case', async () => {
    const trial = makeTrial({
      arms: [
        { label: 'Placebo', type: 'PLACEBO_COMPARATOR', interventionNames: [] },
        { label: 'PLACEBO', type: 'OTHER', interventionNames: [] },
        { label: 'Active arm', type: 'EXPERIMENTAL', interventionNames: [] },
        { label: 'Watchful waiting', type: 'NO_INTERVENTION', interventionNames: [] },
      ],
      interventions: [
        { name: 'Sugar pill', type: 'DRUG', armGroupLabels: ['Placebo'], otherNames: [] },
        { name: 'Vitamin D', type: 'DIETARY_SUPPLEMENT', armGroupLabels: ['PLACEBO'], otherNames: [] },
        { name: 'Study drug', type: 'DRUG', armGroupLabels: ['active ARM'], otherNames: [] },
        { name: 'Ambiguous tablet', type: 'DRUG', armGroupLabels: ['placebo'], otherNames: [] },
        { name: 'Diary', type: 'BEHAVIORAL', armGroupLabels: [], otherNames: [] },
      ],
    });
    const el = await opened(html`<trial-involvement .trial=${trial}></trial-involvement>`);
    const list = groups(el);
    expect(list).to.have.length(4);
    expect(list[0]).to.contain('Sugar pill').and.not.contain('Vitamin D');
    expect(list[1]).to.contain('Vitamin D').and.not.contain('Sugar pill');
    expect(list[2]).to.contain('Study drug');
    expect(list[3]).to.contain('Watchful waiting').and.not.contain('The record lists no intervention');
    const unlinked = shadow(el, '.unlinked')!.textContent!;
    expect(unlinked).to.contain('Ambiguous tablet').and.contain('Diary');
    expect(unlinked).not.to.contain('Sugar pill');

    el.trial = makeTrial({ arms: [{ label: 'Lonely arm', type: 'EXPERIMENTAL', interventionNames: [] }] });
    await el.updateComplete;
    expect(groups(el)[0]).to.contain('The record lists no intervention for this group.');
    await expect(el).to.be.accessible();
  });

  it('collapses 200 outcomes after a few, with their count, and expands them', async () => {
    const el = await opened(html`<trial-involvement .trial=${makeTrial({ outcomes: outcomes(200, 'Secondary') })}></trial-involvement>`);
    const list = () => el.shadowRoot!.querySelectorAll('#outcomes-secondary > li');
    expect(list()).to.have.length(3);
    const button = shadow<HTMLButtonElement>(el, '[part~="show-all"]')!;
    expect(button.textContent!.trim()).to.equal('Show all 200 secondary outcomes');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(button.getAttribute('aria-controls')).to.equal('outcomes-secondary');
    expect(shadowText(el)).to.contain('Secondary outcomes (200)');
    await expect(el).to.be.accessible();
    button.click();
    await el.updateComplete;
    expect(list()).to.have.length(200);
    expect(shadowText(el)).to.contain('Secondary measure 200').and.contain('Week 200');
    expect(button.textContent!.trim()).to.equal('Show fewer secondary outcomes');
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    button.click();
    await el.updateComplete;
    expect(list()).to.have.length(3);
  });

  it('renders script payloads in every field as inert text', async () => {
    const payload = XSS.join(' ');
    const trial = makeTrial({
      arms: [{ label: payload, type: 'EXPERIMENTAL', description: payload, interventionNames: [`Drug: ${payload}`, payload] }],
      interventions: [{ name: payload, type: 'DRUG', description: payload, armGroupLabels: [payload], otherNames: [payload] }],
      design: { allocation: 'RANDOMIZED', whoMasked: [], targetDuration: payload, enrollment: { count: 3, type: 'ESTIMATED' } },
      outcomes: { primary: [{ measure: payload, description: payload, timeFrame: payload }], secondary: [], other: [] },
      ipdSharing: { sharing: 'YES', description: payload, infoTypes: [], timeFrame: payload, accessCriteria: payload, url: 'javascript:window.__pwned=1' },
      documents: [{ hasProtocol: true, hasSap: false, hasIcf: false, url: 'javascript:window.__pwned=1' }],
      links: [
        { label: payload, url: 'javascript:window.__pwned=1' },
        { label: payload, url: 'https://example.org/"><script>' },
      ],
    });
    const el = await opened(html`<trial-involvement .trial=${trial}></trial-involvement>`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pwned()).to.be.false;
    const root = el.shadowRoot!;
    expect(root.querySelector('script, img, svg, iframe')).to.equal(null);
    for (const a of root.querySelectorAll('a')) expect(a.getAttribute('href')).to.match(/^https:\/\//);
    expect(root.querySelector('[part~="documents"]')).to.equal(null);
    expect(shadowText(el)).to.contain('<script>window.__pwned=1</script>');
    await expect(el).to.be.accessible();
  });

  it('links documents on the ClinicalTrials.gov file server and opens them safely', async () => {
    const trial = makeTrial({
      documents: [{ hasProtocol: true, hasSap: true, hasIcf: false, date: '2021-03-05', url: 'https://cdn.clinicaltrials.gov/large-docs/67/NCT01234567/Prot_SAP_000.pdf' }],
    });
    const el = await opened(html`<trial-involvement .trial=${trial}></trial-involvement>`);
    const link = shadow<HTMLAnchorElement>(el, '[part~="documents"] a')!;
    expect(link.href).to.equal('https://cdn.clinicaltrials.gov/large-docs/67/NCT01234567/Prot_SAP_000.pdf');
    expect(link.rel).to.contain('noopener');
    expect(link.textContent).to.contain('Study protocol and Statistical analysis plan (PDF)');
    expect(shadowText(el)).to.contain('dated Mar 5, 2021');
  });

  it('opens and closes from the keyboard and tells the page', async () => {
    const trial = makeTrial({ outcomes: outcomes(1, 'x') });
    const el = await fixture<TrialInvolvement>(html`<trial-involvement .trial=${trial}></trial-involvement>`);
    const button = toggle(el);
    button.focus();
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const event = (await oneEvent(el, 'trial-involvement-toggle')) as TrialInvolvementToggleEvent;
    expect(event.open).to.equal(true);
    expect(event.composed).to.equal(true);
    await el.updateComplete;
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(shadow(el, '#panel')!.hidden).to.equal(false);
    expect(shadow(el, '#panel')!.getAttribute('role')).to.equal('region');
    expect(shadow(el, '#panel')!.getAttribute('aria-labelledby')).to.equal('toggle trial-context');
    expect(shadow(el, '#trial-context')!.textContent).to.match(/^\(.*NCT\d{8}\)$/);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(shadow(el, '#panel')!.hidden).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('takes its heading level from heading-level, sub-headings below it, clamped to 2–6', async () => {
    const el = await opened(html`<trial-involvement heading-level="2" .trial=${makeTrial({ outcomes: outcomes(1, 'x') })}></trial-involvement>`);
    expect(shadow(el, 'h2 > button')).to.exist;
    expect(shadow(el, 'h3')!.textContent).to.contain('What is measured');
    expect(shadow(el, 'h4')!.textContent).to.contain('Primary outcomes');
    el.headingLevel = 9;
    await el.updateComplete;
    expect(shadow(el, 'h6 > button')).to.exist;
    el.headingLevel = 1;
    await el.updateComplete;
    expect(shadow(el, 'h2 > button')).to.exist;
  });

  it('marks record text as English when the UI is not, and translates its own words', async function () {
    const study = await sharedFixture('ctgov/NCT05819398.json');
    if (!study) return this.skip();
    const el = await opened(html`<trial-involvement lang="es" .study=${study}></trial-involvement>`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await el.updateComplete;
    expect(shadowText(el)).to.contain('Lo que implica participar');
    const measure = shadow(el, '.measure')!;
    expect(measure.getAttribute('lang')).to.equal('en');
    expect(shadow(el, '.group-name strong')!.getAttribute('lang')).to.equal('en');
    await expect(el).to.be.accessible();
    el.lang = 'en';
    await new Promise((resolve) => setTimeout(resolve, 100));
    await el.updateComplete;
    expect(shadow(el, '.measure')!.hasAttribute('lang')).to.equal(false);
    el.removeAttribute('lang');
  });

  it('shows the loading, not-found and error states of the shared base', async () => {
    const el = await fixture<TrialInvolvement>(html`<trial-involvement src="/does-not-exist.json"></trial-involvement>`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await el.updateComplete;
    expect(shadow(el, '[part~="state"]')).to.exist;
    await expect(el).to.be.accessible();
  });
});
