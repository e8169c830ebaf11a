import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { numberLabel } from './trial-labels.ts';

describe('numberLabel', () => {
  it('writes every number as Intl.NumberFormat does, in any locale, whether or not it takes the short way', () => {
    const locales = ['en', 'en-US', 'en-GB', 'en-IN', 'es', 'es-MX', 'es-ES', 'zh-Hans', 'zh-CN', 'zh-Hant-TW', 'en-u-nu-arab', 'es-MX-u-nu-deva', 'ar-EG', 'hi-IN', 'fa', 'th-TH-u-nu-thai'];
    fc.assert(
      fc.property(
        fc.constantFrom(...locales),
        fc.oneof(fc.integer({ min: 0, max: 999 }), fc.integer({ min: -5000, max: 5_000_000 }), fc.double({ min: 0, max: 200, noNaN: true })),
        (locale, value) => {
          expect(numberLabel(value, locale)).to.equal(new Intl.NumberFormat(locale).format(value));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
