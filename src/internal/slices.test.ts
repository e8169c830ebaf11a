import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { firstIndex, sliceTimer } from './slices.ts';

describe('slices', () => {
  it('firstIndex is the lower bound a linear scan finds', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: -60, max: 60 }), (values, value) => {
        const sorted = [...values].sort((a, b) => a - b);
        const linear = sorted.findIndex((v) => v >= value);
        expect(firstIndex(sorted.length, (i) => sorted[i]! >= value)).to.equal(linear === -1 ? sorted.length : linear);
      }),
      { numRuns: 300 },
    );
    expect(firstIndex(0, () => true)).to.equal(0);
  });

  it('sliceTimer yields only once a slice is spent, and stops aborted work', async () => {
    const fresh = sliceTimer(10_000);
    expect(fresh.spent).to.be.false;
    const controller = new AbortController();
    const spent = sliceTimer(0, controller.signal);
    expect(spent.spent).to.be.true;
    await spent.pause();
    controller.abort();
    const stopped = sliceTimer(0, controller.signal);
    let error: unknown;
    await stopped.pause().catch((e: unknown) => (error = e));
    expect((error as DOMException).name).to.equal('AbortError');
  });
});
