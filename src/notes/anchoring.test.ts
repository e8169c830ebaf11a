import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { anchor, anchorAll, describeRange, describeSpan, similarity, CONTEXT_LENGTH, type NoteSelectors } from './anchoring.ts';
import { buildTextMap } from './text-map.ts';

function mount(markup: string): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = markup;
  document.body.append(host);
  return host;
}

/** A range over the first occurrence of `quote` inside one text node of `root`. */
function rangeOver(root: Node, quote: string, occurrence = 0): Range {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let seen = 0;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    let at = node.data.indexOf(quote);
    while (at !== -1) {
      if (seen++ === occurrence) {
        const range = new Range();
        range.setStart(node, at);
        range.setEnd(node, at + quote.length);
        return range;
      }
      at = node.data.indexOf(quote, at + 1);
    }
  }
  throw new Error(`"${quote}" not found`);
}

function textOf(result: { range?: AbstractRange }): string {
  const range = result.range;
  if (!range) return '';
  if (range instanceof Range) return range.toString().replace(/\s+/g, ' ');
  const live = new Range();
  live.setStart(range.startContainer, range.startOffset);
  live.setEnd(range.endContainer, range.endOffset);
  return live.toString();
}

const LOREM =
  'Participants will receive the study medication once a day for twelve weeks. Blood samples are taken at each visit to measure kidney function. ';

class ShadowParagraph extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: 'open' }).innerHTML = '<p>Inside the card summary there is shadow text about lupus nephritis.</p>';
  }
}
customElements.define('test-shadow-paragraph', ShadowParagraph);

describe('anchoring', () => {
  afterEach(() => document.querySelectorAll('body > div').forEach((node) => node.remove()));

  it('describes a range in one text node with code-point position and context', () => {
    const root = mount(`<p>${LOREM}${LOREM}${LOREM}</p>`);
    const selectors = describeRange(root, rangeOver(root, 'kidney function', 1))!;
    expect(selectors.quote.exact).to.equal('kidney function');
    expect([...selectors.quote.prefix!]).to.have.length(CONTEXT_LENGTH);
    expect([...selectors.quote.suffix!]).to.have.length(CONTEXT_LENGTH);
    const text = buildTextMap(root).text;
    const second = text.indexOf('kidney function', text.indexOf('kidney function') + 1);
    expect(selectors.position!.start).to.equal(second);
    expect(selectors.fingerprint).to.be.a('string');
    const result = anchor(root, selectors);
    expect(result.state).to.equal('exact');
    expect(result.start).to.equal(second);
  });

  it('describes a range over several nodes', () => {
    const root = mount('<p>Take <b>one tablet</b> <i>twice</i> a day.</p>');
    const range = new Range();
    range.setStart(root.querySelector('b')!.firstChild!, 4);
    range.setEnd(root.querySelector('i')!.firstChild!, 5);
    const selectors = describeRange(root, range)!;
    expect(selectors.quote.exact).to.equal('tablet twice');
    const result = anchor(root, selectors);
    expect(result.state).to.equal('exact');
    expect(textOf(result)).to.equal('tablet twice');
  });

  it('describes a range across <br> as text with a space', () => {
    const root = mount('<p>first line<br>second line</p>');
    const range = new Range();
    range.setStart(root.querySelector('p')!.firstChild!, 6);
    range.setEnd(root.querySelector('p')!.lastChild!, 6);
    const selectors = describeRange(root, range)!;
    expect(selectors.quote.exact).to.equal('line second');
    expect(anchor(root, selectors).state).to.equal('exact');
  });

  it('refuses whitespace-only and empty selections', () => {
    const root = mount('<p>one   </p><p>   two</p>');
    const range = new Range();
    range.setStart(root.querySelector('p')!.firstChild!, 3);
    range.setEnd(root.querySelectorAll('p')[1]!.firstChild!, 3);
    expect(describeRange(root, range)).to.equal(undefined);
    const collapsed = rangeOver(root, 'one');
    collapsed.collapse(true);
    expect(describeRange(root, collapsed)).to.equal(undefined);
  });

  it('refuses ranges outside the root', () => {
    const root = mount('<p>inside</p>');
    const other = mount('<p>outside</p>');
    expect(describeRange(root, rangeOver(other, 'outside'))).to.equal(undefined);
  });

  it('anchors quotes at the very start and the very end', () => {
    const root = mount(`<p>Beginning of the text. ${LOREM} The very end</p>`);
    const start = describeRange(root, rangeOver(root, 'Beginning'))!;
    const end = describeRange(root, rangeOver(root, 'very end'))!;
    expect(start.quote.prefix).to.equal('');
    expect(end.quote.suffix).to.equal('');
    root.querySelector('p')!.append(' more words added later');
    root.querySelector('p')!.prepend('A new first sentence. ');
    expect(textOf(anchor(root, start))).to.equal('Beginning');
    expect(textOf(anchor(root, end))).to.equal('very end');
  });

  it('tells a repeated quote apart by its context', () => {
    const root = mount('<p>Adults aged 18 or older receive the study drug by mouth.</p><p>Children under 12 receive the study drug by injection.</p>');
    const selectors = describeRange(root, rangeOver(root, 'receive the study drug', 1))!;
    root.prepend(Object.assign(document.createElement('p'), { textContent: 'An inserted paragraph moves every offset.' }));
    const result = anchor(root, selectors);
    expect(result.state).to.equal('exact');
    expect(textOf({ range: new StaticRange({ startContainer: result.range!.startContainer, startOffset: 0, endContainer: result.range!.endContainer, endOffset: result.range!.endContainer.textContent!.length }) })).to.contain('Children');
  });

  it('tells a repeated quote apart by position when the context is the same', () => {
    const repeated = '<p>Take one tablet twice a day with food and water.</p>';
    const root = mount(`<p>${LOREM}</p>${repeated.repeat(4)}<p>${LOREM}</p>`);
    const selectors = describeRange(root, rangeOver(root, 'Take one tablet twice a day', 2))!;
    const third = root.querySelectorAll('p')[3]!;
    root.querySelector('p')!.prepend('Inserted words. ');
    const result = anchor(root, selectors);
    expect(result.state).to.equal('exact');
    expect(third.contains(result.range!.startContainer)).to.equal(true);
    // Without a position the tie cannot be broken.
    const { position: _position, ...quoteOnly } = selectors;
    expect(anchor(root, quoteOnly as NoteSelectors).state).to.equal('ambiguous');
  });

  it('treats a no-break space and a space as the same', () => {
    const root = mount('<p>The dose is 10\u00a0mg per kilogram of body weight, given weekly.</p>');
    const selectors = describeRange(root, rangeOver(root, '10\u00a0mg per kilogram'))!;
    expect(selectors.quote.exact).to.equal('10 mg per kilogram');
    root.querySelector('p')!.textContent = 'The dose is 10 mg per kilogram of body weight, given weekly.';
    expect(anchor(root, selectors).state).to.equal('exact');
  });

  it('finds a quote with a typo fuzzily', () => {
    const root = mount(`<p>${LOREM}</p><p>Patients with active lupus nephritis may continue their standard therapy during the study.</p><p>${LOREM}</p>`);
    const selectors = describeRange(root, rangeOver(root, 'may continue their standard therapy'))!;
    root.querySelectorAll('p')[1]!.textContent = 'Patients with active lupus nephritis may contnue their standard therapy during the study.';
    const result = anchor(root, selectors);
    expect(result.state).to.equal('fuzzy');
    expect(textOf(result)).to.equal('may contnue their standard therapy');
    expect(result.quoteScore).to.be.greaterThan(0.85);
  });

  it('still finds the quote exactly when words are inserted before it', () => {
    const root = mount(`<p>${LOREM}</p><p>Visits happen every four weeks at the study centre.</p>`);
    const selectors = describeRange(root, rangeOver(root, 'every four weeks'))!;
    root.querySelector('p')!.prepend('Several brand new words right at the start. ');
    const p = root.querySelectorAll('p')[1]!;
    p.textContent = `Please note: ${p.textContent}`;
    const result = anchor(root, selectors);
    expect(result.state).to.equal('exact');
    expect(textOf(result)).to.equal('every four weeks');
  });

  it('orphans a note whose paragraph was deleted, even when a near-identical sentence remains', () => {
    const root = mount(
      `<p>Screening takes place in the first two weeks.</p><p id="gone">Participants must be at least 18 years old to enrol in this study.</p><p>${LOREM}</p><p>Unrelated introduction to the extension phase. Participants must be at least 21 years old to enrol in that study. More unrelated words follow here.</p>`,
    );
    const selectors = describeRange(root, rangeOver(root, 'Participants must be at least 18 years old to enrol in this study.'))!;
    root.querySelector('#gone')!.remove();
    expect(anchor(root, selectors).state).to.equal('orphan');
  });

  it('never matches a short quote fuzzily', () => {
    const root = mount(`<p>${LOREM}</p><p>The dose of 5 mg is given daily.</p><p>${LOREM}</p>`);
    const selectors = describeRange(root, rangeOver(root, '5 mg'))!;
    root.querySelectorAll('p')[1]!.textContent = 'The dose of 6 mg is given daily.';
    expect(anchor(root, selectors).state).to.equal('orphan');
    const word = describeRange(root, rangeOver(root, 'daily'))!;
    root.querySelectorAll('p')[1]!.textContent = 'The dose of 6 mg is given dayly.';
    expect(anchor(root, word).state).to.equal('orphan');
  });

  it('counts positions in code points, so emoji before the note do not shift it', () => {
    const root = mount('<p>😀🎉 Smiles first, then the important sentence about fasting.</p>');
    const selectors = describeRange(root, rangeOver(root, 'important sentence'))!;
    const text = buildTextMap(root).text;
    expect(selectors.position!.start).to.equal([...text.slice(0, text.indexOf('important'))].length);
    expect(selectors.position!.start).to.equal(text.indexOf('important') - 2);
    expect(anchor(root, selectors).state).to.equal('exact');
  });

  it('anchors right-to-left text', () => {
    const root = mount('<p dir="rtl" lang="he">המשתתפים יקבלו את התרופה פעם ביום במשך שנים עשר שבועות.</p>');
    const selectors = describeRange(root, rangeOver(root, 'את התרופה פעם ביום'))!;
    expect(selectors.quote.exact).to.equal('את התרופה פעם ביום');
    root.querySelector('p')!.textContent = 'הערה: המשתתפים יקבלו את התרופה פעם ביום במשך שנים עשר שבועות.';
    const result = anchor(root, selectors);
    expect(result.state).to.equal('exact');
    expect(textOf(result)).to.equal('את התרופה פעם ביום');
  });

  it('ignores hidden and script text when describing and anchoring', () => {
    const root = mount('<p>Visible start.</p><script>const visibleStart = "Visible start.";</script><p hidden>Visible start.</p><p>Visible end.</p>');
    const selectors = describeRange(root, rangeOver(root, 'Visible start.'))!;
    expect(selectors.quote.suffix).to.equal(' Visible end.');
    const result = anchor(root, selectors);
    expect(result.state).to.equal('exact');
    expect(result.range!.startContainer.parentNode).to.equal(root.querySelector('p'));
  });

  it('describes and anchors a selection inside a shadow root', () => {
    const root = mount('<p>Light text before.</p><test-shadow-paragraph></test-shadow-paragraph>');
    const shadowText = root.querySelector('test-shadow-paragraph')!.shadowRoot!.querySelector('p')!.firstChild!;
    const range = new StaticRange({ startContainer: shadowText, startOffset: 16, endContainer: shadowText, endOffset: 29 });
    const selectors = describeRange(root, range)!;
    expect(selectors.quote.exact).to.equal('summary there');
    const result = anchor(root, selectors);
    expect(result.state).to.equal('exact');
    expect(result.range!.startContainer).to.equal(shadowText);
    // A span from light DOM into the shadow root comes back as a StaticRange.
    const across = new StaticRange({ startContainer: root.querySelector('p')!.firstChild!, startOffset: 6, endContainer: shadowText, endOffset: 6 });
    const spanning = describeRange(root, across)!;
    expect(spanning.quote.exact).to.equal('text before. Inside');
    expect(anchor(root, spanning).range).to.be.instanceOf(StaticRange);
  });

  it('anchors content rendered after the notes were loaded', async () => {
    const source = mount('<p>Late text that arrives after the notes are loaded from storage.</p>');
    const selectors = describeRange(source, rangeOver(source, 'arrives after the notes'))!;
    const root = mount('');
    expect(anchor(root, selectors).state).to.equal('orphan');
    root.append(source.querySelector('p')!.cloneNode(true));
    expect(anchor(root, selectors).state).to.equal('exact');
  });

  it('round-trips describe then anchor for any span of any text', () => {
    const word = fc
      .array(fc.constantFrom('a', 'b', 'Z', '1', 'é', 'ü', '😀', '🎉', 'א', 'ב', '\u00a0'), { minLength: 1, maxLength: 8 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 40 }), fc.nat(), fc.nat(), (words, a, b) => {
        const root = mount(`<p>${words.join(' ')}</p>`);
        const map = buildTextMap(root);
        const length = map.text.length;
        if (!length) return root.remove(); // only whitespace: nothing to select
        const start = a % length;
        const end = start + 1 + (b % (length - start));
        const selectors = describeSpan(map, start, end);
        if (!selectors) return;
        const result = anchor(buildTextMap(root), selectors);
        root.remove();
        expect(result.state).to.equal('exact');
        expect(map.text.slice(result.start, result.end)).to.equal(selectors.quote.exact);
        expect(map.toCodePoint(result.start!)).to.equal(selectors.position!.start);
      }),
      { numRuns: 150 },
    );
  });

  it('finds the same quote again after text is inserted elsewhere', () => {
    const word = fc.stringMatching(/^[a-z]{1,8}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 4, maxLength: 40 }), fc.nat(), fc.nat(), fc.array(word, { minLength: 1, maxLength: 5 }), fc.boolean(), (words, a, b, inserted, before) => {
        const text = words.join(' ');
        const root = mount(`<p>${text}</p>`);
        const map = buildTextMap(root);
        const start = a % text.length;
        const end = start + 1 + (b % (text.length - start));
        const selectors = describeSpan(map, start, end);
        if (!selectors) return root.remove();
        const p = root.querySelector('p')!;
        if (before) p.prepend(`${inserted.join(' ')} `);
        else p.append(` ${inserted.join(' ')}`);
        const after = buildTextMap(root);
        const result = anchor(after, selectors);
        root.remove();
        if (result.state === 'orphan') {
          // Only a short quote whose surroundings changed may be given up.
          expect([...selectors.quote.exact].length).to.be.lessThan(10);
          return;
        }
        expect(after.text.slice(result.start, result.end)).to.equal(selectors.quote.exact);
      }),
      { numRuns: 150 },
    );
  });

  it('finds a quote with one changed character fuzzily, at its own place', () => {
    const word = fc.stringMatching(/^[a-z]{3,9}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 30, maxLength: 60 }), fc.nat(), fc.nat(), fc.constantFrom('x', 'q', '-'), (words, a, b, replacement) => {
        const text = words.join(' ');
        const first = a % (words.length - 8);
        const count = 4 + (b % 4);
        const start = words.slice(0, first).join(' ').length + (first ? 1 : 0);
        const end = start + words.slice(first, first + count).join(' ').length;
        const root = mount(`<p>${text}</p>`);
        const selectors = describeSpan(buildTextMap(root), start, end)!;
        const at = start + Math.floor((end - start) / 2);
        if (text[at] === replacement) return root.remove();
        root.querySelector('p')!.textContent = `${text.slice(0, at)}${replacement}${text.slice(at + 1)}`;
        const map = buildTextMap(root);
        const result = anchor(map, selectors);
        root.remove();
        expect(result.state).to.equal('fuzzy');
        expect(result.start).to.be.within(start - 1, start + 1);
        expect(result.end).to.be.within(end - 1, end + 1);
      }),
      { numRuns: 100 },
    );
  });

  it('anchors many notes in one batch, in input order', async () => {
    const root = mount(`<p>${LOREM.repeat(3)}</p><p>Unique sentence about the follow-up visit in month six.</p>`);
    const map = buildTextMap(root);
    const list = [
      describeRange(map, rangeOver(root, 'follow-up visit'))!,
      describeRange(map, rangeOver(root, 'Blood samples', 1))!,
      describeRange(map, rangeOver(root, 'twelve weeks', 2))!,
    ];
    root.querySelector('p')!.prepend('Shifted. ');
    root.querySelectorAll('p')[1]!.textContent = 'Unique sentence about the follow-up visits in month six.';
    const results = await anchorAll(buildTextMap(root), list);
    expect(results.map((r) => r.state)).to.deep.equal(['exact', 'exact', 'exact']);
    expect(textOf(results[0]!)).to.equal('follow-up visit');
  });

  it('measures similarity', () => {
    expect(similarity('kitten', 'sitting')).to.be.closeTo(1 - 3 / 7, 1e-9);
    expect(similarity('', '')).to.equal(1);
  });
});
