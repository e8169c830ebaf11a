/**
 * One markdown table for every section. A row is
 * `{ id, section, name, unit, value, own?, detail?, floor?, peer?, alsoPeers?, budget?, missing? }`
 * where floor and peer are `{ name, value }` in the same unit, and budget is one condition or a
 * list of them: `{ text, max }`, `{ text, min }`, `{ text, maxFloorRatio }`, `{ text, maxPeerRatio }`.
 * Ratios are always this row / the other one.
 */
import { formatRatio, kb, ms, perSecond, ratio } from './util.mjs';

const SECTION_TITLES = { size: 'Size (gzip -9)', render: 'Render', anchoring: 'Anchoring', server: 'Server' };

export function formatValue(unit, value) {
  if (value === undefined || value === null || Number.isNaN(value)) return '—';
  if (unit === 'bytes') return kb(value);
  if (unit === 'ms') return ms(value);
  if (unit === 'rps') return perSecond(value);
  return String(value);
}

function conditions(row) {
  if (!row.budget) return [];
  return Array.isArray(row.budget) ? row.budget : [row.budget];
}

/** true / false per budget condition; undefined when it cannot be judged. */
function judge(row, condition) {
  const value = row.value;
  if (value === undefined || Number.isNaN(value)) return undefined;
  if (condition.max !== undefined) return value <= condition.max;
  if (condition.lessThan !== undefined) return value < condition.lessThan;
  if (condition.min !== undefined) return value >= condition.min;
  if (condition.maxFloorRatio !== undefined) {
    const r = ratio(value, row.floor?.value);
    return r === undefined ? undefined : r <= condition.maxFloorRatio;
  }
  if (condition.maxPeerRatio !== undefined) {
    const r = ratio(value, row.peer?.value);
    return r === undefined ? undefined : r < condition.maxPeerRatio;
  }
  return undefined;
}

/** Adds `met` (true, false or null) and the ratios to each row, for results.json. */
export function judgeRows(rows) {
  return rows.map((row) => {
    const verdicts = conditions(row).map((condition) => judge(row, condition));
    const met = row.missing || !verdicts.length || verdicts.includes(undefined) ? null : verdicts.every(Boolean);
    return {
      ...row,
      met,
      budgetVerdicts: verdicts,
      floorRatio: ratio(row.value, row.floor?.value) ?? null,
      peerRatio: ratio(row.value, row.peer?.value) ?? null,
    };
  });
}

function comparison(row, other) {
  if (!other) return '';
  if (other.value === undefined || other.value === null) return other.name;
  const r = row.value ? ratio(row.value, other.value) : undefined;
  return `${other.name} ${formatValue(row.unit, other.value)}${r === undefined ? '' : ` (${formatRatio(r)})`}`;
}

function escapeCell(text) {
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function markdownTable(judged) {
  const lines = [
    '| Measure | Value | Floor (ratio) | Peer (ratio) | Budget (§9) | Met |',
    '|---|---|---|---|---|---|',
  ];
  let section;
  for (const row of judged) {
    if (row.section !== section) {
      section = row.section;
      lines.push(`| **${SECTION_TITLES[section] ?? section}** | | | | | |`);
    }
    let value;
    if (row.missing) value = row.missing;
    else {
      value = row.display ?? formatValue(row.unit, row.value);
      if (row.own !== undefined) value += ` (own code ${formatValue(row.unit, row.own)})`;
      if (row.detail) value += ` ${row.detail}`;
    }
    const peers = [row.peer, ...(row.alsoPeers ?? [])].filter(Boolean).map((peer) => comparison(row, peer));
    const met = metCell(row);
    lines.push(
      `| ${escapeCell(row.name)} | ${escapeCell(value)} | ${escapeCell(row.missing ? '' : comparison(row, row.floor))} | ${escapeCell(
        row.missing ? '' : peers.join('; '),
      )} | ${escapeCell(conditions(row).map((c) => c.text).join('; ') || '—')} | ${met} |`,
    );
  }
  return lines.join('\n');
}

function metCell(row) {
  const all = conditions(row);
  if (row.missing || !all.length) return '—';
  if (row.met === true) return 'yes';
  if (row.met === false || row.budgetVerdicts.includes(false)) return `**no** (${failed(row)})`;
  const unknown = all.filter((_, index) => row.budgetVerdicts[index] === undefined).map((condition) => condition.text);
  return row.budgetVerdicts.includes(true) ? `yes, but n/a: ${unknown.join('; ')}` : 'n/a';
}

function failed(row) {
  return conditions(row)
    .filter((_, index) => row.budgetVerdicts[index] === false)
    .map((condition) => condition.text)
    .join('; ');
}
