/**
 * Choosing the study center nearest to the reader (DESIGN.md §4): open sites only, sorted by
 * great-circle distance from the reader's position, then the first site someone can be reached at.
 *
 * The reader's position comes from the browser, or from a geocoder that resolved a typed place
 * (`src/data/geocode-client.ts`). Only when there is none is a typed place matched against the
 * sites' own postal code, city, state and country: a postal code or city match stands in for the
 * reader's position (and those sites show no distance, which would be measured to themselves);
 * a state or country match only brings those sites first. A place no site mentions leaves the
 * order as published, and the caller says so.
 */
import { numberFormat } from '../internal/intl-formats.ts';
import { OPEN_STATUSES, type Contact, type GeoPoint, type Site, type Status, type Trial } from '../model/trial.ts';

/** Mean Earth radius (IUGG), in kilometres. */
const EARTH_RADIUS_KM = 6371.0088;
export const KM_PER_MILE = 1.609344;

/** Site statuses that take (or will soon take) new participants. */
const OPEN_SITE_STATUSES: readonly Status[] = ['RECRUITING', 'NOT_YET_RECRUITING'];

/**
 * A site is open when it says RECRUITING or NOT_YET_RECRUITING, or says nothing while the study
 * as a whole is open (closed studies drop site statuses, so silence means nothing then).
 */
export function isOpenSite(site: Site, trialStatus: Status): boolean {
  if (site.status) return OPEN_SITE_STATUSES.includes(site.status);
  return OPEN_STATUSES.includes(trialStatus);
}

/** Great-circle distance in kilometres (haversine on a sphere; within 0.5% of the ellipsoid). */
export function greatCircleKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  // atan2 keeps precision near antipodal points, where asin(√h) does not.
  return 2 * EARTH_RADIUS_KM * Math.atan2(Math.sqrt(h), Math.sqrt(Math.max(0, 1 - h)));
}

/** Lower case, no accents, single spaces: "Zürich " and "zurich" compare equal. */
export function normalizePlace(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function normalizeZip(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** How well a typed place matched a site, best first. */
export type PlaceMatch = 'zip' | 'zip-area' | 'city' | 'state' | 'country';
const MATCH_RANK: Record<PlaceMatch, number> = { zip: 0, 'zip-area': 1, city: 2, state: 3, country: 4 };

function sharedPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * The names a site field answers to: the whole value and each comma-separated part, so a record's
 * "Aichi, Nagoya" is found by "Nagoya" as well as by "Nagoya, Aichi".
 */
function namesOf(value: string | undefined): string[] {
  if (!value) return [];
  const names = [value, ...value.split(/[,/]/)].map(normalizePlace).filter(Boolean);
  return [...new Set(names)];
}

/**
 * "New South Wales" → "nsw", "North Carolina" → "nc": the usual short form of a region whose
 * name has several words. Single-word regions ("Texas" → "TX") have no rule; the geocoder knows them.
 */
function initialism(value: string | undefined): string | undefined {
  const words = value ? normalizePlace(value).split(' ') : [];
  return words.length > 1 ? words.map((word) => word[0]).join('') : undefined;
}

/** The best way `query` names this site, if it does. */
export function matchPlace(query: string, site: Site): PlaceMatch | undefined {
  const words = normalizePlace(query);
  if (!words) return undefined;
  const zipQuery = normalizeZip(query);
  if (site.zip && /\d/.test(zipQuery)) {
    const zip = normalizeZip(site.zip);
    if (zip === zipQuery) return 'zip';
    // Postal codes share leading characters with their neighbours (US 3-digit areas, NL 4-digit).
    if (sharedPrefix(zip, zipQuery) >= 3) return 'zip-area';
  }
  const padded = ` ${words} `;
  const mentions = (name: string | undefined) => name !== undefined && name !== '' && padded.includes(` ${name} `);
  if (namesOf(site.city).some(mentions)) return 'city';
  if (namesOf(site.state).some(mentions) || mentions(initialism(site.state))) return 'state';
  if (namesOf(site.country).some(mentions)) return 'country';
  return undefined;
}

export interface RankedSite {
  site: Site;
  /** Index in `trial.sites`, a stable key for the picker. */
  index: number;
  /** Distance from the reader, when both positions are known. */
  distanceKm?: number;
  /** How a typed place matched this site. */
  match?: PlaceMatch;
}

/** Matches that say where the reader is, not just which region. */
const LOCATING_MATCHES: ReadonlySet<PlaceMatch> = new Set(['zip', 'zip-area', 'city']);

export interface ReaderPlace {
  /** The reader's position: from the Geolocation API, or a typed place a geocoder resolved. */
  geo?: GeoPoint;
  /**
   * A typed city, state, country or postal code: matched against the sites when there is no
   * `geo`; with one, it finds sites without coordinates that are in that very place.
   */
  query?: string;
}

export interface SiteRanking {
  sites: RankedSite[];
  /** Where distances were measured from, if anywhere. */
  origin?: GeoPoint;
  /** True when a typed place matched at least one open site. */
  matched: boolean;
  /** True when the sites are ordered by distance from where the reader is. */
  located: boolean;
}

function centroid(points: GeoPoint[]): GeoPoint | undefined {
  if (!points.length) return undefined;
  // Averaging unit vectors keeps the centre right across the antimeridian.
  let x = 0;
  let y = 0;
  let z = 0;
  const rad = Math.PI / 180;
  for (const p of points) {
    x += Math.cos(p.lat * rad) * Math.cos(p.lon * rad);
    y += Math.cos(p.lat * rad) * Math.sin(p.lon * rad);
    z += Math.sin(p.lat * rad);
  }
  const lon = Math.atan2(y, x) / rad;
  const lat = Math.atan2(z, Math.hypot(x, y)) / rad;
  return { lat, lon };
}

/**
 * Open sites, nearest first. With a position: by distance from it. With a typed place: sites
 * that match it come first (best match first); after a postal code or city match every other
 * site is ordered by distance from the matching ones. Sites without coordinates keep their
 * published order after those with them.
 */
export function rankOpenSites(trial: Trial, place: ReaderPlace = {}): SiteRanking {
  const open: RankedSite[] = trial.sites.flatMap((site, index) => (isOpenSite(site, trial.status) ? [{ site, index }] : []));
  let origin = place.geo;
  let matched = false;
  // The sites standing in for the reader's position; their distance would be to themselves.
  let anchors: readonly RankedSite[] = [];
  const query = place.query?.trim();
  if (origin && query) {
    // A site the record gives no coordinates can still be in the very town the reader typed.
    for (const entry of open) {
      const match = entry.site.geo ? undefined : matchPlace(query, entry.site);
      if (match && LOCATING_MATCHES.has(match)) entry.match = match;
    }
  } else if (query) {
    for (const entry of open) {
      const match = matchPlace(query, entry.site);
      if (match) entry.match = match;
    }
    const best = Math.min(...open.map((entry) => (entry.match ? MATCH_RANK[entry.match] : Infinity)));
    matched = Number.isFinite(best);
    const bestMatches = open.filter((entry) => entry.match && MATCH_RANK[entry.match] === best);
    if (bestMatches[0]?.match && LOCATING_MATCHES.has(bestMatches[0].match)) {
      anchors = bestMatches.filter((entry) => entry.site.geo);
      origin = centroid(anchors.map((entry) => entry.site.geo!));
    }
  }
  if (origin) {
    for (const entry of open) if (entry.site.geo && !anchors.includes(entry)) entry.distanceKm = greatCircleKm(origin, entry.site.geo);
  }
  // With a known position distance decides; a typed region or country only brings its sites first.
  const rank = (entry: RankedSite) => {
    if (place.geo) return 0;
    return entry.match ? MATCH_RANK[entry.match] : 9;
  };
  const distance = (entry: RankedSite) => entry.distanceKm ?? (entry.match && LOCATING_MATCHES.has(entry.match) ? 0 : Infinity);
  const sorted = [...open].sort((a, b) => rank(a) - rank(b) || distance(a) - distance(b) || a.index - b.index);
  return { sites: sorted, matched, located: origin !== undefined, ...(origin ? { origin } : {}) };
}

/** A contact the form's message can reach: one with an email address. */
export function isReachable(contact: Contact): boolean {
  return Boolean(contact.email);
}

const ROLE_ORDER = ['CONTACT', 'PRINCIPAL_INVESTIGATOR', 'SUB_INVESTIGATOR'];

/** The contact to show first for a site: reachable ones, study contacts before investigators. */
export function primaryContact(contacts: readonly Contact[]): Contact | undefined {
  const reachable = contacts.filter(isReachable);
  const order = (c: Contact) => {
    const i = ROLE_ORDER.indexOf(c.role ?? '');
    return i === -1 ? ROLE_ORDER.length : i;
  };
  return [...reachable].sort((a, b) => order(a) - order(b))[0];
}

export interface PhoneEntry {
  name?: string;
  phone: string;
  phoneExt?: string;
  /** Facility and city, when the number belongs to a site. */
  place?: string;
}

export type ContactChoice =
  | { kind: 'site'; site: RankedSite; contact: Contact }
  | { kind: 'central'; contact: Contact }
  | { kind: 'phones'; phones: PhoneEntry[] }
  | { kind: 'none' };

function sitePlace(site: Site): string {
  return [site.facility, site.city].filter(Boolean).join(', ');
}

/**
 * The fallback chain of DESIGN.md §4: the chosen site if it has a reachable contact, else the
 * first ranked site that has one, else a central contact with an email, else every phone number
 * on record (sites in ranked order, then central contacts), else nothing.
 */
export function chooseContact(trial: Trial, ranked: readonly RankedSite[], chosenIndex?: number): ContactChoice {
  const ordered = chosenIndex === undefined ? ranked : [...ranked.filter((r) => r.index === chosenIndex), ...ranked.filter((r) => r.index !== chosenIndex)];
  for (const entry of ordered) {
    const contact = primaryContact(entry.site.contacts);
    if (contact) return { kind: 'site', site: entry, contact };
  }
  const central = primaryContact(trial.centralContacts);
  if (central) return { kind: 'central', contact: central };
  const phones: PhoneEntry[] = [];
  const seen = new Set<string>();
  const add = (contact: Contact, place?: string) => {
    if (!contact.phone) return;
    const key = `${contact.phone}|${contact.phoneExt ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    phones.push({
      phone: contact.phone,
      ...(contact.name ? { name: contact.name } : {}),
      ...(contact.phoneExt ? { phoneExt: contact.phoneExt } : {}),
      ...(place ? { place } : {}),
    });
  };
  for (const entry of ordered) for (const contact of entry.site.contacts) add(contact, sitePlace(entry.site));
  for (const contact of trial.centralContacts) add(contact);
  return phones.length ? { kind: 'phones', phones } : { kind: 'none' };
}

const TITLE_WORDS = new Set(['dr', 'prof', 'mr', 'mrs', 'ms', 'mx', 'md', 'phd', 'msc', 'rn', 'do', 'mph', 'bsc', 'ma', 'mba']);

/**
 * Up to two initials for an avatar: "Jeffrey Ho, MD" → "JH", "Goos Laverman, prof. dr." → "GL",
 * "Boehringer Ingelheim" → "BI". Degrees after a comma and titles are skipped.
 */
export function initials(name: string | undefined): string {
  if (!name) return '';
  const main = name.split(',')[0] ?? '';
  const words = main
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter((w) => w && !TITLE_WORDS.has(w.toLowerCase()));
  if (!words.length) return '';
  const first = [...words[0]!][0] ?? '';
  const last = words.length > 1 ? ([...words[words.length - 1]!][0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** Countries and regions whose readers expect miles. */
const MILE_REGIONS = new Set(['US', 'GB', 'LR', 'MM']);

/** "mile" for en-US, en-GB and a few others; "kilometer" everywhere else. */
export function distanceUnitFor(locale: string | undefined): 'kilometer' | 'mile' {
  try {
    const region = new Intl.Locale(locale ?? 'en').maximize().region;
    return region && MILE_REGIONS.has(region) ? 'mile' : 'kilometer';
  } catch {
    return 'kilometer';
  }
}

/** "12 km", "3.4 mi", "< 1 km", formatted for the locale. */
export function formatDistance(km: number, unit: 'kilometer' | 'mile', locale?: string): string {
  const value = unit === 'mile' ? km / KM_PER_MILE : km;
  const format = numberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: value < 10 ? 1 : 0,
  });
  if (value < 0.1) return `< ${format.format(0.1)}`;
  return format.format(value);
}
