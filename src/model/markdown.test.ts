import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { inlineText, parseInline, parseMarkdown, safeHref, unescapeMarkdown, type Block } from './markdown.ts';

describe('markdown', () => {
  it('resolves backslash escapes', () => {
    expect(unescapeMarkdown('bilirubin \\<2.0 \\> 1 \\* \\[x\\] 10\\^9 \\- a')).to.equal('bilirubin <2.0 > 1 * [x] 10^9 - a');
    expect(inlineText(parseInline('total bilirubin \\<2.0mg/dL'))).to.equal('total bilirubin <2.0mg/dL');
  });

  it('splits paragraphs on blank lines and joins soft breaks with a space', () => {
    const blocks = parseMarkdown('First line\nstill first.\n\nSecond.');
    expect(blocks.map((b) => b.type)).to.deep.equal(['paragraph', 'paragraph']);
    expect(inlineText((blocks[0] as Extract<Block, { type: 'paragraph' }>).children)).to.equal('First line still first.');
  });

  it('parses ordered and bullet lists with nesting at 2–9 space indents', () => {
    for (const indent of [2, 3, 4, 9]) {
      const pad = ' '.repeat(indent);
      const blocks = parseMarkdown(`1. One\n${pad}* a\n${pad}* b\n2. Two`);
      expect(blocks).to.have.length(1);
      const list = blocks[0] as Extract<Block, { type: 'list' }>;
      expect(list.ordered).to.equal(true);
      expect(list.items).to.have.length(2);
      const nested = list.items[0]!.blocks[1] as Extract<Block, { type: 'list' }>;
      expect(nested.type).to.equal('list');
      expect(nested.items).to.have.length(2);
    }
  });

  it('keeps the start number of an ordered list', () => {
    const list = parseMarkdown('3. three\n4. four')[0] as Extract<Block, { type: 'list' }>;
    expect(list.start).to.equal(3);
  });

  it('does not read an escaped dash as a list marker', () => {
    const blocks = parseMarkdown('\\- not a list');
    expect(blocks[0]!.type).to.equal('paragraph');
  });

  it('parses emphasis, strong and safe links', () => {
    const nodes = parseInline('*a* **b** _c_ [site](https://example.org) <https://x.org> mail [me](mailto:a@b.c)');
    expect(nodes.map((n) => n.type)).to.include.members(['emphasis', 'strong', 'link']);
    const links = nodes.filter((n) => n.type === 'link');
    expect(links.map((l) => (l as { href: string }).href)).to.deep.equal(['https://example.org', 'https://x.org', 'mailto:a@b.c']);
  });

  it('leaves snake_case and lone asterisks alone', () => {
    expect(inlineText(parseInline('snake_case_name and 5 * 3'))).to.equal('snake_case_name and 5 * 3');
  });

  it('links bare URLs without their trailing punctuation', () => {
    const nodes = parseInline('See https://example.org/a.');
    expect(nodes[1]).to.deep.equal({ type: 'link', href: 'https://example.org/a', children: [{ type: 'text', text: 'https://example.org/a' }] });
  });

  it('links a bare URL only where one starts a word, in any case, and keeps the other words whole', () => {
    const nodes = parseInline('hush, he has HTTP://Example.org then xhttps://no.org and http:/half');
    expect(nodes).to.deep.equal([
      { type: 'text', text: 'hush, he has ' },
      { type: 'link', href: 'HTTP://Example.org', children: [{ type: 'text', text: 'HTTP://Example.org' }] },
      { type: 'text', text: ' then xhttps://no.org and http:/half' },
    ]);
  });

  it('renders unsafe links inert: words kept, target dropped', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>', 'vbscript:x', ' javascript:x']) {
      const nodes = parseInline(`[click](${href})`);
      expect(nodes.some((n) => n.type === 'link')).to.equal(false);
      expect(inlineText(nodes)).to.equal('click');
    }
    expect(safeHref('javascript:alert(1)')).to.equal(undefined);
    expect(safeHref('https://ok.org')).to.equal('https://ok.org');
  });

  it('keeps raw HTML as text and drops HTML comments', () => {
    const text = inlineText(parseInline('<img src=x onerror=alert(1)> <script>alert(1)</script>'));
    expect(text).to.equal('<img src=x onerror=alert(1)> <script>alert(1)</script>');
    const blocks = parseMarkdown('Before <!-- hidden\ncomment --> after');
    expect(inlineText((blocks[0] as Extract<Block, { type: 'paragraph' }>).children)).to.equal('Before  after');
  });

  it('never throws and never loses a letter of plain words', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (source) => {
        parseMarkdown(source);
        parseInline(source);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 30 }), (words) => {
        const text = words.join(' ');
        const blocks = parseMarkdown(text);
        expect(inlineText((blocks[0] as Extract<Block, { type: 'paragraph' }>).children)).to.equal(text);
      }),
    );
  });
});
