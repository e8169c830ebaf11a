import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { csvCell, csvRow } from './csv.ts';

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
          const formula = /^[=+\-@\t\r]/.test(original);
          assert.equal(cell, formula ? `'${original}` : original);
          assert.ok(!/^[=+\-@\t\r]/.test(cell), 'no cell starts like a formula');
        });
      }),
    );
  });

  it('writes numbers, objects and empty values', () => {
    assert.equal(csvCell(-1), `"'-1"`);
    assert.equal(csvCell({ a: 1 }), '"{""a"":1}"');
    assert.equal(csvCell(null), '""');
  });
});
