import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { clone, loadSeed, sharedFixture } from '../../../test/helpers/fixtures.ts';
import { trialFromCtgov } from '../../model/ctgov.ts';
import type { Trial } from '../../model/trial.ts';
import { JSON_LD_ATTRIBUTE, jsonLdText, trialJsonLd } from './structured-data.ts';
import './define.ts';
import type { TrialCard } from './trial-card.ts';

const BREAKOUT = '</script><script>window.__pwned=1</script><!--';

function scripts(): HTMLScriptElement[] {
  return [...document.querySelectorAll<HTMLScriptElement>(`script[${JSON_LD_ATTRIBUTE}]`)];
}

function jsonOf(script: HTMLScriptElement): Record<string, unknown> {
  return JSON.parse(script.textContent ?? '') as Record<string, unknown>;
}

/** The JSON-LD code loads with the first card that asks for it, so its script comes a moment later. */
async function jsonLdShown(trialId: string): Promise<void> {
  await waitUntil(() => scripts().some((script) => script.getAttribute(JSON_LD_ATTRIBUTE) === trialId), `no JSON-LD script for ${trialId}`);
}

async function readyCard(template: ReturnType<typeof html>): Promise<TrialCard> {
  const el = await fixture<TrialCard>(template);
  await waitUntil(() => el.currentTrial, 'card has no trial');
  await el.updateComplete;
  if (el.structuredData) await jsonLdShown(el.currentTrial!.id);
  return el;
}

describe('trial-card structured-data', () => {
  let seed: Record<string, unknown>;
  let trial: Trial;

  before(async () => {
    seed = await loadSeed();
    trial = trialFromCtgov(seed);
  });

  afterEach(() => {
    delete (window as { __pwned?: number }).__pwned;
  });

  it('adds nothing without the attribute', async () => {
    await readyCard(html`<trial-card .trial=${trial}></trial-card>`);
    expect(scripts()).to.have.length(0);
  });

  it('adds one MedicalTrial JSON-LD script to the head, and removes it with the card', async () => {
    const el = await readyCard(html`<trial-card structured-data .trial=${trial}></trial-card>`);
    const [script, ...rest] = scripts();
    expect(rest).to.have.length(0);
    expect(script!.parentNode).to.equal(document.head);
    expect(script!.type).to.equal('application/ld+json');
    const data = jsonOf(script!);
    expect(data['@context']).to.equal('https://schema.org');
    expect(data['@type']).to.equal('MedicalTrial');
    expect(data.name).to.equal(trial.title);
    expect(data.url).to.equal('https://clinicaltrials.gov/study/NCT06801119');
    expect(data.identifier).to.deep.equal({ '@type': 'PropertyValue', propertyID: 'NCT', value: 'NCT06801119' });
    expect(data.status).to.equal('https://schema.org/Recruiting');
    expect(data.phase).to.equal('Not Applicable');
    expect(data.healthCondition).to.deep.equal([{ '@type': 'MedicalCondition', name: 'Systemic Lupus Erythematosus' }]);
    expect(data.sponsor).to.deep.include({ '@type': 'Organization' });
    expect(String(data.description)).to.contain('investigator-initiated trial');
    expect(String(data.description)).not.to.match(/[*\\#]/);

    el.remove();
    expect(scripts()).to.have.length(0);
  });

  it('follows the attribute and the trial shown', async () => {
    const el = await readyCard(html`<trial-card .trial=${trial}></trial-card>`);
    el.structuredData = true;
    await el.updateComplete;
    await jsonLdShown(trial.id);
    expect(scripts()).to.have.length(1);
    el.structuredData = false;
    await el.updateComplete;
    expect(scripts()).to.have.length(0);

    el.setAttribute('structured-data', '');
    await el.updateComplete;
    expect(scripts()).to.have.length(1);
    el.removeAttribute('structured-data');
    await el.updateComplete;
    expect(scripts()).to.have.length(0);

    el.setAttribute('structured-data', '');
    await el.updateComplete;
    expect(scripts()).to.have.length(1);

    const other = { ...clone(trial), id: 'NCT00000001', title: 'Another trial' };
    el.trial = other;
    await waitUntil(() => el.currentTrial?.id === 'NCT00000001');
    await el.updateComplete;
    expect(scripts().map((s) => s.getAttribute(JSON_LD_ATTRIBUTE))).to.deep.equal(['NCT00000001']);
    expect(jsonOf(scripts()[0]!).name).to.equal('Another trial');
  });

  it('keeps one script per trial however many cards show it', async () => {
    // Built by hand: open-wc's fixture waits for an animation frame for plain elements.
    const wrapper = document.createElement('div');
    const [a, b] = [document.createElement('trial-card'), document.createElement('trial-card')];
    for (const card of [a, b]) {
      card.structuredData = true;
      card.trial = trial;
    }
    wrapper.append(a!, b!);
    document.body.append(wrapper);
    await waitUntil(() => a!.currentTrial && b!.currentTrial);
    await a!.updateComplete;
    await b!.updateComplete;
    await jsonLdShown(trial.id);
    expect(scripts()).to.have.length(1);
    a!.remove();
    expect(scripts()).to.have.length(1);
    wrapper.append(a!);
    await a!.updateComplete;
    expect(scripts()).to.have.length(1);
    a!.remove();
    b!.remove();
    expect(scripts()).to.have.length(0);
    wrapper.remove();
  });

  it('keeps a </script> in trial text inside the JSON', async () => {
    const hostile: Trial = {
      ...clone(trial),
      title: `Title ${BREAKOUT}`,
      summary: `Summary ${BREAKOUT} & more\u2028line`,
      conditions: [BREAKOUT],
      sponsor: '<img src=x onerror="window.__pwned=1">',
    };
    await readyCard(html`<trial-card structured-data .trial=${hostile}></trial-card>`);
    const [script] = scripts();
    const raw = script!.textContent ?? '';
    expect(raw).not.to.match(/[<>&\u2028\u2029]/);
    const data = jsonOf(script!);
    expect(data.name).to.equal(`Title ${BREAKOUT}`);
    expect(data.healthCondition).to.deep.equal([{ '@type': 'MedicalCondition', name: BREAKOUT }]);

    // Serialized and parsed again (a saved page, a crawler), the head still holds exactly it.
    const reparsed = new DOMParser().parseFromString(`<!doctype html><html>${document.head.outerHTML}</html>`, 'text/html');
    const again = reparsed.querySelectorAll(`script[${JSON_LD_ATTRIBUTE}]`);
    expect(again).to.have.length(1);
    expect(JSON.parse(again[0]!.textContent ?? '')).to.deep.equal(data);
    expect(reparsed.querySelectorAll('script:not([type="application/ld+json"])').length).to.equal(
      document.head.querySelectorAll('script:not([type="application/ld+json"])').length,
    );
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('describes an observational study as one, without a phase', () => {
    const observational: Trial = { ...clone(trial), studyType: 'OBSERVATIONAL', phases: [], status: 'UNKNOWN', lastKnownStatus: 'RECRUITING' };
    const data = trialJsonLd(observational);
    expect(data['@type']).to.equal('MedicalObservationalStudy');
    expect(data).not.to.have.property('phase');
    // An unverified status is not claimed.
    expect(data).not.to.have.property('status');
  });

  it('adds the trial design and studied interventions the record states, and no more', async function () {
    // The seed record says nothing about its design or interventions.
    const seedData = trialJsonLd(trial);
    expect(seedData).not.to.have.property('trialDesign');
    expect(seedData).not.to.have.property('studySubject');

    const study = await sharedFixture('ctgov/NCT05819398.json');
    if (!study) return this.skip();
    const data = trialJsonLd(trialFromCtgov(study));
    // Quadruple masking has no schema.org member: it is left out, not rounded down.
    expect(data.trialDesign).to.deep.equal(['https://schema.org/RandomizedTrial', 'https://schema.org/PlaceboControlledTrial']);
    expect(data.studySubject).to.deep.equal([
      { '@type': 'Drug', name: 'Spesolimab Formulation 1', alternateName: ['Spevigo®'] },
      { '@type': 'Drug', name: 'Spesolimab Formulation 2', alternateName: ['Spevigo®'] },
    ]);

    const observational = await sharedFixture('ctgov/NCT05584293.json');
    const device = await sharedFixture('ctgov/NCT06791122.json');
    if (!observational || !device) return this.skip();
    const cohort = trialJsonLd(trialFromCtgov(observational));
    expect(cohort['@type']).to.equal('MedicalObservationalStudy');
    expect(cohort.studyDesign).to.deep.equal(['https://schema.org/CohortStudy', 'https://schema.org/Registry']);
    expect(cohort).not.to.have.property('trialDesign');
    const open = trialJsonLd(trialFromCtgov(device));
    expect(open.trialDesign).to.deep.equal(['https://schema.org/OpenTrial']);
    expect(open.studySubject).to.deep.equal([{ '@type': 'MedicalDevice', name: 'Digital therapeutic (CT-155)' }]);
  });

  it('escapes every character that could end a script', () => {
    const text = jsonLdText({ a: '</script>', b: '<!--', c: 'a & b', d: '\u2028\u2029' });
    expect(text).to.equal('{"a":"\\u003c/script\\u003e","b":"\\u003c!--","c":"a \\u0026 b","d":"\\u2028\\u2029"}');
    expect(JSON.parse(text)).to.deep.equal({ a: '</script>', b: '<!--', c: 'a & b', d: '\u2028\u2029' });
  });
});
