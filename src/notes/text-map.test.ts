import { expect } from '@open-wc/testing';
import { buildTextMap, buildTextMapAsync, fingerprintOf } from './text-map.ts';

function mount(markup: string): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = markup;
  document.body.append(host);
  return host;
}

class ShadowText extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = '<style>p { color: red }</style><p>shadow start <slot></slot> shadow end</p><p>after</p>';
  }
}
customElements.define('test-shadow-text', ShadowText);

describe('text map', () => {
  afterEach(() => document.querySelectorAll('body > div').forEach((node) => node.remove()));

  it('joins text nodes and collapses whitespace', () => {
    const root = mount('<p>  Hello   <b>bold</b>\n world </p>\n<p>next\u00a0line</p>');
    const map = buildTextMap(root);
    expect(map.text).to.equal('Hello bold world next line');
  });

  it('reads <br> and block edges as a space', () => {
    const root = mount('<p>line one<br>line two</p><ul><li>a</li><li>b</li></ul>');
    expect(buildTextMap(root).text).to.equal('line one line two a b');
  });

  it('skips script, style, template, noscript and hidden content', () => {
    const root = mount(
      '<p>shown</p><script>var secret = 1;</script><style>p{}</style><template>tmpl</template><p hidden>hidden text</p><noscript>ns</noscript><p>too</p>',
    );
    expect(buildTextMap(root).text).to.equal('shown too');
  });

  it('walks open shadow roots in rendered order, with slotted children where the slot is', () => {
    const root = mount('<p>before</p><test-shadow-text>slotted <em>light</em></test-shadow-text><p>last</p>');
    const map = buildTextMap(root);
    expect(map.text).to.equal('before shadow start slotted light shadow end after last');
    expect(map.shadowRoots).to.have.length(1);
  });

  it('maps indexes to DOM points and back', () => {
    const root = mount('<p>  Hello   <b>bold</b> world</p>');
    const map = buildTextMap(root);
    for (let i = 0; i <= map.text.length; i++) {
      const point = map.pointAt(i, 'start');
      if (!point || i === map.text.length) continue;
      expect(map.indexOf(point.node, point.offset, 'start'), `index ${i}`).to.equal(i);
    }
    const range = map.rangeOf(map.text.indexOf('bold'), map.text.indexOf('bold') + 4)!;
    expect(range.toString()).to.equal('bold');
    const spaced = map.rangeOf(0, map.text.indexOf(' bold'))!;
    expect(spaced.toString()).to.equal('Hello');
  });

  it('resolves element boundary points to the nearest text', () => {
    const root = mount('<p>one</p><p>two</p>');
    const map = buildTextMap(root);
    expect(map.indexOf(root, 1, 'start')).to.equal(map.text.indexOf('two'));
    expect(map.indexOf(root, 1, 'end')).to.equal(3);
    expect(map.indexOf(root.firstChild!, 0, 'start')).to.equal(0);
  });

  it('converts between UTF-16 indexes and code points', () => {
    const root = mount('<p>😀a😀b</p>');
    const map = buildTextMap(root);
    expect(map.codePointLength).to.equal(4);
    expect(map.toCodePoint(2)).to.equal(1);
    expect(map.toCodePoint(5)).to.equal(3);
    expect(map.fromCodePoint(1)).to.equal(2);
    expect(map.fromCodePoint(3)).to.equal(5);
    expect(map.fromCodePoint(4)).to.equal(6);
  });

  it('splits a span into one range per tree', () => {
    const root = mount('<p>before</p><test-shadow-text>slotted</test-shadow-text><p>last</p>');
    const map = buildTextMap(root);
    const ranges = map.rangesByTree(0, map.text.length);
    expect(ranges.map((range) => range.toString())).to.deep.equal(['before', 'shadow start ', 'slotted', ' shadow endafter', 'last']);
  });

  it('fingerprints differ when the text differs', () => {
    expect(fingerprintOf('abc')).to.equal(fingerprintOf('abc'));
    expect(fingerprintOf('abc')).not.to.equal(fingerprintOf('abd'));
  });

  it('builds the same map in slices', async () => {
    const root = mount(`${'<p>Some  text\n with <b>bold</b> parts.</p>'.repeat(600)}<test-shadow-text>slotted</test-shadow-text>`);
    const whole = buildTextMap(root);
    const sliced = await buildTextMapAsync(root, 0);
    expect(sliced.text).to.equal(whole.text);
    expect(sliced.shadowRoots).to.deep.equal(whole.shadowRoots);
    const at = whole.text.lastIndexOf('bold');
    expect(sliced.rangeOf(at, at + 4)!.toString()).to.equal('bold');
  });
});
