/**
 * The CommonMark subset that ClinicalTrials.gov rich text uses, parsed to a small tree that
 * elements turn into Lit templates. Nothing here produces HTML strings: raw HTML in the source
 * stays text, and only http(s) and mailto links become links.
 */
import { isSpacePunctuationOrSymbol } from './character-classes.ts';

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'emphasis'; children: Inline[] }
  | { type: 'strong'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'break' };

export interface ListItem {
  blocks: Block[];
}

export type Block =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'heading'; level: number; children: Inline[] }
  | { type: 'list'; ordered: boolean; start: number; items: ListItem[] };

/** Longer sources are cut here so a pathological record cannot stall the page. */
export const MARKDOWN_MAX_CHARS = 100_000;

const ESCAPABLE = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;
const LIST_MARKER = /^([ \t]*)([*+-]|\d{1,9}[.)])(?:[ \t]+|$)(.*)$/;
const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const SAFE_HREF = /^(https?:\/\/|mailto:)/i;

/** Resolves backslash escapes (`\>` → `>`) and nothing else. */
export function unescapeMarkdown(source: string): string {
  return source.replace(/\\([!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~])/g, '$1');
}

/** Strips `<!-- … -->` comments, which CT.gov records occasionally carry. */
export function stripHtmlComments(source: string): string {
  // Most records have none: a substring search is cheaper than running the pattern over the text.
  return source.includes('<!--') ? source.replace(/<!--[\s\S]*?(?:-->|$)/g, '') : source;
}

/** The href a link may carry, or undefined when its scheme is not http(s) or mailto. */
export function safeHref(raw: string): string | undefined {
  const href = raw.trim();
  return SAFE_HREF.test(href) && !/[\s<>"]/.test(href) ? href : undefined;
}

/** Width of a line's leading white space, tabs to the next multiple of four. */
export function indentOf(line: string): number {
  let width = 0;
  for (const ch of line) {
    if (ch === ' ') width += 1;
    else if (ch === '\t') width += 4 - (width % 4);
    else break;
  }
  return width;
}

interface OpenItem {
  indent: number;
  list: Extract<Block, { type: 'list' }>;
  item: ListItem;
}

/** Parses markdown into blocks. Never throws. */
export function parseMarkdown(source: string): Block[] {
  const text = stripHtmlComments(source.length > MARKDOWN_MAX_CHARS ? source.slice(0, MARKDOWN_MAX_CHARS) : source);
  const root: Block[] = [];
  const open: OpenItem[] = [];
  let paragraph: string[] | undefined;
  let paragraphTarget: Block[] = root;

  const target = (): Block[] => open.at(-1)?.item.blocks ?? root;
  const flush = () => {
    if (paragraph) paragraphTarget.push({ type: 'paragraph', children: parseInline(paragraph.join('\n')) });
    paragraph = undefined;
  };

  for (const line of text.split(/\r\n?|\n/)) {
    if (!line.trim()) {
      flush();
      continue;
    }
    const indent = indentOf(line);
    const heading = HEADING.exec(line);
    if (heading && indent < 4) {
      flush();
      open.length = 0;
      root.push({ type: 'heading', level: heading[1]!.length, children: parseInline(heading[2]!) });
      continue;
    }
    const marker = LIST_MARKER.exec(line);
    if (marker) {
      flush();
      while (open.length && indent < open.at(-1)!.indent) open.pop();
      const ordered = /\d/.test(marker[2]!);
      const top = open.at(-1);
      const item: ListItem = { blocks: [] };
      // Real records indent nested lists by 2–9 spaces, often less than CommonMark's content
      // column, so any deeper marker nests and an equal one is a sibling.
      if (top && indent === top.indent && top.list.ordered === ordered) {
        open.pop();
        top.list.items.push(item);
        open.push({ indent, list: top.list, item });
      } else {
        if (top && indent === top.indent) open.pop();
        const list: Extract<Block, { type: 'list' }> = {
          type: 'list',
          ordered,
          start: ordered ? Number.parseInt(marker[2]!, 10) : 1,
          items: [item],
        };
        target().push(list);
        open.push({ indent, list, item });
      }
      paragraph = marker[3]!.trim() ? [marker[3]!.trim()] : undefined;
      paragraphTarget = item.blocks;
      continue;
    }
    if (paragraph) {
      paragraph.push(line.trim());
      continue;
    }
    while (open.length && indent <= open.at(-1)!.indent) open.pop();
    paragraph = [line.trim()];
    paragraphTarget = target();
  }
  flush();
  return root;
}

function isPunctuationOrSpace(ch: string | undefined): boolean {
  return ch === undefined || isSpacePunctuationOrSymbol(ch);
}

/** Finds the closing delimiter for emphasis opened at `from`, or -1. */
function findCloser(source: string, from: number, delimiter: string): number {
  for (let i = from; i <= source.length - delimiter.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      i++;
      continue;
    }
    if (source.startsWith(delimiter, i) && !/\s/.test(source[i - 1] ?? ' ')) {
      const after = source[i + delimiter.length];
      if (delimiter[0] === '_' && !isPunctuationOrSpace(after)) continue;
      if (delimiter === '*' && after === '*') {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}

function findLinkEnd(source: string, from: number): { textEnd: number; hrefEnd: number } | undefined {
  let depth = 0;
  for (let i = from; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === '[') depth++;
    else if (ch === ']') {
      if (depth === 0) {
        if (source[i + 1] !== '(') return undefined;
        // Destinations may hold balanced parentheses, as CommonMark allows.
        let parens = 0;
        for (let j = i + 2; j < source.length; j++) {
          const c = source[j];
          if (c === '\\') j++;
          else if (c === '(') parens++;
          else if (c === ')' && parens-- === 0) return { textEnd: i, hrefEnd: j };
          else if (c === '\n') return undefined;
        }
        return undefined;
      }
      depth--;
    }
  }
  return undefined;
}

/**
 * The characters parseInline looks at; every other one is plain text. An "h" counts only where
 * a bare URL could start: English criteria have an "h" every few words, and stopping at each
 * one made the plain-text runs short.
 */
const INLINE_SPECIAL = /[\\\n*_[<]|h(?=ttps?:\/\/)/gi;

/** Parses inline markdown: escapes, emphasis, strong, links, autolinks and bare URLs. */
export function parseInline(source: string): Inline[] {
  const out: Inline[] = [];
  let buffer = '';
  const pushText = () => {
    if (buffer) out.push({ type: 'text', text: buffer });
    buffer = '';
  };

  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    // Plain text up to the next character that may start something: one copy per run.
    INLINE_SPECIAL.lastIndex = i;
    const next = INLINE_SPECIAL.exec(source)?.index ?? source.length;
    if (next > i) {
      buffer += source.slice(i, next);
      i = next - 1;
      continue;
    }

    if (ch === '\\') {
      const next = source[i + 1];
      if (next === '\n') {
        pushText();
        out.push({ type: 'break' });
        i++;
      } else if (next !== undefined && ESCAPABLE.test(next)) {
        buffer += next;
        i++;
      } else buffer += ch;
      continue;
    }
    if (ch === '\n') {
      // Two trailing spaces make a hard break; otherwise a soft break reads as a space.
      if (buffer.endsWith('  ')) {
        buffer = buffer.trimEnd();
        pushText();
        out.push({ type: 'break' });
      } else buffer = buffer.trimEnd() + ' ';
      continue;
    }
    if ((ch === '*' || ch === '_') && !/\s/.test(source[i + 1] ?? ' ')) {
      const strong = source[i + 1] === ch;
      const delimiter = strong ? ch + ch : ch;
      const leftOk = ch === '*' || isPunctuationOrSpace(source[i - 1]);
      const start = i + delimiter.length;
      const close = leftOk && !/\s/.test(source[start] ?? ' ') ? findCloser(source, start + 1, delimiter) : -1;
      if (close > start - 1 && close !== -1) {
        pushText();
        out.push({ type: strong ? 'strong' : 'emphasis', children: parseInline(source.slice(start, close)) });
        i = close + delimiter.length - 1;
        continue;
      }
    }
    if (ch === '[') {
      const end = findLinkEnd(source, i + 1);
      if (end) {
        const href = safeHref(source.slice(end.textEnd + 2, end.hrefEnd));
        const children = parseInline(source.slice(i + 1, end.textEnd));
        pushText();
        // A link with an unsafe scheme keeps its words and loses its target.
        if (href) out.push({ type: 'link', href, children });
        else out.push(...children);
        i = end.hrefEnd;
        continue;
      }
    }
    if (ch === '<') {
      const auto = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i.exec(source.slice(i, i + 200));
      if (auto) {
        pushText();
        out.push({ type: 'link', href: auto[1]!, children: [{ type: 'text', text: auto[1]! }] });
        i += auto[0].length - 1;
        continue;
      }
    }
    if ((ch === 'h' || ch === 'H') && isPunctuationOrSpace(source[i - 1])) {
      const bare = /^https?:\/\/[^\s<>"]+/i.exec(source.slice(i, i + 200));
      if (bare) {
        const url = bare[0].replace(/[.,;:!?)\]'"]+$/, '');
        pushText();
        out.push({ type: 'link', href: url, children: [{ type: 'text', text: url }] });
        i += url.length - 1;
        continue;
      }
    }
    buffer += ch;
  }
  pushText();
  return out;
}

/** The plain text of inline nodes, e.g. for labels and word checks. */
export function inlineText(nodes: readonly Inline[]): string {
  return nodes.map((node) => (node.type === 'text' ? node.text : node.type === 'break' ? '\n' : inlineText(node.children))).join('');
}
