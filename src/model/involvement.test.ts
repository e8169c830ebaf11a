import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { makeTrial } from '../../test/helpers/trials.ts';
import { sharedFixture } from '../../test/helpers/fixtures.ts';
import { trialFromCtgov } from './ctgov.ts';
import { hasInvolvement, involvementFacts, labelIndex, parseInterventionName } from './involvement.ts';
import type { Arm, Intervention } from './trial.ts';

const arm = (label: string, extra: Partial<Arm> = {}): Arm => ({ label, interventionNames: [], ...extra });
const intervention = (name: string, extra: Partial<Intervention> = {}): Intervention => ({ name, armGroupLabels: [], otherNames: [], ...extra });

describe('involvement facts', () => {
  it('reads "Type: Name" links, and text without a known type as a name', () => {
    expect(parseInterventionName('Drug: Placebo')).to.deep.equal({ name: 'Placebo', type: 'DRUG' });
    expect(parseInterventionName('Dietary Supplement:  Vitamin   D')).to.deep.equal({ name: 'Vitamin D', type: 'DIETARY_SUPPLEMENT' });
    expect(parseInterventionName('Ratio: 2:1 dosing')).to.deep.equal({ name: 'Ratio: 2:1 dosing' });
    expect(parseInterventionName('Plain name')).to.deep.equal({ name: 'Plain name' });
  });

  it('matches labels exactly first, then case-blind only when unambiguous', () => {
    const items = ['Placebo', 'PLACEBO', 'Active arm', 'Twice', 'Twice'];
    const find = labelIndex(items.map((label, i) => ({ label, i })), (item) => item.label);
    expect(find('Placebo').map((x) => x.i)).to.deep.equal([0]);
    expect(find('PLACEBO').map((x) => x.i)).to.deep.equal([1]);
    expect(find('placebo')).to.deep.equal([]);
    expect(find('active  ARM ').map((x) => x.i)).to.deep.equal([2]);
    expect(find('twice').map((x) => x.i)).to.deep.equal([3, 4]);
    expect(find('Nowhere')).to.deep.equal([]);
  });

  it('merges both directions of the links without duplicates', () => {
    const facts = involvementFacts(
      makeTrial({
        arms: [arm('A', { interventionNames: ['Drug: X', 'Device: Gadget'] }), arm('B')],
        interventions: [intervention('X', { type: 'DRUG', armGroupLabels: ['A', 'b'] }), intervention('Y', { type: 'DRUG' })],
      }),
    );
    expect(facts.groups.map((g) => g.interventions.map((i) => [i.name, Boolean(i.intervention)]))).to.deep.equal([
      [
        ['X', true],
        ['Gadget', false],
      ],
      [['X', true]],
    ]);
    expect(facts.unlinked.map((i) => i.name)).to.deep.equal(['Y']);
  });

  it('states random assignment and placebo only as the record does', () => {
    expect(involvementFacts(makeTrial()).randomized).to.equal(undefined);
    expect(involvementFacts(makeTrial({ design: { allocation: 'NA', whoMasked: [] } })).randomized).to.equal(undefined);
    expect(involvementFacts(makeTrial({ design: { allocation: 'RANDOMIZED', whoMasked: [] } })).randomized).to.equal(true);
    const named = involvementFacts(makeTrial({ arms: [arm('Control', { type: 'OTHER', interventionNames: ['Drug: Matching placebo'] })] }));
    expect([named.placeboGroups, named.placeboNamed]).to.deep.equal([0, true]);
    // "Placebo" in an arm label alone is not a statement that the arm receives one.
    const label = involvementFacts(makeTrial({ arms: [arm('Placebo-free arm', { type: 'EXPERIMENTAL' })] }));
    expect([label.placeboGroups, label.placeboNamed]).to.deep.equal([0, false]);
    expect(involvementFacts(makeTrial({ arms: [arm('S', { type: 'SHAM_COMPARATOR' })] })).shamGroups).to.equal(1);
  });

  it('finds the placebo arms of the 25-site trial and links every intervention', async function () {
    const json = await sharedFixture('ctgov/NCT05819398.json');
    if (!json) return this.skip();
    const facts = involvementFacts(trialFromCtgov(json));
    expect(facts.randomized).to.equal(true);
    expect(facts.placeboGroups).to.equal(2);
    expect(facts.unlinked).to.deep.equal([]);
    expect(facts.groups.map((g) => g.interventions.length)).to.deep.equal([2, 2, 2, 2, 1, 1]);
    expect(facts.groups.every((g) => g.interventions.every((i) => i.intervention))).to.equal(true);
  });

  it('keeps every arm and every intervention, whatever the labels', () => {
    const label = fc.constantFrom('A', 'a', ' A ', 'B', 'b', 'Placebo', 'PLACEBO', 'placebo', 'Drug: A', '');
    fc.assert(
      fc.property(
        fc.array(fc.record({ label: label.filter(Boolean), names: fc.array(label, { maxLength: 4 }) }), { maxLength: 6 }),
        fc.array(fc.record({ name: label.filter(Boolean), labels: fc.array(label, { maxLength: 4 }) }), { maxLength: 6 }),
        (arms, interventions) => {
          const trial = makeTrial({
            arms: arms.map((a) => arm(a.label, { interventionNames: a.names })),
            interventions: interventions.map((i) => intervention(i.name, { armGroupLabels: i.labels })),
          });
          const facts = involvementFacts(trial);
          expect(facts.groups.map((g) => g.arm)).to.deep.equal(trial.arms);
          const shown = new Set([...facts.unlinked, ...facts.groups.flatMap((g) => g.interventions.flatMap((i) => i.intervention ?? []))]);
          for (const item of trial.interventions!) expect(shown.has(item)).to.equal(true);
          for (const item of facts.unlinked) expect(facts.groups.some((g) => g.interventions.some((i) => i.intervention === item))).to.equal(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('knows when there is nothing to show', () => {
    expect(hasInvolvement(makeTrial())).to.equal(false);
    expect(hasInvolvement(makeTrial({ outcomes: { primary: [], secondary: [], other: [] } }))).to.equal(false);
    expect(hasInvolvement(makeTrial({ outcomes: { primary: [], secondary: [{ measure: 'x' }], other: [] } }))).to.equal(true);
  });
});
