/**
 * The eligibility texts the render section uses: the longest real one from
 * ../shared/fixtures/eligibility, and a 19,000-character one (the size DESIGN.md §9 names).
 * When the real texts are shorter, the long one is real texts joined, longest first; when the
 * fixtures are absent it is generated in the same shape (headings, numbered items, nested
 * bullets, markdown escapes) so the bench still runs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from './util.mjs';

export const TARGET_CHARS = 19_000;

function realTexts() {
  const dir = fromRoot('../shared/fixtures/eligibility');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && name !== 'index.json')
    .map((name) => {
      const json = JSON.parse(readFileSync(join(dir, name), 'utf8'));
      return { nctId: json.nctId ?? name.replace(/\.json$/, ''), text: json.eligibilityCriteria ?? '' };
    })
    .filter((entry) => entry.text.trim())
    .sort((a, b) => b.text.length - a.text.length);
}

const WORDS = (
  'participants must have a confirmed diagnosis of disease documented by biopsy or imaging within ' +
  'the last months prior to screening adequate organ function defined as serum creatinine below ' +
  'upper limit of normal hemoglobin platelet count absolute neutrophil total bilirubin liver ' +
  'enzymes history of prior treatment with investigational agents pregnancy or breastfeeding ' +
  'known hypersensitivity active infection requiring systemic therapy willing and able to comply ' +
  'with study visits informed consent signed by participant or legally authorized representative'
).split(' ');

/** Deterministic criteria text of about `chars` characters, in the shape of real records. */
export function syntheticCriteria(chars) {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const sentence = () => {
    const length = 12 + Math.floor(next() * 24);
    const words = Array.from({ length }, () => WORDS[Math.floor(next() * WORDS.length)]);
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    if (next() < 0.2) words.splice(3, 0, '\\>= 18');
    return `${words.join(' ')}.`;
  };
  const section = (heading, share) => {
    const lines = [`${heading}:`, ''];
    let item = 1;
    while (lines.join('\n').length < share) {
      lines.push(`${item}. ${sentence()}`);
      if (next() < 0.3) for (let sub = 0; sub < 2; sub += 1) lines.push(`   * ${sentence()}`);
      item += 1;
    }
    return lines.join('\n');
  };
  return `${section('Inclusion Criteria', chars * 0.45)}\n\n${section('Exclusion Criteria', chars * 0.55)}`.slice(0, chars + 200);
}

/** `{ longestReal?, long }`, each `{ label, text, source }`. */
export function criteriaTexts() {
  const texts = realTexts();
  const longest = texts[0];
  const longestReal = longest
    ? { label: `${longest.text.length.toLocaleString('en-US')}-char criteria (longest real, ${longest.nctId})`, text: longest.text, source: longest.nctId }
    : undefined;
  let long;
  if (longest && longest.text.length >= TARGET_CHARS) {
    long = longestReal;
  } else if (texts.length) {
    // Longest first, then the shortest text that reaches the target, so the total lands near it.
    const parts = [texts[0]];
    const unused = texts.slice(1);
    let length = texts[0].text.length;
    while (length < TARGET_CHARS && unused.length) {
      const remaining = TARGET_CHARS - length - 2;
      const closing = [...unused].reverse().find((entry) => entry.text.length >= remaining);
      const chosen = closing ?? unused[0];
      unused.splice(unused.indexOf(chosen), 1);
      parts.push(chosen);
      length += chosen.text.length + 2;
    }
    const text = parts.map((entry) => entry.text).join('\n\n');
    long = {
      label: `${text.length.toLocaleString('en-US')}-char criteria (${parts.length} real texts joined)`,
      text,
      source: parts.map((entry) => entry.nctId).join('+'),
    };
  } else {
    const text = syntheticCriteria(TARGET_CHARS);
    long = { label: `${text.length.toLocaleString('en-US')}-char criteria (synthesized; ../shared/fixtures absent)`, text, source: 'synthetic' };
  }
  return { longestReal: longestReal === long ? undefined : longestReal, long };
}

/** The seed record (test/fixtures/NCT06801119.json) with its criteria replaced by `text`. */
export function recordWithCriteria(text) {
  const record = JSON.parse(readFileSync(fromRoot('test/fixtures/NCT06801119.json'), 'utf8'));
  record.protocolSection.eligibilityModule = { ...record.protocolSection.eligibilityModule, eligibilityCriteria: text };
  return record;
}
