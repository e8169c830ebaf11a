import { expect, fixture, html } from '@open-wc/testing';
import { clearTrialCache } from '../../data/trial-source.ts';
import { loadSeed } from '../../../test/helpers/fixtures.ts';
import './define.ts';
import type { TrialCard } from './trial-card.ts';

function text(el: HTMLElement): string {
  return (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');
}

describe('trial-card', () => {
  let seed: Record<string, unknown>;
  before(async () => (seed = await loadSeed()));
  beforeEach(() => clearTrialCache());

  it('shows what the seed page shows', async () => {
    const el = await fixture<TrialCard>(html`<trial-card .study=${seed}></trial-card>`);
    const t = text(el);
    expect(t).to.contain('Recruiting');
    expect(t).to.contain('Ages 18–69 years');
    expect(t).to.contain('Sex: All');
    expect(t).to.contain('Phase not applicable');
    expect(t).to.contain('Systemic Lupus Erythematosus');
    const link = el.shadowRoot!.querySelector('a[href="https://clinicaltrials.gov/study/NCT06801119"]');
    expect(link).to.exist;
    await expect(el).to.be.accessible();
  });
});
