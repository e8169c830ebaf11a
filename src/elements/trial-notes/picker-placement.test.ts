import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import './define.ts';
import type { TrialNotes } from './trial-notes.ts';

/**
 * The keyboard picker's toolbar on a 320 px phone, measured in Chromium: stepping through every
 * sentence of an article, the toolbar never covers the chosen sentence nor the lines after it
 * in its paragraph, and it stays inside the viewport. It goes above the sentence where the page
 * has room, else below the paragraph (src/notes/toolbar-placement.ts).
 */

const PARAGRAPHS = [
  'Participants take the study medicine once a day, with breakfast or with the evening meal. The main phase lasts twelve weeks and includes six visits to the research unit. Each visit takes about two hours, most of it spent waiting between blood samples. Travel costs are paid back on the day of each visit.',
  'Blood samples are taken at each visit to measure kidney function and the protein in the urine. A nurse explains each test before it is done. Results are shared with your own doctor if you agree.',
  'You may stop taking part at any time, without giving a reason. Your usual care does not change if you stop. The study team will ask whether they may keep the samples already taken.',
  'After the main phase, everyone can take the study medicine for another year. During that year there are four more visits. Questions are welcome at any time: call the research office on weekdays.',
];

let keys = 0;

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

function overlaps(a: Box, b: Box): boolean {
  const slack = 0.5;
  return a.left < b.right - slack && b.left < a.right - slack && a.top < b.bottom - slack && b.top < a.bottom - slack;
}

/** The ranges the picker has chosen: its draft highlight, painted as the active one. */
function chosenRanges(): Range[] {
  const [, highlight] = [...CSS.highlights].find(([name]) => name.endsWith('-active')) ?? [];
  return highlight ? ([...highlight] as Range[]) : [];
}

/** The lines of the chosen text's block after it. */
function linesAfter(chosen: Range[]): DOMRect[] {
  const last = chosen[chosen.length - 1]!;
  const block = (last.endContainer instanceof Element ? last.endContainer : last.endContainer.parentElement)!.closest('p, h2')!;
  const after = new Range();
  after.setStart(last.endContainer, last.endOffset);
  after.setEndAfter(block.lastChild!);
  return [...after.getClientRects()].filter((rect) => rect.width > 0 && rect.height > 0);
}

describe('the keyboard picker’s toolbar on a phone', () => {
  const matchMedia = window.matchMedia;
  before(async () => {
    await executeServerCommand('bring-to-front');
    await setViewport({ width: 320, height: 640 });
    // A reader who prefers reduced motion: each step scrolls at once and can be measured where
    // it ends. (Said through matchMedia, which the picker reads: Chromium's emulated media
    // leaves getComputedStyle a frame behind inside the element.)
    window.matchMedia = (query: string) => (query.includes('prefers-reduced-motion') ? ({ matches: query.includes('reduce'), media: query } as MediaQueryList) : matchMedia.call(window, query));
  });
  after(async () => {
    window.matchMedia = matchMedia;
    await setViewport({ width: 800, height: 600 });
  });

  it('covers neither the chosen sentence nor the lines after it, and stays in view, through the whole article', async () => {
    const el = await fixture<TrialNotes>(
      html`<trial-notes storage-key=${`test:placement:${Date.now()}:${++keys}`}>
        <article>
          <h2>What taking part involves</h2>
          ${PARAGRAPHS.map((text) => html`<p>${text}</p>`)}
        </article>
      </trial-notes>`,
    );
    window.scrollTo(0, 0);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="pick-button"]')!.click();
    const picker = () => el.shadowRoot!.querySelector<HTMLElement>('.picker');
    await waitUntil(() => picker(), 'the picker did not start', { timeout: 5000 });
    const sides = new Set<string>();
    const problems: string[] = [];
    const sentences = 1 + PARAGRAPHS.reduce((sum, text) => sum + text.split('. ').length, 0);
    for (let step = 0; step < sentences; step++) {
      // Placed and scrolled in the update itself (no smooth scroll), so measurable at once.
      await el.updateComplete;
      const toolbar = picker()!.getBoundingClientRect();
      const chosen = chosenRanges();
      const text = chosen.map((range) => range.toString()).join('');
      expect(text, `step ${step}: nothing chosen`).to.not.equal('');
      const sentenceRects = chosen.flatMap((range) => [...range.getClientRects()]).filter((rect) => rect.width > 0);
      if (toolbar.top < 0 || toolbar.bottom > window.innerHeight || toolbar.left < 0 || toolbar.right > window.innerWidth) {
        problems.push(`step ${step} (“${text.slice(0, 30)}”): toolbar at ${Math.round(toolbar.top)}–${Math.round(toolbar.bottom)} × ${Math.round(toolbar.left)}–${Math.round(toolbar.right)} in a ${window.innerWidth}×${window.innerHeight} viewport`);
      }
      if (sentenceRects.some((rect) => overlaps(toolbar, rect))) problems.push(`step ${step} (“${text.slice(0, 30)}”): the toolbar covers the chosen text`);
      if (linesAfter(chosen).some((rect) => overlaps(toolbar, rect))) problems.push(`step ${step} (“${text.slice(0, 30)}”): the toolbar covers the lines after it`);
      const top = Math.min(...sentenceRects.map((rect) => rect.top));
      sides.add(toolbar.bottom <= top ? 'above' : 'below');
      [...picker()!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Next')!.click();
    }
    expect(problems).to.deep.equal([]);
    // Both ways were needed: below at the top of the page, above further down.
    expect([...sides].sort()).to.deep.equal(['above', 'below']);
    await expect(el).to.be.accessible();
  });
});
