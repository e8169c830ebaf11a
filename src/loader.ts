/**
 * `dist/trialkit.js`, the one script an embedder loads: a small autoloader. It registers
 * nothing itself; it watches the page (and the shadow roots of trialkit's own elements, where
 * the widget renders the card, the form and the rest) for `trial-*` tags and `data-trialkit`
 * placeholders, and imports each element's chunk the first time its tag appears, so a page with
 * one card downloads the card and nothing else.
 *
 * - Chunks resolve against this script's own URL, so a CDN path or a CMS's `?ver=` query works.
 * - `data-trialkit-eager` on the script tag (or on `<html>`) loads every element at once, for a
 *   site that prefers one burst of requests to one per element.
 * - A chunk that cannot load (404, network cut) leaves the element's fallback content showing,
 *   fires `trial-error` with `cause.kind === 'load'` on each waiting element, and is tried again
 *   the next time such a tag appears.
 * - A second copy of this script warns once (as the registration guard does for two bundles)
 *   and leaves the page to the first.
 *
 * No static imports: anything shared with the chunks would become a request of its own.
 */

/** Each element's chunk. The build turns these into `chunks/<tag>-<hash>.js`. */
const chunks: Record<string, () => Promise<unknown>> = {
  'trial-card': () => import('./elements/trial-card/define.ts'),
  'trial-contact-form': () => import('./elements/trial-contact-form/define.ts'),
  'trial-eligibility': () => import('./elements/trial-eligibility/define.ts'),
  'trial-faq': () => import('./elements/trial-faq/define.ts'),
  'trial-involvement': () => import('./elements/trial-involvement/define.ts'),
  'trial-notes': () => import('./elements/trial-notes/define.ts'),
  'trial-notify-signup': () => import('./elements/trial-notify-signup/define.ts'),
  'trial-site-picker': () => import('./elements/trial-site-picker/define.ts'),
  'trial-widget': () => import('./elements/trial-widget/define.ts'),
};

/**
 * Per tag, its chunk and every chunk that one imports, relative to this script; written in by
 * the build (scripts/chunk-graph.vite.mjs) once the chunk names are known. The first entry is
 * the element's own chunk. Empty when the sources run unbuilt.
 */
const graph = readGraph('__TRIALKIT_CHUNK_GRAPH__');

function readGraph(json: string): Record<string, string[]> {
  try {
    return JSON.parse(json) as Record<string, string[]>;
  } catch {
    return {};
  }
}

/** What an element renders inside itself, preloaded (not run) as soon as it appears. */
const next: Record<string, string[]> = {
  'trial-widget': ['trial-card', 'trial-eligibility', 'trial-involvement', 'trial-faq', 'trial-contact-form', 'trial-notes'],
  'trial-contact-form': ['trial-site-picker'],
};

const loaderKey = Symbol.for('trialkit.loader');
const warnedKey = Symbol.for('trialkit.duplicate-warning');
const global = globalThis as unknown as Record<symbol, unknown>;

/** Tags whose chunk is loading or loaded. */
const started = new Set<string>();
/** Failed attempts per tag: a retry asks for the chunk under a new URL. */
const failures = new Map<string, number>();
/** Elements waiting for their tag's chunk, told if it fails. */
const waiting = new Map<string, Set<Element>>();
const preloaded = new Set<string>();
const watchedRoots = new WeakSet<Node>();
let placeholdersStarted = false;

function url(file: string): string {
  return new URL(file, import.meta.url).href;
}

function preload(tag: string): void {
  for (const file of graph[tag] ?? []) {
    if (preloaded.has(file)) continue;
    preloaded.add(file);
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = url(file);
    document.head.append(link);
  }
}

function load(tag: string): void {
  if (started.has(tag) || customElements.get(tag)) return;
  started.add(tag);
  preload(tag);
  for (const child of next[tag] ?? []) preload(child);
  const attempt = failures.get(tag) ?? 0;
  const own = graph[tag]?.[0];
  // A failed module URL stays failed for the page, so a retry asks under another one.
  const importing = attempt === 0 || !own ? chunks[tag]!() : import(/* @vite-ignore */ `${url(own)}?retry=${attempt}`);
  importing.then(
    () => {
      for (const element of waiting.get(tag) ?? []) watch(element);
      waiting.delete(tag);
    },
    (error: unknown) => {
      started.delete(tag);
      failures.set(tag, attempt + 1);
      const elements = waiting.get(tag) ?? new Set();
      waiting.delete(tag);
      const message = `trialkit: <${tag}> could not be loaded: ${(error as Error)?.message ?? String(error)}`;
      console.warn(message);
      for (const element of elements) {
        // The element never upgraded, so this is the loader's event in the shape the elements'
        // own TrialErrorEvent has: `cause` with a kind and a sentence.
        const event = new Event('trial-error', { bubbles: true, composed: true });
        const cause = Object.assign(new Error(`The ${tag} element could not be loaded.`), { name: 'TrialLoadError', kind: 'load', url: own && url(own) });
        Object.defineProperty(event, 'cause', { value: cause });
        element.dispatchEvent(event);
      }
    },
  );
}

/** Looks at one element: a trial-* tag to load, a placeholder, a shadow root to watch. */
function visit(element: Element): void {
  const name = element.localName;
  if (name.startsWith('trial-') && name in chunks) {
    if (customElements.get(name)) watch(element);
    else {
      let set = waiting.get(name);
      if (!set) waiting.set(name, (set = new Set()));
      set.add(element);
      load(name);
    }
  }
  const placeholder = element.getAttribute('data-trialkit');
  if (placeholder !== null && !element.hasAttribute('data-trialkit-upgraded')) {
    const tag = `trial-${placeholder.trim().toLowerCase()}`;
    if (tag in chunks) load(tag);
    if (!placeholdersStarted) {
      placeholdersStarted = true;
      void import('./placeholders/watch.ts');
    }
  }
}

function scan(root: Element | ShadowRoot | Document): void {
  if (root instanceof Element) visit(root);
  for (const element of Array.from(root.querySelectorAll('*'))) visit(element);
}

const observer = new MutationObserver((records) => {
  for (const record of records) {
    for (const node of Array.from(record.addedNodes)) if (node instanceof Element) scan(node);
  }
});

/** Follows a defined trialkit element into its shadow root, where it renders other elements. */
function watch(element: Element): void {
  const root = element.shadowRoot;
  if (!root || watchedRoots.has(root)) return;
  watchedRoots.add(root);
  observer.observe(root, { childList: true, subtree: true });
  scan(root);
}

function start(): void {
  if (global[loaderKey]) {
    if (!global[warnedKey]) {
      global[warnedKey] = true;
      console.warn(`trialkit: dist/trialkit.js is on this page twice (${String(global[loaderKey])} and ${import.meta.url}); this copy does nothing. Load trialkit once per page.`);
    }
    return;
  }
  global[loaderKey] = import.meta.url;
  observer.observe(document, { childList: true, subtree: true });
  const eager = document.documentElement.hasAttribute('data-trialkit-eager') || document.querySelector('script[data-trialkit-eager]');
  if (eager) for (const tag of Object.keys(chunks)) load(tag);
  scan(document);
}

if (typeof document !== 'undefined') start();
