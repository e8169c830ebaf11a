import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

/**
 * WCAG 2.4.11 on the demo page: tabbing through test/pages/demo-like.html (demo/index.html with
 * the trials read from fixtures) at phone widths, no focused element may be hidden under
 * anything, in particular not under the notes launcher or panel. Each focused element is
 * probed at its centre and four corners (1px in, clipped to the viewport) with
 * `elementFromPoint`, followed through shadow roots; what is found there must be the focused
 * element itself, inside it, around it, or its label.
 *
 * Loads dist/trialkit.js: `npm run build` first.
 */

const PAGE = '/test/pages/demo-like.html';
/** More than the page has tab stops; the walk stops when focus comes back round. */
const MAX_STOPS = 400;

interface Page {
  frame: HTMLIFrameElement;
  win: Window & typeof globalThis;
  doc: Document;
}

async function openPage(width: number): Promise<Page> {
  const frame = document.createElement('iframe');
  frame.title = `demo page at ${width} px`;
  frame.width = String(width);
  frame.height = '640';
  frame.style.border = '0';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = PAGE;
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as Window & typeof globalThis;
  const doc = win.document;
  await waitUntil(() => win.customElements.get('trial-widget'), 'dist/trialkit.js did not load (npm run build first)', { timeout: 10000 });
  // Every section rendered: the widget's notes launcher and the second contact form's fields.
  await waitUntil(
    () => {
      const notes = doc.querySelector('trial-widget')?.shadowRoot?.querySelector('trial-notes');
      const form = doc.querySelector('trial-contact-form')?.shadowRoot?.querySelector('form');
      return notes?.shadowRoot?.querySelector('.toggle') && form;
    },
    'the demo page did not render',
    { timeout: 15000 },
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { frame, win, doc };
}

function deepActive(doc: Document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active === doc.body ? null : active;
}

function deepHit(doc: Document, x: number, y: number): Element | null {
  let hit = doc.elementFromPoint(x, y);
  while (hit?.shadowRoot) {
    const inner = hit.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === hit) break;
    hit = inner;
  }
  return hit;
}

/** Whether `inner` is `outer` or inside it, crossing shadow roots and slots. */
function composedContains(outer: Element, inner: Element): boolean {
  for (let node: Node | null = inner; node; ) {
    if (node === outer) return true;
    node = (node as Element).assignedSlot ?? (node instanceof ShadowRoot ? node.host : node.parentNode);
  }
  return false;
}

function describe_(element: Element): string {
  const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40) ?? '';
  const id = element.id ? `#${element.id}` : '';
  return `<${element.localName}${id}> “${name}”`;
}

/** The points of `focused` that something else covers, described; empty when none. */
function coveredPoints(page: Page, focused: Element): string[] {
  const rect = focused.getBoundingClientRect();
  if (rect.width === 0 && rect.height === 0) return [];
  const { innerWidth, innerHeight } = page.win;
  const clampX = (x: number) => Math.min(Math.max(x, 0), innerWidth - 1);
  const clampY = (y: number) => Math.min(Math.max(y, 0), innerHeight - 1);
  const left = clampX(rect.left + 1);
  const right = clampX(rect.right - 1);
  const top = clampY(rect.top + 1);
  const bottom = clampY(rect.bottom - 1);
  const points: [string, number, number][] = [
    ['centre', clampX((rect.left + rect.right) / 2), clampY((rect.top + rect.bottom) / 2)],
    ['top left', left, top],
    ['top right', right, top],
    ['bottom left', left, bottom],
    ['bottom right', right, bottom],
  ];
  const labels = 'labels' in focused ? [...((focused as HTMLInputElement).labels ?? [])] : [];
  const problems: string[] = [];
  if (rect.bottom <= 0 || rect.top >= innerHeight || rect.right <= 0 || rect.left >= innerWidth) {
    return [`${describe_(focused)} is off screen (top ${Math.round(rect.top)})`];
  }
  for (const [where, x, y] of points) {
    const hit = deepHit(page.doc, x, y);
    if (!hit) continue;
    const related = composedContains(focused, hit) || composedContains(hit, focused) || labels.some((label) => composedContains(label, hit));
    if (!related) problems.push(`${describe_(focused)} ${where} under ${describe_(hit)}`);
  }
  return problems;
}

async function tabThrough(page: Page): Promise<{ stops: number; problems: string[] }> {
  page.win.scrollTo(0, 0);
  (page.doc.activeElement as HTMLElement | null)?.blur();
  page.frame.focus();
  page.win.focus();
  const problems: string[] = [];
  const seen = new Set<Element>();
  let stops = 0;
  for (let i = 0; i < MAX_STOPS; i++) {
    await sendKeys({ press: 'Tab' });
    const focused = deepActive(page.doc);
    if (!focused) {
      if (stops > 0) break; // focus left the page: every stop was visited
      continue;
    }
    if (seen.has(focused)) break;
    seen.add(focused);
    stops++;
    problems.push(...coveredPoints(page, focused));
  }
  return { stops, problems };
}

function notesOf(page: Page): HTMLElement {
  return page.doc.querySelector('trial-widget')!.shadowRoot!.querySelector<HTMLElement>('trial-notes')!;
}

for (const width of [320, 375]) {
  describe(`the demo page at ${width} px`, () => {
    let page: Page | undefined;
    afterEach(() => page?.frame.remove());

    it('hides no focused element under anything, with the notes panel closed and open', async function () {
      this.timeout(60000);
      page = await openPage(width);
      const closed = await tabThrough(page);
      // The walk reached the widget, the notes launcher and the second contact form.
      expect(closed.stops).to.be.greaterThan(30);
      expect(closed.problems, closed.problems.join('\n')).to.deep.equal([]);

      const notes = notesOf(page);
      notes.shadowRoot!.querySelector<HTMLButtonElement>('.toggle')!.click();
      await (notes as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      expect(notes.shadowRoot!.querySelector('.panel')!.hasAttribute('hidden')).to.equal(false);
      const open = await tabThrough(page);
      expect(open.stops).to.be.greaterThan(closed.stops);
      expect(open.problems, open.problems.join('\n')).to.deep.equal([]);
    });
  });
}
