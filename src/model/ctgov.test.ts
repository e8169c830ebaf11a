import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { clone, loadSeed, sharedFixture } from '../../test/helpers/fixtures.ts';
import { largeDocUrl, parseAgeLimit, trialFromCtgov, TrialShapeError } from './ctgov.ts';
import { INVOLVEMENT_LIMITS, STATUSES, TrialSchema } from './trial.ts';

interface IndexEntry {
  nctId: string;
  file: string;
}

/** A minimal valid v2 record with the given modules merged in. */
function record(protocol: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    protocolSection: {
      identificationModule: { nctId: 'NCT01234567', briefTitle: 'A study' },
      ...protocol,
    },
  };
}

describe('ClinicalTrials.gov adapter', () => {
  it('maps the seed trial as its public page shows it', async () => {
    const trial = trialFromCtgov(await loadSeed());
    expect(trial.id).to.equal('NCT06801119');
    expect(trial.title).to.equal('Efficacy and Safety of HN2301 in Refractory Systemic Lupus Erythematosus (SLE)');
    expect(trial.status).to.equal('RECRUITING');
    expect(trial.ages).to.deep.equal({ min: { value: 18, unit: 'years' }, max: { value: 69, unit: 'years' } });
    expect(trial.sex).to.equal('ALL');
    expect(trial.phases).to.deep.equal(['NA']);
    expect(trial.conditions).to.deep.equal(['Systemic Lupus Erythematosus']);
    expect(trial.sponsor).to.equal('Shenzhen MagicRNA Biotechnology Co., Ltd');
    expect(trial.dates.lastUpdate).to.equal('2025-08-28');
    expect(trial.healthyVolunteers).to.equal(false);
    expect(trial.eligibilityText).to.match(/^Inclusion Criteria:/);
    expect(TrialSchema.safeParse(trial).success).to.equal(true);
  });

  it('maps every real record in the shared fixtures to a valid Trial', async function () {
    const index = await sharedFixture<IndexEntry[]>('ctgov/index.json');
    if (!index) this.skip();
    for (const entry of index!) {
      const json = await sharedFixture(`ctgov/${entry.file}`);
      const trial = trialFromCtgov(json);
      const check = TrialSchema.safeParse(trial);
      expect(check.success, `${entry.nctId}: ${check.error?.message}`).to.equal(true);
      expect(trial.id).to.equal(entry.nctId);
      expect(trial.title.length).to.be.greaterThan(0);
      // Every arm and intervention the record lists survives, and nothing is invented.
      const raw = (json as { protocolSection: Record<string, { armGroups?: unknown[]; interventions?: unknown[]; primaryOutcomes?: unknown[] }> })
        .protocolSection;
      expect(trial.arms?.length ?? 0, entry.nctId).to.equal(raw.armsInterventionsModule?.armGroups?.length ?? 0);
      expect(trial.interventions?.length ?? 0, entry.nctId).to.equal(raw.armsInterventionsModule?.interventions?.length ?? 0);
      expect(trial.outcomes?.primary.length ?? 0, entry.nctId).to.equal(raw.outcomesModule?.primaryOutcomes?.length ?? 0);
    }
  });

  it('reads arms, interventions, design, outcomes and data sharing of the 25-site trial', async function () {
    const json = await sharedFixture('ctgov/NCT05819398.json');
    if (!json) this.skip();
    const trial = trialFromCtgov(json);
    expect(trial.arms!.map((arm) => [arm.label, arm.type])).to.deep.equal([
      ['Part I: Low dose group', 'EXPERIMENTAL'],
      ['Part I: Medium dose group', 'EXPERIMENTAL'],
      ['Part I: High dose group', 'EXPERIMENTAL'],
      ['Part I: Placebo group', 'PLACEBO_COMPARATOR'],
      ['Part II: Active (treatment) group', 'EXPERIMENTAL'],
      ['Part II: Placebo group', 'PLACEBO_COMPARATOR'],
    ]);
    expect(trial.arms![3]!.interventionNames).to.deep.equal([
      'Drug: Placebo matching Spesolimab Formulation 1',
      'Drug: Placebo matching Spesolimab Formulation 2',
    ]);
    expect(trial.interventions![0]).to.deep.equal({
      name: 'Spesolimab Formulation 1',
      type: 'DRUG',
      description: 'Spesolimab Formulation 1',
      armGroupLabels: ['Part I: High dose group', 'Part I: Low dose group', 'Part I: Medium dose group'],
      otherNames: ['Spevigo®'],
    });
    expect(trial.design).to.deep.equal({
      allocation: 'RANDOMIZED',
      interventionModel: 'PARALLEL',
      masking: 'QUADRUPLE',
      whoMasked: ['PARTICIPANT', 'CARE_PROVIDER', 'INVESTIGATOR', 'OUTCOMES_ASSESSOR'],
      primaryPurpose: 'TREATMENT',
      enrollment: { count: 200, type: 'ESTIMATED' },
    });
    expect(trial.outcomes!.primary).to.deep.equal([
      { measure: 'Part 1: Percent change from baseline in Draining fistula/tunnel (dT) count at Week 8', timeFrame: 'At baseline and at week 8' },
    ]);
    expect(trial.outcomes!.secondary).to.have.length(4);
    expect(trial.outcomes!.other).to.deep.equal([]);
    expect(trial.ipdSharing).to.deep.include({ sharing: 'YES', infoTypes: ['STUDY_PROTOCOL', 'SAP', 'CSR'], url: 'https://www.mystudywindow.com/msw/datasharing' });
    expect(trial.links).to.deep.equal([{ label: 'Related Info', url: 'https://www.mystudywindow.com' }]);
    expect(trial.documents).to.equal(undefined);
  });

  it('reads an observational design: model, time perspective, registry and follow-up', async function () {
    const json = await sharedFixture('ctgov/NCT05584293.json');
    if (!json) this.skip();
    const trial = trialFromCtgov(json);
    expect(trial.arms).to.equal(undefined);
    expect(trial.design).to.deep.equal({
      whoMasked: [],
      observationalModel: 'COHORT',
      timePerspective: 'OTHER',
      patientRegistry: true,
      targetDuration: '30 Years',
      enrollment: { count: 1500, type: 'ESTIMATED' },
    });
    expect(trial.outcomes!.primary[0]!.timeFrame).to.equal('0-30 years');
  });

  it('leaves the involvement fields out of a record without those modules (the seed trial)', async () => {
    const trial = trialFromCtgov(await loadSeed());
    for (const key of ['arms', 'interventions', 'design', 'outcomes', 'ipdSharing', 'documents', 'links']) {
      expect(trial, key).not.to.have.property(key);
    }
  });

  it('links large documents on the ClinicalTrials.gov file server, and only plain file names', () => {
    const trial = trialFromCtgov({
      ...record(),
      documentSection: {
        largeDocumentModule: {
          largeDocs: [
            { typeAbbrev: 'Prot_SAP', hasProtocol: true, hasSap: true, hasIcf: false, label: 'Study Protocol and Statistical Analysis Plan', date: '2021-03-05', filename: 'Prot_SAP_000.pdf' },
            { typeAbbrev: 'ICF', date: 'soon', filename: 'ICF_001.pdf' },
            { typeAbbrev: 'Prot', filename: '../../evil.pdf' },
            { typeAbbrev: 'Prot', filename: 'https://evil.example/x.pdf' },
            'not a document',
          ],
        },
      },
    });
    expect(trial.documents).to.deep.equal([
      { hasProtocol: true, hasSap: true, hasIcf: false, date: '2021-03-05', url: 'https://cdn.clinicaltrials.gov/large-docs/67/NCT01234567/Prot_SAP_000.pdf' },
      { hasProtocol: false, hasSap: false, hasIcf: true, url: 'https://cdn.clinicaltrials.gov/large-docs/67/NCT01234567/ICF_001.pdf' },
    ]);
    expect(largeDocUrl('NCT05819398', 'Prot_000.pdf')).to.equal('https://cdn.clinicaltrials.gov/large-docs/98/NCT05819398/Prot_000.pdf');
    expect(largeDocUrl('not-an-id', 'Prot_000.pdf')).to.equal(undefined);
    expect(TrialSchema.safeParse(trial).success).to.equal(true);
  });

  it('drops malformed arms, interventions and outcomes one by one and caps long lists', () => {
    const trial = trialFromCtgov(
      record({
        armsInterventionsModule: {
          armGroups: [{ label: 'Good', type: 'NEW_KIND', interventionNames: ['Drug: A', 7, '  '] }, { label: 42 }, { label: '   ' }, null],
          interventions: [{ name: 'A', type: 'DRUG', armGroupLabels: 'Good' }, { type: 'DRUG' }],
        },
        outcomesModule: {
          primaryOutcomes: [{ measure: 'Kept', timeFrame: ' 6 weeks ' }, { measure: '' }, { measure: ['x'] }],
          secondaryOutcomes: Array.from({ length: INVOLVEMENT_LIMITS.outcomes + 50 }, (_, i) => ({ measure: `M${i}` })),
        },
        designModule: { designInfo: { allocation: 'SOMETIMES', maskingInfo: { masking: 'DOUBLE', whoMasked: ['PARTICIPANT', 'PARTICIPANT', 'CAT'] } }, enrollmentInfo: { count: -3 } },
        ipdSharingStatementModule: { ipdSharing: 'MAYBE' },
        referencesModule: { seeAlsoLinks: [{ label: 'Bad', url: 'javascript:alert(1)' }, { url: 'https://example.org/info' }] },
      }),
    );
    expect(trial.arms).to.deep.equal([{ label: 'Good', interventionNames: ['Drug: A'] }]);
    expect(trial.interventions).to.deep.equal([{ name: 'A', type: 'DRUG', armGroupLabels: [], otherNames: [] }]);
    expect(trial.outcomes!.primary).to.deep.equal([{ measure: 'Kept', timeFrame: '6 weeks' }]);
    expect(trial.outcomes!.secondary).to.have.length(INVOLVEMENT_LIMITS.outcomes);
    expect(trial.design).to.deep.equal({ masking: 'DOUBLE', whoMasked: ['PARTICIPANT'] });
    expect(trial.ipdSharing).to.equal(undefined);
    expect(trial.links).to.deep.equal([{ url: 'https://example.org/info' }]);
    expect(TrialSchema.safeParse(trial).success).to.equal(true);
  });

  it('never throws on junk in the involvement modules and always yields a valid Trial', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), fc.anything(), (arms, outcomes, design, docs) => {
        const input = {
          ...record({ armsInterventionsModule: arms, outcomesModule: outcomes, designModule: { designInfo: design }, ipdSharingStatementModule: docs }),
          documentSection: { largeDocumentModule: { largeDocs: docs } },
        };
        try {
          const trial = trialFromCtgov(input);
          expect(TrialSchema.safeParse(trial).success).to.equal(true);
        } catch (error) {
          expect(error).to.be.instanceOf(TrialShapeError);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps combined phases, multi-site geo points and an absent maximum age', async function () {
    const json = await sharedFixture('ctgov/NCT05819398.json');
    if (!json) this.skip();
    const trial = trialFromCtgov(json);
    expect(trial.phases).to.deep.equal(['PHASE2', 'PHASE3']);
    expect(trial.ages.max).to.equal(undefined);
    expect(trial.ages.min).to.deep.equal({ value: 18, unit: 'years' });
    expect(trial.sites).to.have.length(25);
    expect(trial.sites.every((site) => site.status === 'RECRUITING')).to.equal(true);
    // Some real sites have no geo point; the adapter must not invent one.
    expect(trial.sites.filter((site) => site.geo).length).to.be.within(1, 24);
    expect(trial.centralContacts.length).to.be.greaterThan(0);
  });

  it('reads an observational study without phases and a closed study without contacts', async function () {
    const observational = await sharedFixture('ctgov/NCT05584293.json');
    const closed = await sharedFixture('ctgov/NCT00939406.json');
    if (!observational || !closed) this.skip();
    expect(trialFromCtgov(observational).phases).to.deep.equal([]);
    expect(trialFromCtgov(observational).studyType).to.equal('OBSERVATIONAL');
    const done = trialFromCtgov(closed);
    expect(done.status).to.equal('COMPLETED');
    expect(done.centralContacts).to.deep.equal([]);
    expect(done.dates.start).to.equal('2009-11');
  });

  it('parses age values and units without assuming years', () => {
    expect(parseAgeLimit('8 Months')).to.deep.equal({ value: 8, unit: 'months' });
    expect(parseAgeLimit('1 Year')).to.deep.equal({ value: 1, unit: 'years' });
    expect(parseAgeLimit('18 Minutes')).to.deep.equal({ value: 18, unit: 'minutes' });
    expect(parseAgeLimit('6 Weeks')).to.deep.equal({ value: 6, unit: 'weeks' });
    expect(parseAgeLimit('30 Days')).to.deep.equal({ value: 30, unit: 'days' });
    expect(parseAgeLimit('12 Hours')).to.deep.equal({ value: 12, unit: 'hours' });
    expect(parseAgeLimit('N/A')).to.equal(undefined);
    expect(parseAgeLimit('')).to.equal(undefined);
    expect(parseAgeLimit('5 Fortnights')).to.equal(undefined);
  });

  it('knows all 14 statuses and shows the last known one for UNKNOWN', () => {
    expect(STATUSES).to.have.length(14);
    for (const status of STATUSES) {
      expect(trialFromCtgov(record({ statusModule: { overallStatus: status } })).status).to.equal(status);
    }
    const unknown = trialFromCtgov(record({ statusModule: { overallStatus: 'UNKNOWN', lastKnownStatus: 'RECRUITING' } }));
    expect(unknown.lastKnownStatus).to.equal('RECRUITING');
    const strange = trialFromCtgov(record({ statusModule: { overallStatus: 'SOMETHING_NEW' } }));
    expect(strange.status).to.equal('UNKNOWN');
  });

  it('keeps partial dates and drops malformed ones', () => {
    const trial = trialFromCtgov(
      record({
        statusModule: {
          startDateStruct: { date: '2021' },
          studyFirstPostDateStruct: { date: '2021-03' },
          lastUpdatePostDateStruct: { date: 'last spring' },
        },
      }),
    );
    expect(trial.dates).to.deep.equal({ start: '2021', firstPosted: '2021-03' });
  });

  it('keeps markdown escapes in rich text for the renderer to resolve', async () => {
    const trial = trialFromCtgov(await loadSeed());
    expect(trial.eligibilityText).to.contain('\\<2.0mg/dL');
  });

  it('reports a wrong type with its path instead of throwing something vague', async () => {
    const broken = clone(await loadSeed()) as { protocolSection: { identificationModule: { briefTitle: unknown } } };
    broken.protocolSection.identificationModule.briefTitle = 42;
    expect(() => trialFromCtgov(broken)).to.throw(TrialShapeError, /identificationModule\.briefTitle/);
    expect(() => trialFromCtgov({ protocolSection: {} })).to.throw(TrialShapeError, /identificationModule/);
    expect(() => trialFromCtgov(null)).to.throw(TrialShapeError);
  });

  it('tolerates records with missing modules', () => {
    const trial = trialFromCtgov(record());
    expect(trial).to.deep.include({ id: 'NCT01234567', title: 'A study', status: 'UNKNOWN', phases: [], sites: [] });
    expect(TrialSchema.safeParse(trial).success).to.equal(true);
  });

  it('never throws anything but TrialShapeError and always yields a valid Trial', () => {
    fc.assert(
      fc.property(fc.anything(), fc.string(), (junk, title) => {
        const input = record({ statusModule: junk, identificationModule: { nctId: 'NCT01234567', briefTitle: title } });
        try {
          const trial = trialFromCtgov(input);
          expect(TrialSchema.safeParse(trial).success).to.equal(true);
        } catch (error) {
          expect(error).to.be.instanceOf(TrialShapeError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
