import { expect } from '@open-wc/testing';
import { HIGHLIGHT_COLOURS, NoteHighlighter, overlaps } from './highlights.ts';
import { buildTextMap } from './text-map.ts';

class ShadowSummary extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: 'open' }).innerHTML = '<p>Shadow summary text about the treatment.</p>';
  }
}
customElements.define('test-shadow-summary', ShadowSummary);

function mount(markup: string): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = markup;
  document.body.append(host);
  return host;
}

describe('highlights', () => {
  afterEach(() => document.querySelectorAll('body > div').forEach((node) => node.remove()));

  it('paints without touching the DOM and adds rules to every tree with highlighted text', () => {
    const root = mount('<p>Light text that is highlighted.</p><test-shadow-summary></test-shadow-summary>');
    const before = root.outerHTML;
    const shadow = root.querySelector('test-shadow-summary')!.shadowRoot!;
    const map = buildTextMap(root);
    const highlighter = new NoteHighlighter();
    const start = map.text.indexOf('highlighted');
    const end = map.text.indexOf('summary') + 'summary'.length;
    highlighter.paint(map, [{ id: 'a', start, end, state: 'exact' }]);
    expect(CSS.highlights.has(highlighter.names.note)).to.equal(true);
    expect(highlighter.rangesOf('a').map((range) => range.toString())).to.deep.equal(['highlighted.', 'Shadow summary']);
    expect(shadow.adoptedStyleSheets).to.have.length(1);
    expect(document.adoptedStyleSheets.length).to.be.greaterThan(0);
    const rule = [...shadow.adoptedStyleSheets[0]!.cssRules].map((r) => r.cssText).join('\n');
    expect(rule).to.contain(`::highlight(${highlighter.names.note})`);
    expect(root.outerHTML).to.equal(before);
    highlighter.clear();
    expect(CSS.highlights.has(highlighter.names.note)).to.equal(false);
    expect(shadow.adoptedStyleSheets).to.have.length(0);
    expect(root.outerHTML).to.equal(before);
  });

  it('paints overlapping and identical notes, with the shared part emphasised', () => {
    const root = mount('<p>One two three four five six seven.</p>');
    const map = buildTextMap(root);
    const highlighter = new NoteHighlighter();
    highlighter.paint(map, [
      { id: 'a', start: 0, end: 13, state: 'exact' },
      { id: 'b', start: 8, end: 18, state: 'exact' },
      { id: 'c', start: 8, end: 18, state: 'fuzzy' },
    ]);
    const overlap = CSS.highlights.get(highlighter.names.overlap)!;
    expect([...overlap].map((range) => (range as Range).toString())).to.deep.equal(['three four']);
    expect(CSS.highlights.get(highlighter.names.note)!.size).to.equal(3);
    highlighter.setActive('b');
    expect(CSS.highlights.get(highlighter.names.active)!.size).to.equal(1);
    highlighter.clear();
  });

  it('finds the notes under a point, shortest first', () => {
    const root = mount('<p>Alpha beta gamma delta epsilon zeta eta theta.</p><test-shadow-summary></test-shadow-summary>');
    const map = buildTextMap(root);
    const highlighter = new NoteHighlighter();
    const gamma = map.text.indexOf('gamma');
    const shadowStart = map.text.indexOf('summary');
    highlighter.paint(map, [
      { id: 'long', start: 0, end: map.text.indexOf('theta'), state: 'exact' },
      { id: 'short', start: gamma, end: gamma + 5, state: 'exact' },
      { id: 'shadow', start: shadowStart, end: shadowStart + 7, state: 'exact' },
    ]);
    const center = (range: Range) => {
      const rect = range.getBoundingClientRect();
      return [rect.left + rect.width / 2, rect.top + rect.height / 2] as const;
    };
    expect(highlighter.notesAt(...center(highlighter.rangesOf('short')[0]!))).to.deep.equal(['short', 'long']);
    expect(highlighter.notesAt(...center(highlighter.rangesOf('shadow')[0]!))).to.deep.equal(['shadow']);
    expect(highlighter.notesAt(-10, -10)).to.deep.equal([]);
    highlighter.clear();
  });

  it('merges overlap spans', () => {
    expect(overlaps([{ start: 0, end: 10 }, { start: 5, end: 15 }, { start: 12, end: 20 }])).to.deep.equal([[5, 10], [12, 15]]);
    expect(overlaps([{ start: 0, end: 5 }, { start: 0, end: 5 }])).to.deep.equal([[0, 5]]);
    expect(overlaps([{ start: 0, end: 5 }, { start: 5, end: 9 }])).to.deep.equal([]);
  });
});

/** WCAG relative luminance and contrast of two `#rrggbb` colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
}

describe('highlight colours', () => {
  it('sets background and text together, at 4.5:1 or more, for light and dark pages', () => {
    for (const [scheme, kinds] of Object.entries(HIGHLIGHT_COLOURS)) {
      for (const [kind, [background, text]] of Object.entries(kinds)) {
        expect(contrast(background, text), `${scheme} ${kind}`).to.be.at.least(4.5);
      }
    }
  });

  it('paints with the tokens, a dark variant, and Mark/MarkText in forced colours', () => {
    const host = document.createElement('div');
    host.innerHTML = '<p>Some highlighted words.</p>';
    document.body.append(host);
    const highlighter = new NoteHighlighter();
    const map = buildTextMap(host);
    highlighter.paint(map, [{ id: 'a', start: 5, end: 16, state: 'exact' }], 'a');
    const css = [...document.adoptedStyleSheets].flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)).join('\n');
    expect(css).to.contain(`::highlight(${highlighter.names.note}) { background-color: var(--trial-note-highlight, #fde68a); color: var(--trial-note-highlight-text, #1b1f24); }`);
    expect(css).to.match(/@media \(prefers-color-scheme: dark\)[^@]*#854d0e/);
    const forced = css.slice(css.indexOf('@media (forced-colors: active)'));
    // (The CSSOM writes system colours in lower case.)
    expect(forced.toLowerCase()).to.contain('background-color: mark; color: marktext;');
    expect(forced.toLowerCase()).not.to.match(/color:\s*highlight/);
    highlighter.clear();
    host.remove();
  });
});
