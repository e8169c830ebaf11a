/**
 * Questions and answers for `<trial-faq>`: the five defaults, and the host page's own
 * `<details><summary>` children read into the markdown tree so they render through the same
 * safe templates (links stay links only for http(s) and mailto).
 */
import { msg } from '@lit/localize';
import { parseMarkdown, safeHref, type Block, type Inline } from '../../model/markdown.ts';

export interface FaqEntry {
  question: string;
  /** Markdown. */
  answer: string;
}

/** A question whose answer is already a block tree (from the host's markup). */
export interface FaqItem {
  question: string;
  answer: Block[];
}

/** The five questions readers ask first; read at render time so they follow the language. */
export function defaultFaq(): FaqEntry[] {
  return [
    {
      question: msg('What is a clinical trial?'),
      answer: msg(
        'A clinical trial is a research study with volunteers that tests whether a new treatment, test or way of care is safe and works. Every trial follows a written plan and is reviewed by an ethics committee before it starts.',
      ),
    },
    {
      question: msg('Why take part in a clinical trial?'),
      answer: msg(
        'People take part to get access to a treatment that is not yet widely available, to receive close care from a research team, and to help future patients. Taking part is always voluntary, and you can leave a trial at any time without affecting your usual care.',
      ),
    },
    {
      question: msg('How long does a clinical trial last?'),
      answer: msg(
        'It depends on the study: some last a few weeks, others several years. The study team will tell you how many visits there are, how long each one takes, and how long you will be followed up.',
      ),
    },
    {
      question: msg('Will I be paid or have my costs covered?'),
      answer: msg(
        'Many trials cover the study treatment and study tests, and some pay for travel or time. What is offered differs between trials and sites, so ask the study team before you decide.',
      ),
    },
    {
      question: msg('How safe is a clinical trial?'),
      answer: msg(
        'Every trial has risks as well as possible benefits. Trials are approved by ethics committees and regulators, participants are watched closely, and an independent board can stop a trial if there are safety concerns. The study team will explain the known risks before you agree to take part.',
      ),
    },
  ];
}

function inlineFrom(nodes: NodeListOf<ChildNode> | ChildNode[]): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = (node.textContent ?? '').replace(/\s+/g, ' ');
      if (text) out.push({ type: 'text', text });
      continue;
    }
    if (!(node instanceof Element)) continue;
    const tag = node.localName;
    if (tag === 'script' || tag === 'style' || tag === 'template') continue;
    const children = inlineFrom([...node.childNodes]);
    if (tag === 'br') out.push({ type: 'break' });
    else if (tag === 'a') {
      const href = safeHref(node.getAttribute('href') ?? '');
      out.push(...(href ? [{ type: 'link' as const, href, children }] : children));
    } else if (tag === 'strong' || tag === 'b') out.push({ type: 'strong', children });
    else if (tag === 'em' || tag === 'i') out.push({ type: 'emphasis', children });
    else out.push(...children);
  }
  return out;
}

function blocksFrom(nodes: ChildNode[]): Block[] {
  const blocks: Block[] = [];
  let loose: ChildNode[] = [];
  const flushLoose = () => {
    const children = inlineFrom(loose);
    if (children.some((node) => node.type !== 'text' || node.text.trim())) blocks.push({ type: 'paragraph', children });
    loose = [];
  };
  for (const node of nodes) {
    const tag = node instanceof Element ? node.localName : '';
    if (tag === 'summary') continue;
    if (tag === 'ul' || tag === 'ol') {
      flushLoose();
      const items = [...(node as Element).children]
        .filter((li) => li.localName === 'li')
        .map((li) => ({ blocks: blocksFrom([...li.childNodes]) }));
      const start = Number.parseInt((node as Element).getAttribute('start') ?? '1', 10);
      blocks.push({ type: 'list', ordered: tag === 'ol', start: Number.isFinite(start) ? start : 1, items });
    } else if (tag === 'p' || tag === 'div' || /^h[1-6]$/.test(tag)) {
      flushLoose();
      loose = [...node.childNodes];
      flushLoose();
    } else loose.push(node);
  }
  flushLoose();
  return blocks;
}

/** Reads `<details><summary>Question</summary>answer…</details>` children of the host. */
export function faqFromChildren(host: Element): FaqItem[] {
  return [...host.children]
    .filter((child) => child.localName === 'details')
    .map((details) => ({
      question: (details.querySelector(':scope > summary')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      answer: blocksFrom([...details.childNodes]),
    }))
    .filter((item) => item.question);
}

export function faqFromEntries(entries: readonly FaqEntry[]): FaqItem[] {
  return entries
    .filter((entry) => entry && typeof entry.question === 'string' && entry.question.trim())
    .map((entry) => ({ question: entry.question.trim(), answer: parseMarkdown(String(entry.answer ?? '')) }));
}
