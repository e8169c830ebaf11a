/**
 * Placeholders for CMSs that strip unknown tags from authors' content (WordPress, Drupal and
 * most hosted site builders keep a `<div>` and its `data-*` attributes):
 *
 *   <div data-trialkit="widget" data-nct-id="NCT05819398" data-api-base="/api/ctgov">
 *     <p>Call our research office on 555 0100.</p>
 *   </div>
 *
 * becomes `<div …><trial-widget nct-id="NCT05819398" api-base="/api/ctgov"><p>Call …</p>
 * </trial-widget></div>`: the element goes inside the placeholder, so the theme's classes and
 * layout stay, and the placeholder's own content moves into the element as its fallback (or, for
 * `notes` and `faq`, as the content they work on). `data-<attribute>` becomes `<attribute>` only
 * when the element observes that attribute (plus `lang` and `dir`), so a `data-onclick` or a
 * CMS's own `data-block-id` never becomes an attribute. Placeholders added later (a page
 * builder, an infinite scroll) are upgraded as they appear.
 */

/** `data-trialkit` values and the elements they stand for. */
export const PLACEHOLDER_ELEMENTS: Readonly<Record<string, string>> = {
  card: 'trial-card',
  eligibility: 'trial-eligibility',
  involvement: 'trial-involvement',
  'contact-form': 'trial-contact-form',
  'site-picker': 'trial-site-picker',
  'notify-signup': 'trial-notify-signup',
  faq: 'trial-faq',
  notes: 'trial-notes',
  widget: 'trial-widget',
};

const SELECTOR = '[data-trialkit]:not([data-trialkit-upgraded])';
/** Global attributes worth passing on besides the element's own. */
const GLOBAL_ATTRIBUTES = new Set(['lang', 'dir']);

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(message);
}

/** The element's attributes for a placeholder's `data-*` ones, in the placeholder's order. */
export function placeholderAttributes(placeholder: Element, observed: readonly string[]): [string, string][] {
  const allowed = new Set(observed);
  const pairs: [string, string][] = [];
  for (const { name, value } of Array.from(placeholder.attributes)) {
    if (!name.startsWith('data-') || name.startsWith('data-trialkit')) continue;
    const attribute = name.slice('data-'.length);
    if (attribute.startsWith('on') || !(allowed.has(attribute) || GLOBAL_ATTRIBUTES.has(attribute))) continue;
    pairs.push([attribute, value]);
  }
  return pairs;
}

function upgrade(placeholder: HTMLElement): void {
  const name = placeholder.dataset.trialkit?.trim().toLowerCase() ?? '';
  const tag = PLACEHOLDER_ELEMENTS[name];
  if (!tag) {
    warnOnce(`trialkit: data-trialkit="${name}" is not one of ${Object.keys(PLACEHOLDER_ELEMENTS).join(', ')}; the placeholder was left as it is.`);
    return;
  }
  placeholder.dataset.trialkitUpgraded = '';
  const finish = () => {
    if (!placeholder.isConnected) return;
    const element = placeholder.ownerDocument.createElement(tag);
    const observed = (customElements.get(tag) as { observedAttributes?: string[] } | undefined)?.observedAttributes ?? [];
    for (const [attribute, value] of placeholderAttributes(placeholder, observed)) element.setAttribute(attribute, value);
    // Moving the nodes keeps them live (event listeners, iframes); the fallback stays visible
    // while the element loads, and is what a reader sees if it never does.
    element.append(...Array.from(placeholder.childNodes));
    placeholder.append(element);
  };
  // The attribute list is the element's own, so wait for its class.
  if (customElements.get(tag)) finish();
  else void customElements.whenDefined(tag).then(finish);
}

/** Upgrades every placeholder in `root` that is not upgraded yet. */
export function upgradePlaceholders(root: ParentNode): void {
  if (root instanceof HTMLElement && root.matches(SELECTOR)) upgrade(root);
  for (const placeholder of Array.from(root.querySelectorAll<HTMLElement>(SELECTOR))) upgrade(placeholder);
}

/** Upgrades the placeholders in `root` now and whenever new ones are added; returns the stop. */
export function watchPlaceholders(root: Document | Element): () => void {
  upgradePlaceholders(root);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of Array.from(record.addedNodes)) {
        if (node instanceof Element) upgradePlaceholders(node);
      }
    }
  });
  observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}
