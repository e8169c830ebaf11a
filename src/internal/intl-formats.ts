/**
 * Shared Intl formatters. Making an Intl formatter costs far more than using one (a fresh
 * NumberFormat per criterion count took most of a long eligibility render), so each locale and
 * options pair is built once per page.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function keyOf(locale: string | undefined, options: object | undefined): string {
  return `${locale ?? ''}|${options ? JSON.stringify(options) : ''}`;
}

export function numberFormat(locale: string | undefined, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = keyOf(locale, options);
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

export function dateTimeFormat(locale: string | undefined, options?: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = keyOf(locale, options);
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

/**
 * A moment as readers expect it in `locale` (date and time, e.g. "3 Dec 2026, 20:15"): the one
 * format for note times, share expiry and a queued message. An unreadable date reads as "".
 */
export function formatDateTime(when: string | number | Date, locale: string | undefined): string {
  const date = when instanceof Date ? when : new Date(when);
  return Number.isNaN(date.getTime()) ? '' : dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

const listFormats = new Map<string, Intl.ListFormat>();

export function listFormat(locale: string | undefined, options?: Intl.ListFormatOptions): Intl.ListFormat {
  const key = keyOf(locale, options);
  let format = listFormats.get(key);
  if (!format) listFormats.set(key, (format = new Intl.ListFormat(locale, options)));
  return format;
}

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * `one` when `count` takes the singular in the locale, else `other`. Messages pass through
 * lit-localize, which has no plural syntax, so each counted message comes in these two forms
 * (Chinese translates both alike; languages with more forms read `other` for them).
 */
export function pluralCategory(locale: string | undefined, count: number): 'one' | 'other' {
  const key = locale ?? '';
  let rules = pluralRules.get(key);
  if (!rules) pluralRules.set(key, (rules = new Intl.PluralRules(locale)));
  return rules.select(count) === 'one' ? 'one' : 'other';
}
