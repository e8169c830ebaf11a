/**
 * Headings whose level the embedder sets. Lit cannot bind a tag name, so each level has its
 * own template; levels are clamped to 2–6 because the host page owns its h1.
 */
import { html, nothing, type TemplateResult } from 'lit';

export function clampHeadingLevel(level: unknown, fallback: number): number {
  const n = typeof level === 'number' ? level : Number.parseInt(String(level ?? ''), 10);
  return Number.isFinite(n) ? Math.min(6, Math.max(2, Math.trunc(n))) : fallback;
}

/** The heading level `depth` steps below `level`, never past h6. */
export function subheadingLevel(level: number, depth = 1): number {
  return Math.min(6, level + depth);
}

export interface HeadingOptions {
  id?: string;
  part?: string;
  className?: string;
}

export function renderHeading(level: number, content: unknown, options: HeadingOptions = {}): TemplateResult {
  const id = options.id ?? nothing;
  const part = options.part ?? nothing;
  const cls = options.className ?? nothing;
  switch (clampHeadingLevel(level, 2)) {
    case 2:
      return html`<h2 id=${id} part=${part} class=${cls}>${content}</h2>`;
    case 3:
      return html`<h3 id=${id} part=${part} class=${cls}>${content}</h3>`;
    case 4:
      return html`<h4 id=${id} part=${part} class=${cls}>${content}</h4>`;
    case 5:
      return html`<h5 id=${id} part=${part} class=${cls}>${content}</h5>`;
    default:
      return html`<h6 id=${id} part=${part} class=${cls}>${content}</h6>`;
  }
}
