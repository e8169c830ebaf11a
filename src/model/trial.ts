/**
 * The normalized trial every element renders. Built from a ClinicalTrials.gov v2 record by
 * `trialFromCtgov`, or given directly as trialkit's own Trial JSON (checked with `TrialSchema`).
 *
 * zod/mini keeps this schema small enough for the browser bundle.
 */
import * as z from 'zod/mini';

/** The 14 `overallStatus` values of the ClinicalTrials.gov v2 API. */
export const STATUSES = [
  'RECRUITING',
  'NOT_YET_RECRUITING',
  'ENROLLING_BY_INVITATION',
  'ACTIVE_NOT_RECRUITING',
  'SUSPENDED',
  'TERMINATED',
  'COMPLETED',
  'WITHDRAWN',
  'UNKNOWN',
  'AVAILABLE',
  'NO_LONGER_AVAILABLE',
  'TEMPORARILY_NOT_AVAILABLE',
  'APPROVED_FOR_MARKETING',
  'WITHHELD',
] as const;

export const PHASES = ['EARLY_PHASE1', 'PHASE1', 'PHASE2', 'PHASE3', 'PHASE4', 'NA'] as const;
export const STUDY_TYPES = ['INTERVENTIONAL', 'OBSERVATIONAL', 'EXPANDED_ACCESS'] as const;
export const SEXES = ['ALL', 'FEMALE', 'MALE'] as const;
export const STD_AGES = ['CHILD', 'ADULT', 'OLDER_ADULT'] as const;
export const AGE_UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes'] as const;

/** Statuses whose sites may still take new participants. */
export const OPEN_STATUSES: readonly Status[] = ['RECRUITING', 'NOT_YET_RECRUITING', 'ENROLLING_BY_INVITATION'];

/** `yyyy`, `yyyy-MM` or `yyyy-MM-dd`: ClinicalTrials.gov publishes all three. */
export const PartialDateSchema = z.string().check(z.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date as yyyy, yyyy-MM or yyyy-MM-dd'));

const text = () => z.string();
const optionalText = () => z.optional(z.string());

export const AgeLimitSchema = z.object({
  value: z.number().check(z.nonnegative()),
  unit: z.enum(AGE_UNITS),
});

export const ContactSchema = z.object({
  name: optionalText(),
  role: optionalText(),
  phone: optionalText(),
  phoneExt: optionalText(),
  email: optionalText(),
});

export const OfficialSchema = z.object({
  name: text(),
  affiliation: optionalText(),
  role: optionalText(),
});

export const GeoPointSchema = z.object({
  lat: z.number().check(z.gte(-90), z.lte(90)),
  lon: z.number().check(z.gte(-180), z.lte(180)),
});

export const SiteSchema = z.object({
  facility: optionalText(),
  city: optionalText(),
  state: optionalText(),
  zip: optionalText(),
  country: optionalText(),
  geo: z.optional(GeoPointSchema),
  status: z.optional(z.enum(STATUSES)),
  contacts: z.array(ContactSchema),
});

export const TrialImageSchema = z.object({
  src: text(),
  alt: z.string(),
});

export const TrialSchema = z.object({
  id: text().check(z.minLength(1)),
  title: text().check(z.minLength(1)),
  officialTitle: optionalText(),
  acronym: optionalText(),
  status: z.enum(STATUSES),
  lastKnownStatus: z.optional(z.enum(STATUSES)),
  phases: z.array(z.enum(PHASES)),
  studyType: z.optional(z.enum(STUDY_TYPES)),
  ages: z.object({ min: z.optional(AgeLimitSchema), max: z.optional(AgeLimitSchema) }),
  sex: z.optional(z.enum(SEXES)),
  healthyVolunteers: z.optional(z.boolean()),
  stdAges: z.array(z.enum(STD_AGES)),
  conditions: z.array(text()),
  keywords: z.array(text()),
  summary: optionalText(),
  description: optionalText(),
  eligibilityText: optionalText(),
  sponsor: optionalText(),
  collaborators: z.array(text()),
  dates: z.object({
    start: z.optional(PartialDateSchema),
    firstPosted: z.optional(PartialDateSchema),
    lastUpdate: z.optional(PartialDateSchema),
  }),
  centralContacts: z.array(ContactSchema),
  officials: z.array(OfficialSchema),
  sites: z.array(SiteSchema),
  languages: z.optional(z.array(text())),
  image: z.optional(TrialImageSchema),
});

export type Status = z.infer<typeof TrialSchema>['status'];
export type Phase = (typeof PHASES)[number];
export type StudyType = (typeof STUDY_TYPES)[number];
export type Sex = (typeof SEXES)[number];
export type AgeUnit = (typeof AGE_UNITS)[number];
export type AgeLimit = z.infer<typeof AgeLimitSchema>;
export type Contact = z.infer<typeof ContactSchema>;
export type Official = z.infer<typeof OfficialSchema>;
export type GeoPoint = z.infer<typeof GeoPointSchema>;
export type Site = z.infer<typeof SiteSchema>;
export type Trial = z.infer<typeof TrialSchema>;

/** A ClinicalTrials.gov NCT number: "NCT" and eight digits. */
export function isNctId(value: string): boolean {
  return /^NCT\d{8}$/.test(value);
}

/** The public ClinicalTrials.gov page of a study. */
export function ctgovStudyUrl(nctId: string): string {
  return `https://clinicaltrials.gov/study/${encodeURIComponent(nctId)}`;
}
