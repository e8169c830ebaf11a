/**
 * Edit distances for fuzzy anchoring: plain Levenshtein for comparing a remembered quote or
 * context with what is there now, and a semi-global variant that finds where in a stretch of
 * text a changed quote now sits. Both keep two rows of typed arrays, so a 2,000-character quote
 * costs no garbage per character.
 */

/** Levenshtein distance, two rows. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const substitute = previous[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const remove = previous[j]! + 1;
      const insert = current[j - 1]! + 1;
      current[j] = substitute < remove ? (substitute < insert ? substitute : insert) : remove < insert ? remove : insert;
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/** 1 for equal strings, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - editDistance(a, b) / longest;
}

/**
 * The best approximate occurrence of `pattern` in `text[from, to)`: semi-global edit distance
 * (free start and end in the text), tracking where each alignment starts.
 */
export function bestApproximate(text: string, from: number, to: number, pattern: string): { start: number; end: number; distance: number } {
  const m = pattern.length;
  let previous = new Int32Array(m + 1);
  let current = new Int32Array(m + 1);
  let previousStart = new Int32Array(m + 1);
  let currentStart = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) {
    previous[i] = i;
    previousStart[i] = from;
  }
  let best = { start: from, end: from, distance: m };
  const codes = new Int32Array(m);
  for (let i = 0; i < m; i++) codes[i] = pattern.charCodeAt(i);
  for (let t = from; t < to; t++) {
    const c = text.charCodeAt(t);
    current[0] = 0;
    currentStart[0] = t + 1;
    for (let i = 1; i <= m; i++) {
      const substitute = previous[i - 1]! + (codes[i - 1] === c ? 0 : 1);
      const skipText = previous[i]! + 1;
      const skipPattern = current[i - 1]! + 1;
      if (substitute <= skipText && substitute <= skipPattern) {
        current[i] = substitute;
        currentStart[i] = previousStart[i - 1]!;
      } else if (skipText <= skipPattern) {
        current[i] = skipText;
        currentStart[i] = previousStart[i]!;
      } else {
        current[i] = skipPattern;
        currentStart[i] = currentStart[i - 1]!;
      }
    }
    if (current[m]! < best.distance) {
      best = { start: currentStart[m]!, end: t + 1, distance: current[m]! };
    }
    [previous, current] = [current, previous];
    [previousStart, currentStart] = [currentStart, previousStart];
  }
  return best;
}
