import { expect } from '@open-wc/testing';
import { clone, loadSeed } from '../../test/helpers/fixtures.ts';
import { TrialLoadError, trialFromJson } from './trial-source.ts';

describe('trialFromJson', () => {
  it('reads one record object once however many elements are given it, and takes its own Trial back as it is', async () => {
    const record = await loadSeed();
    const trial = trialFromJson(record);
    expect(trialFromJson(record)).to.equal(trial);
    expect(trialFromJson(trial)).to.equal(trial);
    // A copy is a new object, read afresh, to the same result.
    const again = trialFromJson(clone(record));
    expect(again).to.not.equal(trial);
    expect(again).to.deep.equal(trial);
  });

  it('still refuses a malformed record every time, with a sentence naming the problem', async () => {
    const record = clone(await loadSeed()) as { protocolSection: { identificationModule: { nctId: unknown } } };
    record.protocolSection.identificationModule.nctId = 42;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      let error: unknown;
      try {
        trialFromJson(record);
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(TrialLoadError);
      expect((error as TrialLoadError).kind).to.equal('shape');
      expect((error as TrialLoadError).message).to.contain('protocolSection.identificationModule.nctId');
    }
  });
});
