/**
 * Languages. Every element shows its UI strings in English, Spanish or Simplified Chinese
 * through @lit/localize in runtime mode; trial text itself stays as published.
 *
 * Runtime mode has ONE active language per page (per copy of trialkit). It is chosen so:
 * - the page's `<html lang>` is the default;
 * - an element's own `lang`, or else its nearest ancestor with a `lang` below `<html>` (through
 *   shadow roots), overrides the default when the element connects or its `lang` changes;
 * - when several elements carry a `lang`, the one set last wins, for every element on the page;
 * - removing that `lang` (or the element) hands the choice back to the one set before it, and
 *   finally to `<html lang>`.
 * `es`, `es-*` → Spanish; `zh`, `zh-CN`, `zh-SG`, `zh-Hans*` → Simplified Chinese; anything
 * else → English. Changes of `<html lang>` and of an element's `lang` are followed live;
 * a changed `lang` on some other ancestor is read when the element next connects.
 *
 * Every element calls `followLocale(this)` in its constructor (TrialDataElement does).
 *
 * English ships in the bundle; Spanish and Chinese are loaded on first use from chunks next to
 * `dist/trialkit.js` (`dist/chunks/`), so pages in English pay nothing for other languages.
 * `src/locales/pack-locales.vite.mjs` stores those chunks compactly. If the host application has configured
 * @lit/localize itself (npm build, shared dependency), trialkit leaves that configuration in
 * charge and does not switch languages.
 */
import { configureLocalization, updateWhenLocaleChanges } from '@lit/localize';
import { isServer, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { allLocales, sourceLocale, targetLocales } from '../locales/locale-codes.ts';

/** A language trialkit has strings for. */
export type Locale = (typeof allLocales)[number];

const LOCALE_MODULES = {
  es: () => import('../locales/es.ts'),
  'zh-Hans': () => import('../locales/zh-Hans.ts'),
} as const;

/** The trialkit language for any BCP 47 tag: `es-MX` → `es`, `zh-CN` → `zh-Hans`, `fr` → `en`. */
export function supportedLocale(tag: string | null | undefined): Locale {
  const lower = (tag ?? '').trim().toLowerCase().replaceAll('_', '-');
  if (lower === 'es' || lower.startsWith('es-')) return 'es';
  if (lower === 'zh' || lower === 'zh-cn' || lower === 'zh-sg' || lower === 'zh-hans' || lower.startsWith('zh-hans-')) {
    return 'zh-Hans';
  }
  return sourceLocale;
}

type Runtime = ReturnType<typeof configureLocalization>;

/**
 * undefined: not configured yet; null: someone else configured @lit/localize first. Kept per
 * module instance, because each copy of the bundle has its own @lit/localize.
 */
let runtime: Runtime | null | undefined;
/** The tag that decided the active language, kept whole for Intl (`es-MX`, `en-GB`). */
let requestedTag = '';
/** Elements that carry a `lang` of their own (or from an ancestor), oldest first. */
const requests = new Map<Element, string>();

function ensureConfigured(): Runtime | null {
  if (runtime !== undefined) return runtime;
  try {
    runtime = configureLocalization({
      sourceLocale,
      targetLocales,
      loadLocale: (locale) => LOCALE_MODULES[locale as keyof typeof LOCALE_MODULES](),
    });
  } catch {
    runtime = null;
    return runtime;
  }
  if (typeof document !== 'undefined') {
    new MutationObserver(applyLocale).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }
  applyLocale();
  return runtime;
}

function pageLang(): string {
  return typeof document === 'undefined' ? '' : (document.documentElement.getAttribute('lang') ?? '');
}

/** The element's own `lang`, else the nearest ancestor's below `<html>`, across shadow roots. */
export function declaredLang(element: Element): string | undefined {
  // A server render sees no ancestors (and no DOM globals): only the element's own `lang`.
  if (isServer) return element.getAttribute('lang') || undefined;
  let node: Node | null = element;
  while (node) {
    if (node.nodeType === Node.ELEMENT_NODE) {
      const el = node as Element;
      if (el === el.ownerDocument.documentElement) return undefined;
      const lang = el.getAttribute('lang');
      if (lang) return lang;
    }
    node = node.parentNode ?? (node as ShadowRoot).host ?? null;
  }
  return undefined;
}

function applyLocale(): void {
  if (!runtime) return;
  requestedTag = [...requests.values()].at(-1) ?? pageLang();
  runtime.setLocale(supportedLocale(requestedTag)).catch((error: unknown) => {
    console.warn(`trialkit: the language could not be switched: ${String(error)}`);
  });
}

function request(element: Element): void {
  const tag = element.isConnected ? declaredLang(element) : undefined;
  // Delete first so that setting a `lang` again, or reconnecting, counts as the latest.
  requests.delete(element);
  if (tag) requests.set(element, tag);
  applyLocale();
}

function release(element: Element): void {
  if (requests.delete(element)) applyLocale();
}

class LocaleController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #observer: MutationObserver | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
  }

  hostConnected(): void {
    ensureConfigured();
    const host = this.#host;
    this.#observer ??= new MutationObserver(() => request(host));
    this.#observer.observe(host, { attributes: true, attributeFilter: ['lang'] });
    request(host);
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    release(this.#host);
  }
}

/**
 * Makes a Lit element re-render in the active language and lets its `lang` attribute choose
 * that language. Call once, in the constructor: `followLocale(this);`.
 */
export function followLocale(host: ReactiveControllerHost & HTMLElement): void {
  updateWhenLocaleChanges(host);
  host.addController(new LocaleController(host));
}

/** The active trialkit language. */
export function activeLocale(): Locale {
  const locale = ensureConfigured()?.getLocale();
  return locale ? supportedLocale(locale) : supportedLocale(pageLang());
}

/**
 * The locale to give `Intl` formatters: the tag that chose the active language when it maps to
 * it and is valid (`es-MX`, `en-GB` keep their regional formats), else the active language.
 */
export function formatLocale(): string {
  const active = activeLocale();
  if (requestedTag && supportedLocale(requestedTag) === active) {
    try {
      return Intl.getCanonicalLocales(requestedTag)[0] ?? active;
    } catch {
      // Not a valid BCP 47 tag: fall through to the language itself.
    }
  }
  return active;
}
