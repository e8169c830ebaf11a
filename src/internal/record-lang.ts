/**
 * The language of trial text. ClinicalTrials.gov publishes records in English, while the UI
 * around them may be Spanish or Chinese: record text is marked `lang="en"` whenever the
 * element's own language (its `lang`, an ancestor's, or the page's) is not English, so screen
 * readers pronounce it as English and browsers hyphenate and translate it correctly.
 */
import { declaredLang } from './localize.ts';

/** `'en'` when text from the record needs marking inside `element`, else undefined. */
export function recordTextLang(element: Element): 'en' | undefined {
  const tag = declaredLang(element) ?? element.ownerDocument?.documentElement.getAttribute('lang') ?? '';
  return /^en(-|$)/i.test(tag.trim()) ? undefined : 'en';
}
