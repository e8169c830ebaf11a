import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { placePickerToolbar, type PickerPlacementInput } from './toolbar-placement.ts';

/** Where the keyboard picker's toolbar goes, as geometry alone (the Chromium case: picker-placement.test.ts). */

const base = { toolbarHeight: 100, viewportHeight: 640, gap: 6 };

describe('placePickerToolbar', () => {
  it('goes above the sentence when the viewport has room there, without scrolling', () => {
    const placement = placePickerToolbar({ ...base, sentence: { top: 300, bottom: 340 }, block: { top: 250, bottom: 420 }, scrollTop: 0 });
    expect(placement).to.deep.equal({ side: 'above', top: 194, scroll: 0 });
  });

  it('scrolls up a little to make room above when the page can', () => {
    const placement = placePickerToolbar({ ...base, sentence: { top: 40, bottom: 80 }, block: { top: 40, bottom: 200 }, scrollTop: 500 });
    expect(placement).to.deep.equal({ side: 'above', top: -66, scroll: -66 });
  });

  it('goes below the whole block at the top of the page, where nothing is above', () => {
    const placement = placePickerToolbar({ ...base, sentence: { top: 40, bottom: 80 }, block: { top: 40, bottom: 200 }, scrollTop: 0 });
    expect(placement).to.deep.equal({ side: 'below-block', top: 206, scroll: 0 });
  });

  it('scrolls down to a sentence below the viewport and puts the toolbar above it', () => {
    const placement = placePickerToolbar({ ...base, sentence: { top: 700, bottom: 740 }, block: { top: 650, bottom: 800 }, scrollTop: 0 });
    expect(placement).to.deep.equal({ side: 'above', top: 594, scroll: 100 });
  });

  it('falls back to right below the sentence only when the block is taller than the screen', () => {
    const placement = placePickerToolbar({ ...base, sentence: { top: 20, bottom: 60 }, block: { top: 0, bottom: 2000 }, scrollTop: 0 });
    expect(placement).to.deep.equal({ side: 'below-sentence', top: 66, scroll: 0 });
  });

  it('whatever the page, the toolbar never overlaps the sentence, never covers the rest of the block unless it must, and ends in view when it fits', () => {
    const input = fc
      .record({
        top: fc.integer({ min: -2000, max: 2000 }),
        height: fc.integer({ min: 10, max: 300 }),
        before: fc.integer({ min: 0, max: 400 }),
        after: fc.integer({ min: 0, max: 1500 }),
        toolbarHeight: fc.integer({ min: 40, max: 300 }),
        viewportHeight: fc.integer({ min: 320, max: 1200 }),
        scrollTop: fc.integer({ min: 0, max: 5000 }),
      })
      .map(
        ({ top, height, before, after, toolbarHeight, viewportHeight, scrollTop }): PickerPlacementInput => ({
          sentence: { top, bottom: top + height },
          block: { top: top - before, bottom: top + height + after },
          toolbarHeight,
          viewportHeight,
          // Nothing is above the page's top: text at viewport y lies at page y + scrollTop ≥ 0.
          scrollTop: Math.max(scrollTop, -(top - before)),
          gap: 6,
        }),
      );
    fc.assert(
      fc.property(input, (input) => {
        const { side, top, scroll } = placePickerToolbar(input);
        const bottom = top + input.toolbarHeight;
        const { sentence, block, viewportHeight } = input;
        // Never over the sentence.
        expect(bottom <= sentence.top || top >= sentence.bottom).to.equal(true);
        // Over the rest of its block only as the last resort.
        if (side !== 'below-sentence') expect(bottom <= sentence.top || top >= block.bottom).to.equal(true);
        // Never scrolls above the top of the page.
        expect(scroll).to.be.at.least(-input.scrollTop);
        // After the scroll, toolbar and sentence are in view whenever they fit together.
        if (side !== 'below-sentence') {
          expect(Math.min(top, sentence.top) - scroll).to.be.at.least(0);
          expect(Math.max(bottom, sentence.bottom) - scroll).to.be.at.most(viewportHeight);
        }
      }),
    );
  });
});
