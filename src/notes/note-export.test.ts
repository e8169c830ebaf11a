import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { csvField, markdownText, notesToCsv, notesToMarkdown, questionSheet, sheetToMarkdown, type ExportedNote } from './note-export.ts';

/** A strict RFC 4180 reader, to check that what is written reads back the same. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

const note = (quote: string, body: string): ExportedNote => ({ quote, body, created: '2026-11-20T10:00:00.000Z', state: 'Found' });

describe('note export', () => {
  it('writes CSV that reads back field for field, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ quote: fc.string(), body: fc.string() }), { maxLength: 8 }), (list) => {
        const csv = notesToCsv(
          list.map((n) => note(n.quote, n.body)),
          ['Quote', 'Note', 'State', 'Created'],
        );
        const rows = parseCsv(csv);
        expect(rows).to.have.length(list.length + 1);
        list.forEach((n, i) => {
          const [quote, body] = rows[i + 1]!;
          // A formula-looking field comes back with its guard quote, and only then.
          expect(quote).to.equal(/^[=+\-@\t\r]/.test(n.quote) ? `'${n.quote}` : n.quote);
          expect(body).to.equal(/^[=+\-@\t\r]/.test(n.body) ? `'${n.body}` : n.body);
        });
      }),
    );
  });

  it('keeps spreadsheets from running a note as a formula', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).to.equal('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('@SUM(A1)')).to.equal("'@SUM(A1)");
    expect(csvField('plain')).to.equal('plain');
  });

  it('writes Markdown in which a note’s own characters stay text', () => {
    const md = notesToMarkdown([note('kidney *function*', '# not a heading\n1. not a list'), note('visits', '')], { title: 'My notes', empty: '(no text)' });
    expect(md).to.equal('# My notes\n\n> kidney \\*function\\*\n\n\\# not a heading\n1\\. not a list\n\n> visits\n\n_(no text)_\n');
    expect(markdownText('<img src=x>')).to.equal('\\<img src=x\\>');
  });

  it('makes the question sheet from the notes and the “not sure” answers only', () => {
    const sheet = questionSheet(
      [note('twelve weeks', 'Can I start later?')],
      [
        { section: 'inclusion', criterion: 'Adults aged 18 or over', answer: 'yes' },
        { section: 'exclusion', criterion: 'Kidney   disease', answer: 'unsure' },
        { section: 'exclusion', criterion: 'Pregnancy', answer: 'no' },
      ],
    );
    expect(sheet.unsure.map((a) => a.criterion)).to.deep.equal(['Kidney   disease']);
    const md = sheetToMarkdown(sheet, { title: 'Questions', notesHeading: 'My notes', unsureHeading: 'Not sure', empty: '(no text)' });
    expect(md).to.equal('# Questions\n\n## Not sure\n\n- Kidney disease\n\n## My notes\n\n> twelve weeks\n\nCan I start later?\n');
  });
});
