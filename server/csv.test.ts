import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { csvCell, csvRow, looksLikeFormula } from './csv.ts';

/** A strict RFC 4180 reader for one row of quoted cells. */
function readRow(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i < line.length) {
    assert.equal(line[i], '"', 'every cell is quoted');
    let value = '';
    i++;
    for (;;) {
      const quote = line.indexOf('"', i);
      assert.ok(quote >= 0, 'a cell is closed');
      value += line.slice(i, quote);
      if (line[quote + 1] === '"') {
        value += '"';
        i = quote + 2;
      } else {
        i = quote + 1;
        break;
      }
    }
    cells.push(value);
    if (line.startsWith('\r\n', i)) break;
    assert.equal(line[i], ',', 'cells are separated by commas');
    i++;
  }
  return cells;
}

describe('csv', () => {
  it('round-trips any text, neutralising formulas', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 6 }), (values) => {
        const cells = readRow(csvRow(values));
        assert.equal(cells.length, values.length);
        cells.forEach((cell, i) => {
          const original = values[i]!;
          const formula = looksLikeFormula(original);
          assert.equal(cell, formula ? `'${original}` : original);
          // What a spreadsheet sees first is either the apostrophe or no formula sign.
          assert.ok(cell.startsWith("'") || !looksLikeFormula(cell), 'no cell starts like a formula');
          if (/^[=+\-@\t\r]/.test(original)) assert.ok(formula, 'the plain formula starts are still caught');
        });
      }),
    );
  });

  it('defuses formulas behind spaces, quotes, control characters and full-width signs', () => {
    const hidden = ['  =1+1', '"=cmd|\' /C calc\'!A0', '\0=1+1', '\u00A0=1', '\u3000+1', '\uFEFF@SUM(A1)', "'=1", '\u200B-1', '\n=1', '\x7F=1', '＝1+1', ' ＋1', '＠A1', '－1'];
    for (const text of hidden) {
      assert.ok(looksLikeFormula(text), JSON.stringify(text));
      assert.equal(csvCell(text), `"'${text.replace(/"/g, '""')}"`, JSON.stringify(text));
    }
    for (const text of ['plain', ' plain', '"quoted"', 'a=b', 'Ann-Marie', '1+1', 'x@example.org', '']) {
      assert.equal(looksLikeFormula(text), false, JSON.stringify(text));
      assert.equal(csvCell(text), `"${text.replace(/"/g, '""')}"`);
    }
  });

  it('writes numbers, objects and empty values', () => {
    assert.equal(csvCell(-1), `"'-1"`);
    assert.equal(csvCell({ a: 1 }), '"{""a"":1}"');
    assert.equal(csvCell(null), '""');
  });
});
