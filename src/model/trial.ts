/**
 * The normalized trial every element renders. Built from a ClinicalTrials.gov v2 record by
 * `trialFromCtgov`, or given directly as trialkit's own Trial JSON (checked with `TrialSchema`).
 *
 * zod/mini keeps this schema small enough for the browser bundle.
 */
import * as z from 'zod/mini';
import { wholeNumber } from './whole-number.ts';

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

/** Arm group types of the ClinicalTrials.gov v2 API. */
export const ARM_TYPES = ['EXPERIMENTAL', 'ACTIVE_COMPARATOR', 'PLACEBO_COMPARATOR', 'SHAM_COMPARATOR', 'NO_INTERVENTION', 'OTHER'] as const;
export const INTERVENTION_TYPES = [
  'DRUG',
  'DEVICE',
  'BIOLOGICAL',
  'PROCEDURE',
  'RADIATION',
  'BEHAVIORAL',
  'GENETIC',
  'DIETARY_SUPPLEMENT',
  'COMBINATION_PRODUCT',
  'DIAGNOSTIC_TEST',
  'OTHER',
] as const;
export const ALLOCATIONS = ['RANDOMIZED', 'NON_RANDOMIZED', 'NA'] as const;
export const INTERVENTION_MODELS = ['SINGLE_GROUP', 'PARALLEL', 'CROSSOVER', 'FACTORIAL', 'SEQUENTIAL'] as const;
export const MASKINGS = ['NONE', 'SINGLE', 'DOUBLE', 'TRIPLE', 'QUADRUPLE'] as const;
export const MASKED_ROLES = ['PARTICIPANT', 'CARE_PROVIDER', 'INVESTIGATOR', 'OUTCOMES_ASSESSOR'] as const;
export const PRIMARY_PURPOSES = [
  'TREATMENT',
  'PREVENTION',
  'DIAGNOSTIC',
  'ECT',
  'SUPPORTIVE_CARE',
  'SCREENING',
  'HEALTH_SERVICES_RESEARCH',
  'BASIC_SCIENCE',
  'DEVICE_FEASIBILITY',
  'OTHER',
] as const;
export const OBSERVATIONAL_MODELS = [
  'COHORT',
  'CASE_CONTROL',
  'CASE_ONLY',
  'CASE_CROSSOVER',
  'ECOLOGIC_OR_COMMUNITY',
  'FAMILY_BASED',
  'DEFINED_POPULATION',
  'NATURAL_HISTORY',
  'OTHER',
] as const;
export const TIME_PERSPECTIVES = ['RETROSPECTIVE', 'PROSPECTIVE', 'CROSS_SECTIONAL', 'OTHER'] as const;
export const ENROLLMENT_TYPES = ['ACTUAL', 'ESTIMATED'] as const;
export const IPD_SHARING = ['YES', 'NO', 'UNDECIDED'] as const;
export const IPD_INFO_TYPES = ['STUDY_PROTOCOL', 'SAP', 'ICF', 'CSR', 'ANALYTIC_CODE'] as const;

/**
 * Caps on what a record may list. Real records stay far below them (the most outcomes seen in
 * 609 records is in the low hundreds); they bound the work a hostile record can cause.
 */
export const INVOLVEMENT_LIMITS = {
  arms: 100,
  interventions: 100,
  namesPerItem: 50,
  outcomes: 1000,
  infoTypes: IPD_INFO_TYPES.length,
  documents: 20,
  links: 50,
} as const;

const bounded = <T extends z.core.SomeType>(item: T, max: number) => z.array(item).check(z.maxLength(max));

/** One group a participant may be put in ("arm"); in an observational study, a cohort. */
export const ArmSchema = z.object({
  label: text().check(z.minLength(1)),
  type: z.optional(z.enum(ARM_TYPES)),
  description: optionalText(),
  /** As the record writes them: "Drug: Placebo" (type, colon, intervention name). */
  interventionNames: bounded(text(), INVOLVEMENT_LIMITS.namesPerItem),
});

export const InterventionSchema = z.object({
  name: text().check(z.minLength(1)),
  type: z.optional(z.enum(INTERVENTION_TYPES)),
  description: optionalText(),
  /** Labels of the arms that receive it, as the record writes them. */
  armGroupLabels: bounded(text(), INVOLVEMENT_LIMITS.namesPerItem),
  otherNames: bounded(text(), INVOLVEMENT_LIMITS.namesPerItem),
});

export const StudyDesignSchema = z.object({
  allocation: z.optional(z.enum(ALLOCATIONS)),
  interventionModel: z.optional(z.enum(INTERVENTION_MODELS)),
  masking: z.optional(z.enum(MASKINGS)),
  whoMasked: bounded(z.enum(MASKED_ROLES), MASKED_ROLES.length),
  primaryPurpose: z.optional(z.enum(PRIMARY_PURPOSES)),
  observationalModel: z.optional(z.enum(OBSERVATIONAL_MODELS)),
  timePerspective: z.optional(z.enum(TIME_PERSPECTIVES)),
  patientRegistry: z.optional(z.boolean()),
  /** Observational studies: how long each participant is followed, as written ("30 Years"). */
  targetDuration: optionalText(),
  enrollment: z.optional(
    z.object({
      count: wholeNumber().check(z.nonnegative()),
      type: z.optional(z.enum(ENROLLMENT_TYPES)),
    }),
  ),
});

export const OutcomeSchema = z.object({
  measure: text().check(z.minLength(1)),
  description: optionalText(),
  timeFrame: optionalText(),
});

export const OutcomesSchema = z.object({
  primary: bounded(OutcomeSchema, INVOLVEMENT_LIMITS.outcomes),
  secondary: bounded(OutcomeSchema, INVOLVEMENT_LIMITS.outcomes),
  other: bounded(OutcomeSchema, INVOLVEMENT_LIMITS.outcomes),
});

/** Whether individual participant data (IPD) will be shared with other researchers. */
export const IpdSharingSchema = z.object({
  sharing: z.optional(z.enum(IPD_SHARING)),
  description: optionalText(),
  infoTypes: bounded(z.enum(IPD_INFO_TYPES), INVOLVEMENT_LIMITS.infoTypes),
  timeFrame: optionalText(),
  accessCriteria: optionalText(),
  url: optionalText(),
});

/** A published study document: protocol, statistical analysis plan, informed consent form. */
export const StudyDocumentSchema = z.object({
  hasProtocol: z.boolean(),
  hasSap: z.boolean(),
  hasIcf: z.boolean(),
  date: z.optional(PartialDateSchema),
  url: text().check(z.minLength(1)),
});

export const StudyLinkSchema = z.object({
  label: optionalText(),
  url: text().check(z.minLength(1)),
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
  // What taking part involves; every field optional, so older Trial JSON stays valid.
  arms: z.optional(bounded(ArmSchema, INVOLVEMENT_LIMITS.arms)),
  interventions: z.optional(bounded(InterventionSchema, INVOLVEMENT_LIMITS.interventions)),
  design: z.optional(StudyDesignSchema),
  outcomes: z.optional(OutcomesSchema),
  ipdSharing: z.optional(IpdSharingSchema),
  documents: z.optional(bounded(StudyDocumentSchema, INVOLVEMENT_LIMITS.documents)),
  links: z.optional(bounded(StudyLinkSchema, INVOLVEMENT_LIMITS.links)),
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
export type ArmType = (typeof ARM_TYPES)[number];
export type InterventionType = (typeof INTERVENTION_TYPES)[number];
export type Arm = z.infer<typeof ArmSchema>;
export type Intervention = z.infer<typeof InterventionSchema>;
export type StudyDesign = z.infer<typeof StudyDesignSchema>;
export type Outcome = z.infer<typeof OutcomeSchema>;
export type Outcomes = z.infer<typeof OutcomesSchema>;
export type IpdSharing = z.infer<typeof IpdSharingSchema>;
export type StudyDocument = z.infer<typeof StudyDocumentSchema>;
export type StudyLink = z.infer<typeof StudyLinkSchema>;

/** A ClinicalTrials.gov NCT number: "NCT" and eight digits. */
export function isNctId(value: string): boolean {
  return /^NCT\d{8}$/.test(value);
}

/** The public ClinicalTrials.gov page of a study. */
export function ctgovStudyUrl(nctId: string): string {
  return `https://clinicaltrials.gov/study/${encodeURIComponent(nctId)}`;
}
