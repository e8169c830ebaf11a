import { expect, waitUntil } from '@open-wc/testing';

/**
 * The built `dist/trialkit.js` on a page served with
 * `default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'`
 * (test/csp/index.html, served by the strict-csp-pages plugin of web-test-runner.config.mjs).
 * The page records every `securitypolicyviolation` from before the bundle loads; each step
 * drives one element the way a reader would, and no step may cause a single violation.
 *
 * To cover a new element, add a step to STEPS. A step whose element the autoloader does not
 * load fails: list it in src/loader.ts.
 */

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
}

interface CspWindow extends Window {
  trialkitCspViolations: Violation[];
  customElements: CustomElementRegistry;
  fetch: typeof fetch;
  Event: typeof Event;
  MouseEvent: typeof MouseEvent;
  Response: typeof Response;
}

interface CspPage {
  frame: HTMLIFrameElement;
  win: CspWindow;
  doc: Document;
  main: HTMLElement;
}

interface Step {
  tag: string;
  does: string;
  run(page: CspPage): Promise<void>;
}

const PAGE = '/test/csp/index.html';
const SEED = '/test/fixtures/NCT06801119.json';

async function openPage(path = PAGE): Promise<CspPage> {
  const frame = document.createElement('iframe');
  frame.title = 'strict CSP page';
  frame.width = '1000';
  frame.height = '800';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = path;
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as CspWindow;
  const loaderKey = Symbol.for('trialkit.loader');
  await waitUntil(() => (win as unknown as Record<symbol, unknown>)[loaderKey], 'dist/trialkit.js did not load in the CSP page (npm run build first)', {
    timeout: 10000,
  });
  return { frame, win, doc: win.document, main: win.document.getElementById('page')! };
}

/** Creates an element in the CSP page (so its own realm upgrades it) inside <main>. */
function add<T extends HTMLElement>(page: CspPage, tag: string, attributes: Record<string, string> = {}): T {
  const el = page.doc.createElement(tag) as T;
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  page.main.append(el);
  return el;
}

function inShadow<T extends Element>(host: Element, selector: string): T | null {
  return host.shadowRoot?.querySelector<T>(selector) ?? null;
}

async function settled(host: Element, selector: string, what: string): Promise<void> {
  await waitUntil(() => inShadow(host, selector), `${what}: ${selector} never rendered`, { timeout: 10000 });
  await (host as unknown as { updateComplete?: Promise<unknown> }).updateComplete;
}

/**
 * Time for rendering and any late style or script work to happen. A timer, not an animation
 * frame: a test page in the background may not get frames.
 */
function nextFrame(page: CspPage): Promise<void> {
  return new Promise((resolve) => page.win.setTimeout(resolve, 50));
}

const STEPS: Step[] = [
  {
    tag: 'trial-card',
    does: 'loads a trial from src, switches language, expands and collapses, adds structured data',
    async run(page) {
      const card = add(page, 'trial-card', { src: SEED, 'structured-data': '' });
      await settled(card, 'article', 'trial-card');
      card.setAttribute('lang', 'es');
      await waitUntil(() => card.shadowRoot!.textContent!.includes('Reclutando'), 'no Spanish under CSP');
      card.removeAttribute('lang');
      const toggle = inShadow<HTMLButtonElement>(card, '[part~="toggle"]');
      toggle?.click();
      await nextFrame(page);
      toggle?.click();
      // The JSON-LD code is its own chunk, loaded for the first card that asks for it.
      await waitUntil(() => page.doc.head.querySelectorAll('script[type="application/ld+json"]').length === 1, 'no structured data under CSP');
      const style = page.win.getComputedStyle(inShadow(card, 'article')!);
      expect(style.borderTopStyle, 'adopted styles apply under style-src').to.equal('solid');
      card.remove();
      expect(page.doc.head.querySelectorAll('script[type="application/ld+json"]')).to.have.length(0);
    },
  },
  {
    tag: 'trial-eligibility',
    does: 'loads the criteria, expands all panels and opens one by click',
    async run(page) {
      const el = add(page, 'trial-eligibility', { src: SEED, prescreen: '' });
      await settled(el, '[part~="accordion-trigger"]', 'trial-eligibility');
      inShadow<HTMLButtonElement>(el, '[part~="expand-all"]')?.click();
      await nextFrame(page);
      inShadow<HTMLButtonElement>(el, '[part~="collapse-all"]')?.click();
      await nextFrame(page);
      const trigger = inShadow<HTMLButtonElement>(el, '[part~="accordion-trigger"]')!;
      trigger.click();
      await nextFrame(page);
      expect(trigger.getAttribute('aria-expanded')).to.equal('true');
      const answer = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="radio"]');
      answer?.click();
      await nextFrame(page);
    },
  },
  {
    tag: 'trial-involvement',
    does: 'loads a record with groups and outcomes, opens the section and switches language',
    async run(page) {
      const el = add(page, 'trial-involvement', { src: '/test/fixtures/NCT05819398.json' });
      await settled(el, '[part~="toggle"]', 'trial-involvement');
      const toggle = inShadow<HTMLButtonElement>(el, '[part~="toggle"]')!;
      toggle.click();
      await nextFrame(page);
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      el.setAttribute('lang', 'zh-Hans');
      await waitUntil(() => el.shadowRoot!.textContent!.includes('参与'), 'no Chinese under CSP');
      el.removeAttribute('lang');
      toggle.click();
      await nextFrame(page);
    },
  },
  {
    tag: 'trial-faq',
    does: 'shows the default questions and opens one',
    async run(page) {
      const el = add(page, 'trial-faq');
      await settled(el, 'button[aria-expanded]', 'trial-faq');
      const trigger = inShadow<HTMLButtonElement>(el, 'button[aria-expanded]')!;
      trigger.click();
      await nextFrame(page);
      expect(trigger.getAttribute('aria-expanded')).to.equal('true');
    },
  },
  {
    tag: 'trial-contact-form',
    does: 'fills in and submits the form to a same-origin endpoint',
    async run(page) {
      const posted: string[] = [];
      const realFetch = page.win.fetch;
      page.win.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input instanceof Request ? input.url : input);
        if (url.includes('/api/contact')) {
          posted.push(String(init?.body ?? ''));
          return new page.win.Response(JSON.stringify({ id: 'c1' }), { status: 201, headers: { 'content-type': 'application/json' } });
        }
        return realFetch.call(page.win, input, init);
      };
      try {
        const el = add(page, 'trial-contact-form', { src: SEED, endpoint: '/api/contact', 'min-fill-ms': '0' });
        await settled(el, 'form', 'trial-contact-form');
        const form = inShadow<HTMLFormElement>(el, 'form')!;
        const fill = (selector: string, value: string) => {
          const input = form.querySelector<HTMLInputElement>(selector);
          if (!input) return;
          input.value = value;
          input.dispatchEvent(new page.win.Event('input', { bubbles: true, composed: true }));
          input.dispatchEvent(new page.win.Event('change', { bubbles: true, composed: true }));
        };
        // A submit with nothing filled in shows the error summary first.
        form.requestSubmit();
        await nextFrame(page);
        fill('[autocomplete="given-name"]', 'Ana');
        fill('[autocomplete="family-name"]', 'García');
        fill('[autocomplete="email"]', 'ana@example.org');
        fill('[autocomplete="tel"]', '+34 600 000 000');
        for (const box of form.querySelectorAll<HTMLInputElement>('input[type="checkbox"][required]')) {
          if (!box.checked) box.click();
        }
        form.requestSubmit();
        await waitUntil(() => posted.length > 0 || inShadow(el, '[part~="success"]'), 'the form was not sent', { timeout: 10000 });
        await nextFrame(page);
      } finally {
        page.win.fetch = realFetch;
      }
    },
  },
  {
    tag: 'trial-notes',
    does: 'selects text in the wrapped content and adds a note',
    async run(page) {
      const notes = add(page, 'trial-notes', { 'storage-key': `csp-${Date.now()}` });
      const paragraph = page.doc.createElement('p');
      paragraph.textContent = 'Participants receive the study treatment every two weeks for six months and are followed up for a year.';
      notes.append(paragraph);
      // The reader selects once the autoloader has brought the element in.
      await page.win.customElements.whenDefined('trial-notes');
      await (notes as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      const range = page.doc.createRange();
      range.setStart(paragraph.firstChild!, 0);
      range.setEnd(paragraph.firstChild!, 40);
      const selection = page.win.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      paragraph.dispatchEvent(new page.win.MouseEvent('mouseup', { bubbles: true, composed: true }));
      page.doc.dispatchEvent(new page.win.Event('selectionchange'));
      await waitUntil(() => inShadow(notes, '[part~="add-button"]'), 'no "Add note" button after selecting text', { timeout: 5000 });
      inShadow<HTMLButtonElement>(notes, '[part~="add-button"]')!.click();
      await settled(notes, '[part~="editor"] textarea', 'trial-notes editor');
      const textarea = inShadow<HTMLTextAreaElement>(notes, '[part~="editor"] textarea')!;
      textarea.value = 'Ask about the follow-up visits.';
      textarea.dispatchEvent(new page.win.Event('input', { bubbles: true, composed: true }));
      const editor = inShadow<HTMLFormElement>(notes, 'form[part~="editor"]') ?? textarea.form!;
      editor.requestSubmit();
      await waitUntil(() => notes.shadowRoot!.querySelectorAll('[part~="note"]').length === 1, 'the note was not added', { timeout: 5000 });
      await nextFrame(page);
    },
  },
  {
    tag: 'trial-widget',
    does: 'renders the whole trial page from one source and opens a question',
    async run(page) {
      const widget = add(page, 'trial-widget', { src: SEED, lang: 'zh-Hans' });
      await waitUntil(() => inShadow(widget, '[part~="card"]')?.shadowRoot?.querySelector('article'), 'the widget card never rendered', {
        timeout: 10000,
      });
      const card = inShadow(widget, '[part~="card"]')!;
      await waitUntil(() => card.shadowRoot!.textContent!.includes('正在招募'), 'the widget did not pass lang down');
      const faq = inShadow(widget, '[part~="faq"]');
      if (faq) {
        await settled(faq, 'button[aria-expanded]', 'trial-faq in the widget');
        inShadow<HTMLButtonElement>(faq, 'button[aria-expanded]')!.click();
      }
      await nextFrame(page);
      widget.remove();
    },
  },
];

describe('strict Content-Security-Policy page', function () {
  this.timeout(60000);
  let page: CspPage;

  before(async () => {
    page = await openPage();
  });

  after(() => page?.frame.remove());

  afterEach(() => {
    page.main.replaceChildren();
  });

  it('is served with the strict policy, and reports what it blocks', async () => {
    const control = await openPage();
    try {
      const probe = control.doc.createElement('div');
      expect(() => {
        probe.innerHTML = '<b>not trusted</b>';
      }).to.throw();
      probe.setAttribute('style', 'color: red');
      const style = control.doc.createElement('style');
      style.textContent = 'p { color: red }';
      const image = control.doc.createElement('img');
      image.src = 'https://elsewhere.invalid/pixel.png';
      control.main.append(probe, style, image);
      await waitUntil(() => control.win.trialkitCspViolations.length >= 4, 'violations are not reported');
      const directives = control.win.trialkitCspViolations.map((v) => v.directive);
      expect(directives).to.include.members(['require-trusted-types-for', 'style-src-attr', 'style-src-elem', 'img-src']);
    } finally {
      control.frame.remove();
    }
  });

  it('loads dist/trialkit.js with no violation', async () => {
    await nextFrame(page);
    expect(page.win.trialkitCspViolations).to.deep.equal([]);
  });

  for (const step of STEPS) {
    it(`<${step.tag}> ${step.does}, with no violation`, async () => {
      await step.run(page);
      expect(page.win.customElements.get(step.tag), `<${step.tag}> was not loaded by dist/trialkit.js`).to.exist;
      await nextFrame(page);
      expect(page.win.trialkitCspViolations).to.deep.equal([]);
    });
  }
});
