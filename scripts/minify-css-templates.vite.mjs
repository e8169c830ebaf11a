/**
 * Minifies the CSS inside Lit's `css\`…\`` templates in src/: the JavaScript minifier keeps
 * template text as written, indentation and comments included, and every element ships its
 * styles that way. Comments go, whitespace runs become one space, and the spaces around
 * `{ } ; , >` and after `:` go; quoted strings and `${…}` expressions are left as they are.
 * Nothing else changes, so the CSS means what it meant (descendant spaces, `calc(a + b)` stay).
 */
import MagicString from 'magic-string';

const CSS_TAG = /\bcss`/g;

/** Minifies one run of CSS text that holds no quoted string. */
function squeeze(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':');
}

/** Minifies a template's static text, leaving quoted strings whole. */
export function minifyCss(text) {
  return text
    .split(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/)
    .map((part, index) => (index % 2 ? part : squeeze(part)))
    .join('')
    .trim();
}

/**
 * The static parts of the template starting at `start` (just after the backtick), as
 * `[from, to]` offsets, and where the template ends.
 */
function templateParts(code, start) {
  const parts = [];
  let from = start;
  let i = start;
  while (i < code.length) {
    const char = code[i];
    if (char === '\\') i += 2;
    else if (char === '`') {
      parts.push([from, i]);
      return { parts, end: i };
    } else if (char === '$' && code[i + 1] === '{') {
      parts.push([from, i]);
      let depth = 1;
      i += 2;
      while (i < code.length && depth > 0) {
        if (code[i] === '{') depth++;
        else if (code[i] === '}') depth--;
        i++;
      }
      from = i;
    } else i++;
  }
  return undefined;
}

export function minifyCssTemplates() {
  return {
    name: 'trialkit-minify-css-templates',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]src[\\/].*\.ts$/.test(id) || !code.includes('css`')) return undefined;
      const out = new MagicString(code);
      for (const match of code.matchAll(CSS_TAG)) {
        const template = templateParts(code, match.index + match[0].length);
        if (!template) continue;
        template.parts.forEach(([from, to], index) => {
          const text = code.slice(from, to);
          // Keep one space where an expression meets text, so `${a} b` does not become `${a}b`.
          let minified = minifyCss(text);
          if (index > 0 && /^\s/.test(text) && minified) minified = ` ${minified}`;
          if (index < template.parts.length - 1 && /\s$/.test(text) && minified) minified = `${minified} `;
          if (minified !== text) {
            if (minified) out.overwrite(from, to, minified);
            else if (to > from) out.remove(from, to);
          }
        });
      }
      return out.hasChanged() ? { code: out.toString(), map: out.generateMap({ hires: true, source: id }) } : undefined;
    },
  };
}
