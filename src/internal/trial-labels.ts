/**
 * Reader-facing words for trial facts, shared by every element so a status or an age range
 * reads the same in the card, the eligibility facts and the contact form.
 */
import { msg, str } from '@lit/localize';
import type { AgeLimit, Phase, Sex, Status, Trial } from '../model/trial.ts';
import { dateTimeFormat, numberFormat } from './intl-formats.ts';
import { formatLocale } from './localize.ts';

export function statusLabel(status: Status): string {
  switch (status) {
    case 'RECRUITING':
      return msg('Recruiting');
    case 'NOT_YET_RECRUITING':
      return msg('Not yet recruiting');
    case 'ENROLLING_BY_INVITATION':
      return msg('Enrolling by invitation');
    case 'ACTIVE_NOT_RECRUITING':
      return msg('Active, not recruiting');
    case 'SUSPENDED':
      return msg('Suspended');
    case 'TERMINATED':
      return msg('Terminated');
    case 'COMPLETED':
      return msg('Completed');
    case 'WITHDRAWN':
      return msg('Withdrawn');
    case 'UNKNOWN':
      return msg('Unknown status');
    case 'AVAILABLE':
      return msg('Available');
    case 'NO_LONGER_AVAILABLE':
      return msg('No longer available');
    case 'TEMPORARILY_NOT_AVAILABLE':
      return msg('Temporarily not available');
    case 'APPROVED_FOR_MARKETING':
      return msg('Approved for marketing');
    case 'WITHHELD':
      return msg('Withheld');
  }
}

/** The status as a reader should see it: UNKNOWN shows the last known status, flagged. */
export function displayStatus(trial: Trial): { label: string; note?: string; tone: 'open' | 'soon' | 'closed' } {
  const shown = trial.status === 'UNKNOWN' && trial.lastKnownStatus ? trial.lastKnownStatus : trial.status;
  const tone = shown === 'RECRUITING' || shown === 'AVAILABLE' ? 'open' : shown === 'NOT_YET_RECRUITING' || shown === 'ENROLLING_BY_INVITATION' ? 'soon' : 'closed';
  if (trial.status === 'UNKNOWN' && trial.lastKnownStatus) {
    return { label: statusLabel(shown), note: msg('status not verified'), tone };
  }
  return { label: statusLabel(shown), tone };
}

function unitLabel(limit: AgeLimit): string {
  const n = numberLabel(limit.value);
  const one = limit.value === 1;
  switch (limit.unit) {
    case 'years':
      return one ? msg(str`${n} year`) : msg(str`${n} years`);
    case 'months':
      return one ? msg(str`${n} month`) : msg(str`${n} months`);
    case 'weeks':
      return one ? msg(str`${n} week`) : msg(str`${n} weeks`);
    case 'days':
      return one ? msg(str`${n} day`) : msg(str`${n} days`);
    case 'hours':
      return one ? msg(str`${n} hour`) : msg(str`${n} hours`);
    case 'minutes':
      return one ? msg(str`${n} minute`) : msg(str`${n} minutes`);
  }
}

/** "18–69 years", "18 years and older", "Up to 8 months", "6 months to 17 years", "All ages". */
export function ageRangeLabel(ages: Trial['ages']): string {
  const { min, max } = ages;
  if (min && max) {
    if (min.unit === max.unit) {
      const minValue = numberLabel(min.value);
      const maxLabel = unitLabel(max);
      return msg(str`${minValue}–${maxLabel}`);
    }
    const minLabel = unitLabel(min);
    const maxLabel = unitLabel(max);
    return msg(str`${minLabel} to ${maxLabel}`);
  }
  if (min) {
    const minLabel = unitLabel(min);
    return msg(str`${minLabel} and older`);
  }
  if (max) {
    const maxLabel = unitLabel(max);
    return msg(str`Up to ${maxLabel}`);
  }
  return msg('All ages');
}

export function sexLabel(sex: Sex | undefined): string {
  switch (sex) {
    case 'FEMALE':
      return msg('Female');
    case 'MALE':
      return msg('Male');
    default:
      return msg('All');
  }
}

function phaseName(phase: Phase): string {
  switch (phase) {
    case 'EARLY_PHASE1':
      return msg('Early phase 1');
    case 'PHASE1':
      return msg('Phase 1');
    case 'PHASE2':
      return msg('Phase 2');
    case 'PHASE3':
      return msg('Phase 3');
    case 'PHASE4':
      return msg('Phase 4');
    case 'NA':
      return msg('Phase not applicable');
  }
}

/** Combined phases read "Phase 2/Phase 3"; observational studies have none. */
export function phaseLabel(phases: readonly Phase[]): string | undefined {
  return phases.length ? phases.map(phaseName).join('/') : undefined;
}

function dateOptions(month: boolean, day: boolean): Intl.DateTimeFormatOptions {
  const options: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric' };
  if (month) options.month = day ? 'short' : 'long';
  if (day) options.day = 'numeric';
  return options;
}

/**
 * Formats `yyyy`, `yyyy-MM` or `yyyy-MM-dd` at the precision it was published with. Dates are
 * calendar dates, so they are formatted in UTC to avoid shifting a day across time zones.
 */
export function partialDateLabel(date: string, locale: string = formatLocale()): string {
  const [y, m, d] = date.split('-').map(Number);
  const when = new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1));
  return dateTimeFormat(locale, dateOptions(Boolean(m), Boolean(d))).format(when);
}

let prepared = false;

/**
 * Makes the date formatter the card's dates use, once per page, when the page is next idle.
 * The first Intl formatter on a page costs several milliseconds (the browser loads its locale
 * data then, 10–30 ms on a slow machine); made while a trial is still on its way from the
 * network, it is ready when the trial renders. A trial given inline to an element that is on
 * the page when the code arrives renders at once and makes it then, as before.
 */
export function prepareLabelFormats(): void {
  if (prepared || typeof window === 'undefined') return;
  prepared = true;
  const prepare = () => dateTimeFormat(formatLocale(), dateOptions(true, true));
  if (typeof requestIdleCallback === 'function') requestIdleCallback(prepare, { timeout: 2000 });
  else setTimeout(prepare, 0);
}

/** English, Spanish and Chinese tags without a `-u-` extension (which may pick other digits). */
const LATIN_DIGITS_PLAIN = /^(en|es|zh)(-(?!u-)[a-z0-9]+)*$/i;

/** A number as the reader's language writes it. */
export function numberLabel(value: number, locale: string = formatLocale()): string {
  // Whole numbers below 1,000 read as plain digits in those languages, so they skip Intl:
  // the first Intl formatter made on a page costs several milliseconds.
  if (Number.isInteger(value) && value >= 0 && value < 1000 && LATIN_DIGITS_PLAIN.test(locale)) return String(value);
  return numberFormat(locale).format(value);
}

