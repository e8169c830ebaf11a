import type { Trial } from '../../src/model/trial.ts';

/** The smallest valid Trial, recruiting, with whatever a test needs on top. */
export function makeTrial(overrides: Partial<Trial> = {}): Trial {
  return {
    id: 'NCT01234567',
    title: 'A trial',
    status: 'RECRUITING',
    phases: [],
    ages: {},
    stdAges: [],
    conditions: [],
    keywords: [],
    collaborators: [],
    dates: {},
    centralContacts: [],
    officials: [],
    sites: [],
    ...overrides,
  };
}
