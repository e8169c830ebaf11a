import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { sharedFixture } from '../../test/helpers/fixtures.ts';
import {
  matchEligibilityHeading,
  parseEligibility,
  prescreenCriteria,
  sectionCriteria,
  type CriteriaBlock,
  type Criterion,
  type EligibilityDocument,
  type EligibilitySection,
} from './eligibility.ts';
import { inlineText, stripHtmlComments, unescapeMarkdown, type Inline } from './markdown.ts';

interface IndexEntry {
  nctId: string;
  file: string;
  chars: number;
  shapes: string[];
  note: string;
}

const wordsOf = (text: string): string[] => text.match(/[\p{L}\p{N}]+/gu) ?? [];

/** Words of the source as a reader sees them: comments gone, escapes resolved. */
function sourceWords(text: string): string[] {
  return wordsOf(unescapeMarkdown(stripHtmlComments(text)));
}

/**
 * Words of the parsed document in reading order. Each text node counts on its own (emphasis
 * splits "x*a*b" into three nodes), and a link's destination follows its words as in the source.
 */
function outputWords(doc: EligibilityDocument): string[] {
  const out: string[] = [];
  const inline = (nodes: readonly Inline[]) => {
    for (const node of nodes) {
      if (node.type === 'text') out.push(...wordsOf(node.text));
      else if (node.type === 'link') {
        inline(node.children);
        if (!(node.children.length === 1 && node.children[0]!.type === 'text' && node.children[0]!.text === node.href)) {
          out.push(...wordsOf(node.href));
        }
      } else if (node.type !== 'break') inline(node.children);
    }
  };
  const blocks = (list: readonly CriteriaBlock[]) => {
    for (const block of list) {
      if (block.type === 'criterion' && block.marker) out.push(...wordsOf(block.marker));
      inline(block.text);
      if (block.type === 'criterion') blocks(block.children);
    }
  };
  blocks(doc.preamble);
  for (const section of doc.sections) {
    if (section.heading) out.push(...wordsOf(section.heading));
    for (const group of section.groups) {
      if (group.heading) inline(group.heading);
      blocks(group.blocks);
    }
  }
  return out;
}

function expectNoWordLost(text: string): void {
  const doc = parseEligibility(text);
  expect(outputWords(doc)).to.deep.equal(sourceWords(text));
}

function allCriteria(blocks: readonly CriteriaBlock[]): Criterion[] {
  return blocks.flatMap((b) => (b.type === 'criterion' ? [b, ...allCriteria(b.children)] : []));
}

function docCriteria(doc: EligibilityDocument): Criterion[] {
  return doc.sections.flatMap((s) => s.groups.flatMap((g) => allCriteria(g.blocks)));
}

function depth(blocks: readonly CriteriaBlock[]): number {
  return Math.max(0, ...blocks.map((b) => (b.type === 'criterion' ? 1 + depth(b.children) : 0)));
}

function docText(doc: EligibilityDocument): string {
  const blocks = (list: readonly CriteriaBlock[]): string =>
    list.map((b) => `${inlineText(b.text)}\n${b.type === 'criterion' ? blocks(b.children) : ''}`).join('\n');
  return (
    blocks(doc.preamble) +
    doc.sections.map((s) => `${s.heading ?? ''}\n${s.groups.map((g) => `${g.heading ? inlineText(g.heading) : ''}\n${blocks(g.blocks)}`).join('\n')}`).join('\n')
  );
}

function section(doc: EligibilityDocument, id: string): EligibilitySection {
  const found = doc.sections.find((s) => s.id === id);
  expect(found, `section ${id} in ${doc.sections.map((s) => s.id).join(', ')}`).to.exist;
  return found!;
}

// ---------------------------------------------------------------------------------------------
// Generated inputs: lines built from the shapes real records use, plus noise.

const WORDS = ['age', 'Adults', 'with', 'type', '2', 'diabetes', 'HbA1c', 'naïve', 'µg', '≥18', 'e.g.', 'Note', 'None', 'eGFR', 'ECOG', 'criteria', 'inclusion', 'exclusion', '日本'];
const word = fc.oneof(fc.constantFrom(...WORDS), fc.stringMatching(/^[A-Za-z0-9]{1,6}$/));
const PUNCT = ['', '', '', '.', ',', ';', ':', ' \\>', ' \\<', ' \\[x\\]', ' \\*', ' \\^2', ' (a)', ' *em*', ' **b**', ' _u_', ' ≥', ' <!-- c -->', ' <b>', ' https://example.org/x.'];
const sentence = fc
  .array(fc.tuple(word, fc.constantFrom(...PUNCT)), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.map(([w, p]) => w + p).join(' '));
const HEADINGS = [
  'Inclusion Criteria:',
  'Exclusion Criteria:',
  'INCLUSION CRITERIA',
  'exclusion criteria',
  'Key Inclusion Criteria :',
  'Main Exclusion criteria:',
  'Inclusion Criteria (Patients):',
  'Exclusion Criteria (Controls):',
  'III.6 EXCLUSION CRITERIA',
  '* Inclusion Criteria:',
  'Exclusion Criteria: none',
  'Additional exclusion criteria for study arm 2:',
  'Eligibility Criteria:',
  'Termination criteria:',
  'Inclusion:',
  '## Exclusion criteria',
  'Other inclusion and exclusion criteria may apply.',
  'Further inclusion criteria apply.',
  '* Inclusion criteria is willingness to take part',
  'None',
  'Nil',
  '-',
  '\\-',
  'Registration:',
  'Medical Conditions',
  '<!-- -->',
];
const indent = fc.constantFrom('', '', '  ', '   ', '    ', '      ', '         ', '\t');
const marker = fc.constantFrom('*', '-', '+', '•', '1.', '2)', 'a)', 'ii)', '(3)', '10.');
const line = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...HEADINGS) },
  { weight: 4, arbitrary: fc.tuple(indent, marker, sentence).map(([i, m, s]) => `${i}${m} ${s}`) },
  { weight: 3, arbitrary: fc.tuple(indent, sentence).map(([i, s]) => i + s) },
  { weight: 2, arbitrary: fc.constant('') },
);
const criteriaText = fc.array(line, { maxLength: 30 }).map((lines) => lines.join('\n'));
/** Random text, without markdown links: a link's destination is not part of the text. */
const noise = fc.string({ unit: 'binary', maxLength: 200 }).filter((s) => !s.includes(']('));

describe('parseEligibility', () => {
  describe('no word is lost', () => {
    it('for generated criteria texts', () => {
      fc.assert(fc.property(criteriaText, (text) => expectNoWordLost(text)), { numRuns: 400 });
    });

    it('for random strings, and never throws', () => {
      fc.assert(fc.property(noise, (text) => expectNoWordLost(text)), { numRuns: 400 });
    });

    it('for every real criteria text in the fixtures', async function () {
      const index = await sharedFixture<IndexEntry[]>('eligibility/index.json');
      if (!index) return this.skip();
      expect(index.length).to.be.greaterThan(0);
      for (const entry of index) {
        const record = await sharedFixture<{ eligibilityCriteria: string }>(`eligibility/${entry.file}`);
        if (!record) return this.skip();
        const doc = parseEligibility(record.eligibilityCriteria);
        expect(outputWords(doc), entry.nctId).to.deep.equal(sourceWords(record.eligibilityCriteria));
      }
    });

    it('never throws on non-string input', () => {
      expect(parseEligibility(undefined as unknown as string).split).to.equal('empty');
      expect(parseEligibility(42 as unknown as string).split).to.equal('empty');
    });
  });

  describe('real texts by shape tag', () => {
    let entries: { entry: IndexEntry; text: string; doc: EligibilityDocument }[] | undefined;
    before(async () => {
      const index = await sharedFixture<IndexEntry[]>('eligibility/index.json');
      if (!index) return;
      entries = [];
      for (const entry of index) {
        const record = await sharedFixture<{ eligibilityCriteria: string }>(`eligibility/${entry.file}`);
        if (record) entries.push({ entry, text: record.eligibilityCriteria, doc: parseEligibility(record.eligibilityCriteria) });
      }
    });
    const tagged = (tag: string) => (entries ?? []).filter((e) => e.entry.shapes.includes(tag));
    const check = (tag: string, title: string, assert: (doc: EligibilityDocument, text: string, id: string) => void) => {
      it(`${tag}: ${title}`, function () {
        if (!entries) return this.skip();
        const list = tagged(tag);
        if (!list.length) return this.skip();
        for (const { doc, text, entry } of list) assert(doc, text, entry.nctId);
      });
    };

    it('every text with both headings splits into both, no_headings fall back to one panel', function () {
      if (!entries) return this.skip();
      for (const { doc, entry } of entries) {
        const expected = entry.shapes.includes('no_headings') ? 'unsplit' : entry.shapes.includes('only_incl') ? 'inclusion_only' : 'both';
        expect(doc.split, entry.nctId).to.equal(expected);
      }
    });

    check('no_headings', 'one "criteria" panel, never a guessed split', (doc, _t, id) => {
      expect(doc.sections.map((s) => s.kind), id).to.deep.equal(['criteria']);
      expect(doc.split, id).to.equal('unsplit');
    });
    check('only_incl', 'an inclusion section and no exclusion section', (doc, _t, id) => {
      expect(doc.sections.map((s) => s.kind), id).to.deep.equal(['inclusion']);
    });
    check('h_key', '"Key …" headings found', (doc, _t, id) => {
      expect(doc.sections.some((s) => /^key\b/i.test(s.heading ?? '')), id).to.be.true;
      expect(doc.split, id).to.equal('both');
    });
    check('h_other', 'heading variants found: both sections present, with a heading', (doc, _t, id) => {
      expect(doc.sections.find((s) => s.kind === 'inclusion')?.heading, id).to.be.a('string');
      expect(doc.sections.find((s) => s.kind === 'exclusion')?.heading, id).to.be.a('string');
    });
    check('nested', 'nesting kept', (doc, _t, id) => {
      expect(docCriteria(doc).some((c) => c.children.length > 0), id).to.be.true;
    });
    check('nested_deep', 'three levels kept', (doc, _t, id) => {
      expect(Math.max(...doc.sections.flatMap((s) => s.groups.map((g) => depth(g.blocks)))), id).to.be.at.least(3);
    });
    check('numbered', 'numbers kept as markers', (doc, _t, id) => {
      expect(docCriteria(doc).some((c) => /^\d+[.)]$/.test(c.marker ?? '')), id).to.be.true;
    });
    check('bullet_star', 'bullets become criteria', (doc, _t, id) => {
      expect(docCriteria(doc).some((c) => c.marker === undefined), id).to.be.true;
    });
    check('dash', 'dash bullets become criteria', (doc, _t, id) => {
      expect(docCriteria(doc).length, id).to.be.greaterThan(1);
    });
    check('md_escape', 'escapes resolved', (doc, _t, id) => {
      expect(docText(doc), id).not.to.match(/\\[<>[\]^*\-_]/);
    });
    check('html_comment_sep', 'comments dropped, lists around them kept', (doc, _t, id) => {
      expect(docText(doc), id).not.to.contain('<!--');
      expect(docCriteria(doc).length, id).to.be.greaterThan(5);
    });
    check('note', 'notes kept', (doc, _t, id) => {
      expect(docText(doc), id).to.match(/\bNote\b/);
    });
    check('para', 'paragraphs kept', (doc, text, id) => {
      expect(outputWords(doc), id).to.deep.equal(sourceWords(text));
    });
    check('short', 'short texts still have sections', (doc, _t, id) => {
      expect(doc.sections.length, id).to.be.greaterThan(0);
    });
    check('long', 'long texts keep every criterion', (doc, _t, id) => {
      expect(docCriteria(doc).length, id).to.be.greaterThan(30);
    });
    check('letter_paren', 'letter and roman enumerations kept', (doc, _t, id) => {
      expect(docText(doc) + docCriteria(doc).map((c) => c.marker ?? '').join(' '), id).to.match(/\b[a-z]{1,3}\)/);
    });
    check('prose', 'one criterion per paragraph', (doc, _t, id) => {
      expect(sectionCriteria(section(doc, 'inclusion')).length, id).to.be.greaterThan(1);
    });
    check('no_bullets', 'paragraphs are criteria', (doc, _t, id) => {
      expect(docCriteria(doc).every((c) => c.marker === undefined), id).to.be.true;
    });
    check('empty_exclusion', 'empty exclusion reads "None listed"', (doc, _t, id) => {
      expect(section(doc, 'exclusion').placeholder, id).to.be.true;
    });

    it('placeholders in the real texts (Nil, "-", "\\-", "* None", empty)', function () {
      if (!entries) return this.skip();
      const byId = new Map(entries.map((e) => [e.entry.nctId, e.doc]));
      const placeholders = (id: string) => byId.get(id)?.sections.filter((s) => s.placeholder).map((s) => s.id);
      if (byId.has('NCT01100827')) expect(placeholders('NCT01100827')).to.deep.equal(['inclusion', 'exclusion']);
      for (const id of ['NCT00007696', 'NCT01983007', 'NCT02510729', 'NCT05923112', 'NCT05076266']) {
        if (byId.has(id)) expect(placeholders(id), id).to.deep.equal(['exclusion']);
      }
      const withoutPlaceholders = entries.filter((e) => !['NCT00007696', 'NCT01100827', 'NCT01983007', 'NCT02510729', 'NCT05923112', 'NCT05076266'].includes(e.entry.nctId));
      for (const { doc, entry } of withoutPlaceholders) expect(doc.sections.filter((s) => s.placeholder), entry.nctId).to.be.empty;
    });
  });

  describe('rules of DESIGN.md §3, one hand-made case each', () => {
    it('recognises heading variants', () => {
      const cases: [string, string][] = [
        ['Inclusion Criteria:', 'inclusion'],
        ['INCLUSION CRITERIA', 'inclusion'],
        ['inclusion criteria', 'inclusion'],
        ['Exclusion criteria :', 'exclusion'],
        ['Key Inclusion Criteria:', 'inclusion'],
        ['Main Exclusion Criteria', 'exclusion'],
        ['Major inclusion criteria:', 'inclusion'],
        ['Specific Exclusion Criteria:', 'exclusion'],
        ['Other Exclusion Criteria:', 'exclusion'],
        ['Additional exclusion criteria for study arm 2:', 'exclusion'],
        ['Patient Inclusion Criteria:', 'inclusion'],
        ['Participant exclusion criteria:', 'exclusion'],
        ['Inclusion Criteria (Patients):', 'inclusion'],
        ['Exclusion Criteria - Healthy volunteers:', 'exclusion'],
        ['III.6 EXCLUSION CRITERIA', 'exclusion'],
        ['Inclusion:', 'inclusion'],
        ['Exclusion', 'exclusion'],
        ['Non-inclusion criteria:', 'exclusion'],
        ['Criteria for exclusion:', 'exclusion'],
        ['## Inclusion criteria', 'inclusion'],
        ['**Exclusion Criteria:**', 'exclusion'],
        ['Eligibility Criteria:', 'criteria'],
        ['Inclusion and exclusion criteria:', 'criteria'],
        ['Termination criteria:', 'other'],
      ];
      for (const [line, kind] of cases) expect(matchEligibilityHeading(line)?.kind, line).to.equal(kind);
    });

    it('keeps text glued after the colon as content', () => {
      const doc = parseEligibility('Inclusion Criteria: Adults aged 18 or over\nExclusion Criteria: Pregnancy');
      expect(doc.split).to.equal('both');
      expect(inlineText(section(doc, 'inclusion').groups[0]!.blocks[0]!.text)).to.equal('Adults aged 18 or over');
      expect(inlineText(section(doc, 'exclusion').groups[0]!.blocks[0]!.text)).to.equal('Pregnancy');
    });

    it('reads a heading written as a bullet', () => {
      const doc = parseEligibility('* Inclusion Criteria:\n* Adults\n* Consent\n\nExclusion Criteria:\n\n* Pregnancy');
      expect(doc.split).to.equal('both');
      expect(sectionCriteria(section(doc, 'inclusion')).map((c) => inlineText(c.text))).to.deep.equal(['Adults', 'Consent']);
    });

    it('treats false headings as content', () => {
      for (const line of [
        'Other inclusion and exclusion criteria may apply.',
        'Further inclusion criteria apply.',
        'Inclusion criteria is willingness to take part',
        'Note: Other protocol-defined inclusion/exclusion criteria apply.',
        'Candidates who meet ANY of the following exclusion criteria are not considered:',
      ]) {
        expect(matchEligibilityHeading(line), line).to.be.undefined;
      }
      const doc = parseEligibility(
        'Inclusion Criteria:\n\n* Adults\n* Inclusion criteria is willingness to take part\n\nFurther inclusion criteria apply.\n\nExclusion Criteria:\n\n* Smokers\n\nOther inclusion and exclusion criteria may apply.',
      );
      expect(doc.sections.map((s) => s.id)).to.deep.equal(['inclusion', 'exclusion']);
      expect(sectionCriteria(section(doc, 'inclusion'))).to.have.length(2);
      const last = section(doc, 'exclusion').groups[0]!.blocks.at(-1)!;
      expect(last.type).to.equal('note');
      expect(inlineText(last.text)).to.equal('Other inclusion and exclusion criteria may apply.');
    });

    it('puts a text without headings in one panel and never guesses a split', () => {
      const doc = parseEligibility('* Adults with asthma\n* No smoking\n* Not pregnant');
      expect(doc.split).to.equal('unsplit');
      expect(doc.sections).to.have.length(1);
      expect(doc.sections[0]!.kind).to.equal('criteria');
      expect(doc.sections[0]!.heading).to.be.undefined;
      expect(sectionCriteria(doc.sections[0]!)).to.have.length(3);
    });

    it('keeps a general "Eligibility Criteria:" heading as the one panel', () => {
      const doc = parseEligibility('Major Eligibility Criteria:\n\n* Age 4 to \\<8 years\n* Amblyopia');
      expect(doc.split).to.equal('unsplit');
      expect(doc.sections[0]!.heading).to.equal('Major Eligibility Criteria');
      expect(inlineText(sectionCriteria(doc.sections[0]!)[0]!.text)).to.equal('Age 4 to <8 years');
    });

    it('makes prose before an exclusion heading the inclusion section', () => {
      const doc = parseEligibility('Adults with asthma who use an inhaler.\n\nExclusion Criteria:\n\n* Smokers');
      expect(doc.split).to.equal('both');
      const inclusion = section(doc, 'inclusion');
      expect(inclusion.heading).to.be.undefined;
      expect(sectionCriteria(inclusion).map((c) => inlineText(c.text))).to.deep.equal(['Adults with asthma who use an inhaler.']);
    });

    it('keeps prose before an inclusion heading as the preamble', () => {
      const doc = parseEligibility('Participants must meet all of the following:\n\nInclusion Criteria:\n\n* Adults\n\nExclusion Criteria:\n\n* Smokers');
      expect(doc.preamble.map((b) => inlineText(b.text))).to.deep.equal(['Participants must meet all of the following:']);
      expect(doc.split).to.equal('both');
    });

    it('reads a second heading of the same kind as a sub-heading', () => {
      const doc = parseEligibility(
        'Exclusion Criteria:\n\n* Pregnancy\n\nAdditional exclusion criteria for study arm 2:\n\n* Hypoglycaemia\n\nOther exclusion criteria:\n\n* Allergy',
      );
      expect(doc.sections.map((s) => s.id)).to.deep.equal(['exclusion']);
      const groups = section(doc, 'exclusion').groups;
      expect(groups.map((g) => (g.heading ? inlineText(g.heading) : undefined))).to.deep.equal([
        undefined,
        'Additional exclusion criteria for study arm 2',
        'Other exclusion criteria',
      ]);
    });

    it('reads short labels before a list as sub-headings, also when indented under an item', () => {
      const doc = parseEligibility(
        'Inclusion:\n\nRegistration:\n\n* Stage IV\n\nRandomization:\n\n* Measurable disease\n\nExclusion Criteria:\n\n1. Liver disease\n\n   Prior Therapy\n2. Radiotherapy',
      );
      expect(section(doc, 'inclusion').groups.map((g) => inlineText(g.heading ?? []))).to.deep.equal(['Registration:', 'Randomization:']);
      const exclusion = section(doc, 'exclusion');
      expect(exclusion.groups.map((g) => inlineText(g.heading ?? []))).to.deep.equal(['', 'Prior Therapy']);
      expect(sectionCriteria(exclusion).map((c) => c.marker)).to.deep.equal(['1.', '2.']);
    });

    it('keeps sub-populations in their own sections', () => {
      const doc = parseEligibility(
        'Inclusion Criteria (Families):\n\n* Type 1 diabetes in the family\n\nExclusion Criteria (Families):\n\n* Type 2 only\n\nInclusion Criteria (Controls):\n\n* No family history\n\nExclusion Criteria (Controls):\n\n* Autoimmune disease',
      );
      expect(doc.sections.map((s) => [s.id, s.population])).to.deep.equal([
        ['inclusion', 'Families'],
        ['exclusion', 'Families'],
        ['inclusion-2', 'Controls'],
        ['exclusion-2', 'Controls'],
      ]);
      expect(doc.split).to.equal('both');
    });

    it('keeps prefix sub-populations apart too ("Individual …", "Family …")', () => {
      const doc = parseEligibility(
        'Individual inclusion criteria:\n\n1. Adult\n\nIndividual exclusion criteria:\n\n1. Hospitalised\n\nFamily inclusion criteria:\n\n1. Caregiver\n\nFamily exclusion criteria:\n\nAbsent often.',
      );
      expect(doc.sections.map((s) => `${s.id}:${s.population}`)).to.deep.equal([
        'inclusion:Individual',
        'exclusion:Individual',
        'inclusion-2:Family',
        'exclusion-2:Family',
      ]);
    });

    for (let spaces = 2; spaces <= 9; spaces++) {
      it(`nests a list indented by ${spaces} spaces`, () => {
        const pad = ' '.repeat(spaces);
        const doc = parseEligibility(`Inclusion Criteria:\n\n* Parent\n\n${pad}* Child one\n${pad}* Child two\n${pad}${pad}* Grandchild\n* Sibling`);
        const [parent, sibling] = sectionCriteria(section(doc, 'inclusion'));
        expect(inlineText(parent!.text)).to.equal('Parent');
        expect(parent!.children.map((c) => inlineText(c.text))).to.deep.equal(['Child one', 'Child two']);
        const childTwo = parent!.children[1] as Criterion;
        expect(childTwo.children.map((c) => inlineText(c.text))).to.deep.equal(['Grandchild']);
        expect(inlineText(sibling!.text)).to.equal('Sibling');
        expect(childTwo.children[0]!.type === 'criterion' && childTwo.children[0]!.id).to.equal('inclusion-1.2.1');
      });
    }

    it('keeps notes and preambles', () => {
      const doc = parseEligibility(
        'Inclusion Criteria:\n\nCandidates who satisfy ALL of the following:\n\n1. Adults\n\n   Note: Ages are at consent.\n2. Consent\n\nNote: The above criteria apply to all arms.',
      );
      const blocks = section(doc, 'inclusion').groups[0]!.blocks;
      expect(blocks.map((b) => b.type)).to.deep.equal(['note', 'criterion', 'criterion', 'note']);
      const adults = blocks[1] as Criterion;
      expect(adults.children.map((b) => [b.type, inlineText(b.text)])).to.deep.equal([['note', 'Note: Ages are at consent.']]);
    });

    it('marks placeholder sections (None, Nil, -, \\-, * None, empty)', () => {
      for (const body of ['None', 'Nil', '-', '\\-', '* None', '', 'N/A', 'none.']) {
        const doc = parseEligibility(`Inclusion Criteria:\n\n* Adults\n\nExclusion Criteria:\n\n${body}`);
        expect(doc.split, body).to.equal('both');
        expect(section(doc, 'exclusion').placeholder, body).to.be.true;
        expect(section(doc, 'inclusion').placeholder, body).to.be.false;
        expect(prescreenCriteria(section(doc, 'exclusion')), body).to.be.empty;
      }
    });

    it('marks the longest placeholders, padded with any punctuation and space, and nothing with more words', () => {
      const placeholder = (body: string) => section(parseEligibility(`Inclusion Criteria:\n\n* Adults\n\nExclusion Criteria:\n\n${body}`), 'exclusion').placeholder;
      for (const body of ['No exclusion criteria.', '* No  exclusion\n  criteria', '— not applicable …', `None${'.'.repeat(3000)}`, '(N/A)']) {
        expect(placeholder(body), body).to.be.true;
      }
      for (const body of ['No exclusion criteria a', 'None\n\n* Pregnancy', 'No exclusion criteria apply here', `N/A ${'x'.repeat(3000)}`]) {
        expect(placeholder(body), body).to.be.false;
      }
    });

    it('resolves escapes and drops HTML comments', () => {
      const doc = parseEligibility('Inclusion Criteria:\n\n* Age \\>= 18, BMI \\< 30 kg/m\\^2 \\[or less\\]\n\n  <!-- -->\n\n* Score \\- 1 \\*');
      const texts = sectionCriteria(section(doc, 'inclusion')).map((c) => inlineText(c.text));
      expect(texts).to.deep.equal(['Age >= 18, BMI < 30 kg/m^2 [or less]', 'Score - 1 *']);
    });

    it('keeps raw HTML as text', () => {
      const doc = parseEligibility('* <img src=x onerror=alert(1)> and <script>alert(1)</script>');
      expect(inlineText(sectionCriteria(doc.sections[0]!)[0]!.text)).to.equal('<img src=x onerror=alert(1)> and <script>alert(1)</script>');
    });

    it('records how the split was made', () => {
      expect(parseEligibility('Inclusion Criteria:\n* A\nExclusion Criteria:\n* B').split).to.equal('both');
      expect(parseEligibility('Inclusion Criteria:\n* A').split).to.equal('inclusion_only');
      expect(parseEligibility('Exclusion Criteria:\n* B').split).to.equal('exclusion_only');
      expect(parseEligibility('* A\n* B').split).to.equal('unsplit');
      expect(parseEligibility('').split).to.equal('empty');
      expect(parseEligibility('  \n\n <!-- nothing --> ').split).to.equal('empty');
    });

    it('answers an introduction with nested criteria through its children in pre-screen mode', () => {
      const doc = parseEligibility('Exclusion Criteria:\n\n1. Any of the following:\n   1. ALT \\> 5 × ULN\n   2. INR \\> 1.3\n2. Pregnancy');
      expect(prescreenCriteria(section(doc, 'exclusion')).map((c) => c.id)).to.deep.equal(['exclusion-1.1', 'exclusion-1.2', 'exclusion-2']);
    });

    it('is fast on a long text', () => {
      // Not a timing assertion: a pathological input must simply finish.
      const text = `Inclusion Criteria:\n\n${('* ' + 'word '.repeat(40) + '\n  * nested *a* **b** \\> 1\n').repeat(2000)}`;
      const doc = parseEligibility(text);
      expect(sectionCriteria(section(doc, 'inclusion'))).to.have.length(2000);
    });
  });
});
