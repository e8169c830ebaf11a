/**
 * Runs inside the bench page (beside dist/trialkit.js). Times one render of trialkit elements
 * and one render of the same final DOM from a single HTML string, and serializes that DOM.
 * Both timings end after a forced style and layout pass, so each includes the browser's work
 * to lay out what it made, not only the script that made it; `buildMs` is the part before that
 * pass (script, or HTML parsing for the floor) and `layoutMs` the pass itself.
 */

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const RAW_TEXT = new Set(['script', 'style']);

function stage() {
  return document.getElementById('stage');
}

function clearStage() {
  stage().replaceChildren();
}

/** Forces style recalculation and layout of everything on the page, shadow trees included. */
function forceLayout() {
  return document.documentElement.getBoundingClientRect().height + stage().offsetHeight;
}

/** Waits until no Lit element in `roots` (or their shadow trees, however deep) has an update pending. */
async function settle(roots) {
  for (let round = 0; round < 50; round += 1) {
    const pending = [];
    const visit = (root) => {
      for (const element of root.querySelectorAll('*')) {
        if (element.isUpdatePending) pending.push(element.updateComplete);
        if (element.shadowRoot) visit(element.shadowRoot);
      }
    };
    for (const root of roots) {
      if (root.isUpdatePending) pending.push(root.updateComplete);
      if (root.shadowRoot) visit(root.shadowRoot);
    }
    if (!pending.length) return round;
    await Promise.all(pending);
  }
  return -1;
}

/** Text of the stage with shadow trees included, for checking both renders show the same words. */
function composedText(root = stage()) {
  let text = '';
  for (const node of root.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) text += node.data;
    else if (node.nodeType === Node.ELEMENT_NODE && !RAW_TEXT.has(node.localName)) {
      if (node.shadowRoot) text += composedText(node.shadowRoot);
      text += composedText(node.localName === 'template' ? node.content : node);
    }
  }
  return text;
}

function describe(mark, buildMs) {
  const text = composedText();
  return {
    ms: mark,
    buildMs,
    layoutMs: mark - buildMs,
    height: stage().getBoundingClientRect().height,
    nodes: countNodes(stage()),
    textLength: text.replace(/\s+/g, ' ').length,
  };
}

function countNodes(root) {
  let count = 0;
  for (const element of root.querySelectorAll('*')) {
    count += 1;
    if (element.shadowRoot) count += countNodes(element.shadowRoot);
  }
  return count;
}

/**
 * Creates `tags` with `study` set (and `attributes[tag]`, if any), appends them, waits for every
 * nested update, lays out.
 */
async function renderTrialkit(tags, study, attributes = {}) {
  clearStage();
  const target = stage();
  const start = performance.now();
  const elements = tags.map((tag) => {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes[tag] ?? {})) element.setAttribute(name, value);
    element.study = study;
    target.append(element);
    return element;
  });
  await settle(elements);
  const built = performance.now() - start;
  forceLayout();
  const result = describe(performance.now() - start, built);
  result.states = elements.map((element) => ({
    tag: element.localName,
    defined: Boolean(customElements.get(element.localName)),
    busy: element.getAttribute('aria-busy') === 'true',
    hasShadow: Boolean(element.shadowRoot?.childNodes.length),
  }));
  return result;
}

/** Sets one HTML string (declarative shadow roots included) and lays out: the floor. */
function renderMarkup(markup) {
  clearStage();
  const target = stage();
  const start = performance.now();
  target.setHTMLUnsafe(markup);
  const built = performance.now() - start;
  forceLayout();
  return describe(performance.now() - start, built);
}

function escapeText(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;');
}

function escapeAttribute(text) {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/\u00a0/g, '&nbsp;');
}

function sheetText(root) {
  return [...root.adoptedStyleSheets].map((sheet) => [...sheet.cssRules].map((rule) => rule.cssText).join('\n')).join('\n');
}

/**
 * The stage's final DOM as one HTML string: open shadow roots become declarative shadow roots
 * with their adopted style sheets as <style>; Lit's marker comments are left out. Custom
 * element names get a `floor-` prefix so nothing upgrades when the string is set again.
 */
function serializeStage() {
  const rename = (tag) => (customElements.get(tag) ? `floor-${tag}` : tag);
  const children = (parent) => [...parent.childNodes].map(node).join('');
  const node = (current) => {
    if (current.nodeType === Node.TEXT_NODE) {
      return RAW_TEXT.has(current.parentNode?.localName) ? current.data : escapeText(current.data);
    }
    if (current.nodeType !== Node.ELEMENT_NODE) return '';
    const tag = rename(current.localName);
    let out = `<${tag}`;
    for (const attribute of current.attributes) out += ` ${attribute.name}="${escapeAttribute(attribute.value)}"`;
    out += '>';
    if (VOID.has(tag)) return out;
    if (current.shadowRoot) {
      const css = sheetText(current.shadowRoot);
      out += `<template shadowrootmode="open">${css ? `<style>${css}</style>` : ''}${children(current.shadowRoot)}</template>`;
    }
    out += children(current.localName === 'template' ? current.content : current);
    return `${out}</${tag}>`;
  };
  return children(stage());
}

window.benchRender = { renderTrialkit, renderMarkup, serializeStage, clearStage, composedText };
