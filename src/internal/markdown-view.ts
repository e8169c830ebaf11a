/**
 * Turns the markdown tree of `src/model/markdown.ts` into Lit templates. Every string goes
 * through Lit's text bindings, so data can never become markup.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { parseMarkdown, type Block, type Inline } from '../model/markdown.ts';

/**
 * Inline nodes as something a Lit child binding takes. Plain text, most criteria, is returned
 * as the string itself: a list would cost the binding a part and two markers per item.
 */
export function renderInline(nodes: readonly Inline[]): unknown {
  const only = nodes.length === 1 ? nodes[0]! : undefined;
  if (only?.type === 'text') return only.text;
  return nodes.map((node) => {
    switch (node.type) {
      case 'text':
        return node.text;
      case 'break':
        return html`<br />`;
      case 'emphasis':
        return html`<em>${renderInline(node.children)}</em>`;
      case 'strong':
        return html`<strong>${renderInline(node.children)}</strong>`;
      case 'link':
        // Links leave the host page in a new tab and carry no opener or referrer.
        return html`<a href=${node.href} target="_blank" rel="noopener noreferrer nofollow">${renderInline(node.children)}</a>`;
    }
  });
}

export function renderBlocks(blocks: readonly Block[]): TemplateResult[] {
  return blocks.map((block) => {
    switch (block.type) {
      case 'paragraph':
        return html`<p>${renderInline(block.children)}</p>`;
      case 'heading':
        // Headings inside trial text must not compete with the page outline, so they read as
        // strong paragraphs.
        return html`<p class="md-heading"><strong>${renderInline(block.children)}</strong></p>`;
      case 'list': {
        const items = block.items.map((item) => html`<li>${renderBlocks(item.blocks)}</li>`);
        return block.ordered
          ? html`<ol start=${block.start === 1 ? nothing : block.start}>${items}</ol>`
          : html`<ul>${items}</ul>`;
      }
    }
  });
}

/** Parses and renders markdown source in one step. */
export function renderMarkdown(source: string | undefined): TemplateResult[] {
  return source ? renderBlocks(parseMarkdown(source)) : [];
}
