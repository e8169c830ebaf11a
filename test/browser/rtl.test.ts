import { expect, waitUntil } from '@open-wc/testing';
import { loadSeed } from '../helpers/fixtures.ts';
import { activeLocale } from '../../src/internal/localize.ts';
import '../../src/elements/trial-card/define.ts';
import type { TrialCard } from '../../src/elements/trial-card/trial-card.ts';

/**
 * An Arabic host page: right-to-left, a language trialkit has no strings for (English UI). The
 * card's layout must mirror, which it does only if its CSS uses logical properties.
 */
const wrappers: HTMLElement[] = [];

/** Built by hand: open-wc's fixture waits for an animation frame for plain elements. */
async function cardIn(dir: 'rtl' | 'ltr'): Promise<TrialCard> {
  const wrapper = document.createElement('div');
  wrapper.dir = dir;
  wrapper.lang = dir === 'rtl' ? 'ar' : 'en';
  const el = document.createElement('trial-card');
  el.descriptionOpen = true;
  wrapper.append(el);
  document.body.append(wrapper);
  wrappers.push(wrapper);
  el.study = await loadSeed();
  await waitUntil(() => el.shadowRoot!.querySelector('article'), 'card did not render');
  return el;
}

function box(el: TrialCard, selector: string): DOMRect {
  const node = el.shadowRoot!.querySelector(selector);
  expect(node, selector).to.exist;
  return node!.getBoundingClientRect();
}

describe('right-to-left layout', () => {
  afterEach(() => {
    for (const wrapper of wrappers.splice(0)) wrapper.remove();
  });

  it('starts the badges, the facts and the attribution on the right', async () => {
    const el = await cardIn('rtl');
    expect(activeLocale()).to.equal('en');
    const article = box(el, 'article');
    const badges = box(el, '[part~="badges"]');
    const firstBadge = box(el, '[part~="badge"]');
    const lastBadge = [...el.shadowRoot!.querySelectorAll('[part~="badge"]')].at(-1)!.getBoundingClientRect();
    // The first badge hugs the right edge of the list; later ones follow it leftwards.
    expect(Math.abs(firstBadge.right - badges.right)).to.be.below(1);
    expect(lastBadge.right).to.be.below(firstBadge.left + 1);
    expect(firstBadge.left - article.left).to.be.above(article.right - firstBadge.right);

    // The first column of the facts list (the terms) is the right-hand one.
    const term = box(el, 'dt');
    const value = box(el, 'dd');
    expect(term.left).to.be.above(value.left);

    const title = el.shadowRoot!.querySelector('[part~="title"]')!;
    expect(getComputedStyle(title).textAlign).to.be.oneOf(['start', 'right']);
    expect(getComputedStyle(el).direction).to.equal('rtl');
    await expect(el).to.be.accessible();
  });

  it('mirrors the left-to-right layout exactly', async () => {
    const ltr = await cardIn('ltr');
    const ltrArticle = box(ltr, 'article');
    const ltrBadge = box(ltr, '[part~="badge"]');
    const rtl = await cardIn('rtl');
    const rtlArticle = box(rtl, 'article');
    const rtlBadge = box(rtl, '[part~="badge"]');
    const ltrInset = ltrBadge.left - ltrArticle.left;
    const rtlInset = rtlArticle.right - rtlBadge.right;
    expect(Math.abs(ltrInset - rtlInset)).to.be.below(1);
    expect(Math.abs(ltrBadge.width - rtlBadge.width)).to.be.below(1);
  });
});
