/**
 * ClinicalTrials.gov API v2 → Trial. The raw record is checked with a lenient schema (every
 * module optional, as real records omit whole modules) so a wrong type anywhere is reported with
 * its path instead of crashing a view.
 */
import * as z from 'zod/mini';
import {
  AGE_UNITS,
  PHASES,
  SEXES,
  STATUSES,
  STD_AGES,
  STUDY_TYPES,
  type AgeLimit,
  type AgeUnit,
  type Contact,
  type Status,
  type Trial,
} from './trial.ts';

const str = () => z.optional(z.string());
const strings = () => z.optional(z.array(z.string()));
const dateStruct = () => z.optional(z.object({ date: str() }));

const RawContact = z.object({
  name: str(),
  role: str(),
  phone: str(),
  phoneExt: str(),
  email: str(),
});

const RawRecord = z.object({
  protocolSection: z.object({
    identificationModule: z.object({
      nctId: z.string(),
      briefTitle: str(),
      officialTitle: str(),
      acronym: str(),
      organization: z.optional(z.object({ fullName: str() })),
    }),
    statusModule: z.optional(
      z.object({
        overallStatus: str(),
        lastKnownStatus: str(),
        startDateStruct: dateStruct(),
        studyFirstPostDateStruct: dateStruct(),
        lastUpdatePostDateStruct: dateStruct(),
      }),
    ),
    sponsorCollaboratorsModule: z.optional(
      z.object({
        leadSponsor: z.optional(z.object({ name: str() })),
        collaborators: z.optional(z.array(z.object({ name: str() }))),
      }),
    ),
    descriptionModule: z.optional(z.object({ briefSummary: str(), detailedDescription: str() })),
    conditionsModule: z.optional(z.object({ conditions: strings(), keywords: strings() })),
    designModule: z.optional(z.object({ studyType: str(), phases: strings() })),
    eligibilityModule: z.optional(
      z.object({
        eligibilityCriteria: str(),
        healthyVolunteers: z.optional(z.boolean()),
        sex: str(),
        minimumAge: str(),
        maximumAge: str(),
        stdAges: strings(),
      }),
    ),
    contactsLocationsModule: z.optional(
      z.object({
        centralContacts: z.optional(z.array(RawContact)),
        overallOfficials: z.optional(z.array(z.object({ name: str(), affiliation: str(), role: str() }))),
        locations: z.optional(
          z.array(
            z.object({
              facility: str(),
              status: str(),
              city: str(),
              state: str(),
              zip: str(),
              country: str(),
              contacts: z.optional(z.array(RawContact)),
              geoPoint: z.optional(z.object({ lat: z.number(), lon: z.number() })),
            }),
          ),
        ),
      }),
    ),
  }),
});

export type CtgovRecord = z.infer<typeof RawRecord>;

/** Thrown by `trialFromCtgov` when the record does not have the v2 shape. */
export class TrialShapeError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'TrialShapeError';
  }
}

/** True when the JSON looks like a ClinicalTrials.gov v2 study rather than a Trial. */
export function isCtgovRecord(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'protocolSection' in json;
}

/** "18 Years", "8 Months", "1 Year", "18 Minutes" → {value, unit}; never assumes years. */
export function parseAgeLimit(raw: string | undefined): AgeLimit | undefined {
  if (!raw) return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*$/.exec(raw);
  if (!match) return undefined;
  let unit = match[2]!.toLowerCase();
  if (!unit.endsWith('s')) unit += 's';
  if (!(AGE_UNITS as readonly string[]).includes(unit)) return undefined;
  return { value: Number(match[1]), unit: unit as AgeUnit };
}

function oneOf<T extends string>(values: readonly T[], raw: string | undefined): T | undefined {
  return raw !== undefined && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

function partialDate(raw: string | undefined): string | undefined {
  return raw && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(raw) ? raw : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function contactFrom(raw: z.infer<typeof RawContact>): Contact {
  const contact: Contact = {};
  for (const key of ['name', 'role', 'phone', 'phoneExt', 'email'] as const) {
    const value = nonEmpty(raw[key]);
    if (value) contact[key] = value;
  }
  return contact;
}

function describeIssue(issue: z.core.$ZodIssue): TrialShapeError {
  const path = issue.path.join('.');
  return new TrialShapeError(`The trial record has an unexpected shape at ${path || 'its top level'}: ${issue.message}`, path);
}

/**
 * Maps a ClinicalTrials.gov v2 study to a Trial.
 * @throws TrialShapeError when the record is not a v2 study.
 */
export function trialFromCtgov(json: unknown): Trial {
  const parsed = RawRecord.safeParse(json);
  if (!parsed.success) throw describeIssue(parsed.error.issues[0]!);
  const p = parsed.data.protocolSection;
  const id = p.identificationModule;
  const status = p.statusModule;
  const eligibility = p.eligibilityModule;
  const places = p.contactsLocationsModule;

  // Unrecognised status strings are shown as "unknown" rather than rejecting the whole record.
  const overall: Status = oneOf(STATUSES, status?.overallStatus) ?? 'UNKNOWN';
  const trial: Trial = {
    id: id.nctId,
    title: nonEmpty(id.briefTitle) ?? nonEmpty(id.officialTitle) ?? id.nctId,
    status: overall,
    phases: (p.designModule?.phases ?? []).flatMap((phase) => oneOf(PHASES, phase) ?? []),
    ages: {},
    stdAges: (eligibility?.stdAges ?? []).flatMap((age) => oneOf(STD_AGES, age) ?? []),
    conditions: p.conditionsModule?.conditions ?? [],
    keywords: p.conditionsModule?.keywords ?? [],
    collaborators: (p.sponsorCollaboratorsModule?.collaborators ?? []).flatMap((c) => nonEmpty(c.name) ?? []),
    dates: {},
    centralContacts: (places?.centralContacts ?? []).map(contactFrom),
    officials: (places?.overallOfficials ?? []).flatMap((o) => {
      const name = nonEmpty(o.name);
      if (!name) return [];
      return [{ name, ...(o.affiliation ? { affiliation: o.affiliation } : {}), ...(o.role ? { role: o.role } : {}) }];
    }),
    sites: (places?.locations ?? []).map((loc) => ({
      ...(nonEmpty(loc.facility) ? { facility: loc.facility!.trim() } : {}),
      ...(nonEmpty(loc.city) ? { city: loc.city!.trim() } : {}),
      ...(nonEmpty(loc.state) ? { state: loc.state!.trim() } : {}),
      ...(nonEmpty(loc.zip) ? { zip: loc.zip!.trim() } : {}),
      ...(nonEmpty(loc.country) ? { country: loc.country!.trim() } : {}),
      ...(loc.geoPoint && Math.abs(loc.geoPoint.lat) <= 90 && Math.abs(loc.geoPoint.lon) <= 180
        ? { geo: { lat: loc.geoPoint.lat, lon: loc.geoPoint.lon } }
        : {}),
      ...(oneOf(STATUSES, loc.status) ? { status: loc.status as Status } : {}),
      contacts: (loc.contacts ?? []).map(contactFrom),
    })),
  };

  const optional: Partial<Trial> = {
    officialTitle: nonEmpty(id.officialTitle),
    acronym: nonEmpty(id.acronym),
    lastKnownStatus: overall === 'UNKNOWN' ? oneOf(STATUSES, status?.lastKnownStatus) : undefined,
    studyType: oneOf(STUDY_TYPES, p.designModule?.studyType),
    sex: oneOf(SEXES, eligibility?.sex),
    healthyVolunteers: eligibility?.healthyVolunteers,
    summary: nonEmpty(p.descriptionModule?.briefSummary),
    description: nonEmpty(p.descriptionModule?.detailedDescription),
    eligibilityText: nonEmpty(eligibility?.eligibilityCriteria),
    sponsor: nonEmpty(p.sponsorCollaboratorsModule?.leadSponsor?.name) ?? nonEmpty(id.organization?.fullName),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (trial as Record<string, unknown>)[key] = value;
  }

  const min = parseAgeLimit(eligibility?.minimumAge);
  const max = parseAgeLimit(eligibility?.maximumAge);
  if (min) trial.ages.min = min;
  if (max) trial.ages.max = max;

  const start = partialDate(status?.startDateStruct?.date);
  const firstPosted = partialDate(status?.studyFirstPostDateStruct?.date);
  const lastUpdate = partialDate(status?.lastUpdatePostDateStruct?.date);
  if (start) trial.dates.start = start;
  if (firstPosted) trial.dates.firstPosted = firstPosted;
  if (lastUpdate) trial.dates.lastUpdate = lastUpdate;
  return trial;
}
