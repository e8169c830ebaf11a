/**
 * ClinicalTrials.gov API v2 → Trial. The raw record is checked with a lenient schema (every
 * module optional, as real records omit whole modules) so a wrong type anywhere is reported with
 * its path instead of crashing a view.
 */
import * as z from 'zod/mini';
import {
  AGE_UNITS,
  ALLOCATIONS,
  ARM_TYPES,
  ENROLLMENT_TYPES,
  INTERVENTION_MODELS,
  INTERVENTION_TYPES,
  INVOLVEMENT_LIMITS,
  IPD_INFO_TYPES,
  IPD_SHARING,
  MASKED_ROLES,
  MASKINGS,
  OBSERVATIONAL_MODELS,
  PRIMARY_PURPOSES,
  TIME_PERSPECTIVES,
  isNctId,
  PHASES,
  SEXES,
  STATUSES,
  STD_AGES,
  STUDY_TYPES,
  type AgeLimit,
  type AgeUnit,
  type Arm,
  type Contact,
  type Intervention,
  type IpdSharing,
  type Outcome,
  type Outcomes,
  type StudyDesign,
  type StudyDocument,
  type StudyLink,
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
    designModule: z.optional(
      z.object({
        studyType: str(),
        phases: strings(),
        patientRegistry: z.optional(z.unknown()),
        targetDuration: z.optional(z.unknown()),
        designInfo: z.optional(z.unknown()),
        enrollmentInfo: z.optional(z.unknown()),
      }),
    ),
    // Checked item by item in `involvementFrom`: a malformed arm or outcome is left out
    // instead of costing the reader the whole card.
    armsInterventionsModule: z.optional(z.unknown()),
    outcomesModule: z.optional(z.unknown()),
    ipdSharingStatementModule: z.optional(z.unknown()),
    referencesModule: z.optional(z.unknown()),
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
  documentSection: z.optional(z.unknown()),
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

const RawArm = z.object({ label: str(), type: str(), description: str(), interventionNames: z.optional(z.unknown()) });
const RawIntervention = z.object({
  type: str(),
  name: str(),
  description: str(),
  armGroupLabels: z.optional(z.unknown()),
  otherNames: z.optional(z.unknown()),
});
const RawDesign = z.object({
  studyType: str(),
  patientRegistry: z.optional(z.unknown()),
  targetDuration: z.optional(z.unknown()),
  designInfo: z.optional(
    z.object({
      allocation: z.optional(z.unknown()),
      interventionModel: z.optional(z.unknown()),
      primaryPurpose: z.optional(z.unknown()),
      observationalModel: z.optional(z.unknown()),
      timePerspective: z.optional(z.unknown()),
      maskingInfo: z.optional(z.object({ masking: z.optional(z.unknown()), whoMasked: z.optional(z.unknown()) })),
    }),
  ),
  enrollmentInfo: z.optional(z.object({ count: z.optional(z.unknown()), type: z.optional(z.unknown()) })),
});
const RawOutcome = z.object({ measure: str(), description: str(), timeFrame: str() });
const RawIpd = z.object({
  ipdSharing: str(),
  description: str(),
  infoTypes: z.optional(z.unknown()),
  timeFrame: str(),
  accessCriteria: str(),
  url: str(),
});
const RawLargeDoc = z.object({
  hasProtocol: z.optional(z.boolean()),
  hasSap: z.optional(z.boolean()),
  hasIcf: z.optional(z.boolean()),
  typeAbbrev: str(),
  date: str(),
  filename: str(),
});
const RawLink = z.object({ label: str(), url: str() });

/** The object at `key` of `value`, when both are objects. */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/** The items of an array that fit `schema`, at most `max`; anything else reads as empty. */
function itemsOf<T>(value: unknown, schema: z.ZodMiniType<T>, max: number): T[] {
  if (!Array.isArray(value)) return [];
  const out: T[] = [];
  for (const item of value) {
    if (out.length >= max) break;
    const parsed = schema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

function textsOf(value: unknown, max: number = INVOLVEMENT_LIMITS.namesPerItem): string[] {
  return itemsOf(value, z.string(), max).flatMap((item) => nonEmpty(item) ?? []);
}

function pick<T extends string>(values: readonly T[], raw: unknown): T | undefined {
  return typeof raw === 'string' ? oneOf(values, raw) : undefined;
}

function defined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

function armsFrom(module: unknown): { arms: Arm[]; interventions: Intervention[] } {
  const arms = itemsOf(field(module, 'armGroups'), RawArm, INVOLVEMENT_LIMITS.arms).flatMap((raw): Arm[] => {
    const label = nonEmpty(raw.label);
    if (!label) return [];
    return [
      defined({
        label,
        type: oneOf(ARM_TYPES, raw.type),
        description: nonEmpty(raw.description),
        interventionNames: textsOf(raw.interventionNames),
      }),
    ];
  });
  const interventions = itemsOf(field(module, 'interventions'), RawIntervention, INVOLVEMENT_LIMITS.interventions).flatMap(
    (raw): Intervention[] => {
      const name = nonEmpty(raw.name);
      if (!name) return [];
      return [
        defined({
          name,
          type: oneOf(INTERVENTION_TYPES, raw.type),
          description: nonEmpty(raw.description),
          armGroupLabels: textsOf(raw.armGroupLabels),
          otherNames: textsOf(raw.otherNames),
        }),
      ];
    },
  );
  return { arms, interventions };
}

function designFrom(module: unknown): StudyDesign | undefined {
  const parsed = RawDesign.safeParse(module ?? {});
  if (!parsed.success) return undefined;
  const raw = parsed.data;
  const info = raw.designInfo;
  const count = raw.enrollmentInfo?.count;
  const design: StudyDesign = defined({
    allocation: pick(ALLOCATIONS, info?.allocation),
    interventionModel: pick(INTERVENTION_MODELS, info?.interventionModel),
    masking: pick(MASKINGS, info?.maskingInfo?.masking),
    whoMasked: [...new Set(itemsOf(info?.maskingInfo?.whoMasked, z.string(), 10).flatMap((role) => oneOf(MASKED_ROLES, role) ?? []))],
    primaryPurpose: pick(PRIMARY_PURPOSES, info?.primaryPurpose),
    observationalModel: pick(OBSERVATIONAL_MODELS, info?.observationalModel),
    timePerspective: pick(TIME_PERSPECTIVES, info?.timePerspective),
    patientRegistry: typeof raw.patientRegistry === 'boolean' ? raw.patientRegistry : undefined,
    targetDuration: typeof raw.targetDuration === 'string' ? nonEmpty(raw.targetDuration) : undefined,
    enrollment:
      typeof count === 'number' && Number.isSafeInteger(count) && count >= 0
        ? defined({ count, type: pick(ENROLLMENT_TYPES, raw.enrollmentInfo?.type) })
        : undefined,
  });
  return Object.keys(design).length > 1 || design.whoMasked.length ? design : undefined;
}

function outcomeList(value: unknown): Outcome[] {
  return itemsOf(value, RawOutcome, INVOLVEMENT_LIMITS.outcomes).flatMap((raw): Outcome[] => {
    const measure = nonEmpty(raw.measure);
    if (!measure) return [];
    return [defined({ measure, description: nonEmpty(raw.description), timeFrame: nonEmpty(raw.timeFrame) })];
  });
}

function outcomesFrom(module: unknown): Outcomes | undefined {
  const outcomes: Outcomes = {
    primary: outcomeList(field(module, 'primaryOutcomes')),
    secondary: outcomeList(field(module, 'secondaryOutcomes')),
    other: outcomeList(field(module, 'otherOutcomes')),
  };
  return outcomes.primary.length || outcomes.secondary.length || outcomes.other.length ? outcomes : undefined;
}

function ipdFrom(module: unknown): IpdSharing | undefined {
  const parsed = RawIpd.safeParse(module);
  if (!parsed.success) return undefined;
  const raw = parsed.data;
  const ipd: IpdSharing = defined({
    sharing: oneOf(IPD_SHARING, raw.ipdSharing),
    description: nonEmpty(raw.description),
    infoTypes: [...new Set(itemsOf(raw.infoTypes, z.string(), 10).flatMap((type) => oneOf(IPD_INFO_TYPES, type) ?? []))],
    timeFrame: nonEmpty(raw.timeFrame),
    accessCriteria: nonEmpty(raw.accessCriteria),
    url: nonEmpty(raw.url),
  });
  return ipd.sharing || ipd.description ? ipd : undefined;
}

/**
 * ClinicalTrials.gov serves a study's large documents from
 * `https://cdn.clinicaltrials.gov/large-docs/<last two digits of the NCT number>/<NCT number>/<file>`.
 * Only plain file names are accepted, so a record cannot point the link anywhere else.
 */
export function largeDocUrl(nctId: string, filename: string): string | undefined {
  if (!isNctId(nctId) || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/.test(filename)) return undefined;
  return `https://cdn.clinicaltrials.gov/large-docs/${nctId.slice(-2)}/${nctId}/${filename}`;
}

function documentsFrom(section: unknown, nctId: string): StudyDocument[] {
  const docs = itemsOf(field(field(section, 'largeDocumentModule'), 'largeDocs'), RawLargeDoc, INVOLVEMENT_LIMITS.documents);
  return docs.flatMap((raw): StudyDocument[] => {
    const url = raw.filename ? largeDocUrl(nctId, raw.filename.trim()) : undefined;
    if (!url) return [];
    // The flags are authoritative; the abbreviation ("Prot_SAP_ICF") fills in when they are absent.
    const abbrev = (raw.typeAbbrev ?? '').split('_');
    const doc: StudyDocument = {
      hasProtocol: raw.hasProtocol ?? abbrev.includes('Prot'),
      hasSap: raw.hasSap ?? abbrev.includes('SAP'),
      hasIcf: raw.hasIcf ?? abbrev.includes('ICF'),
      url,
    };
    const date = partialDate(raw.date);
    if (date) doc.date = date;
    return [doc];
  });
}

function linksFrom(module: unknown): StudyLink[] {
  return itemsOf(field(module, 'seeAlsoLinks'), RawLink, INVOLVEMENT_LIMITS.links).flatMap((raw): StudyLink[] => {
    const url = nonEmpty(raw.url);
    return url && /^https?:\/\//i.test(url) ? [defined({ label: nonEmpty(raw.label), url })] : [];
  });
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
  const { arms, interventions } = armsFrom(p.armsInterventionsModule);
  const documents = documentsFrom(parsed.data.documentSection, id.nctId);
  const links = linksFrom(p.referencesModule);
  Object.assign(optional, {
    arms: arms.length ? arms : undefined,
    interventions: interventions.length ? interventions : undefined,
    design: designFrom(p.designModule),
    outcomes: outcomesFrom(p.outcomesModule),
    ipdSharing: ipdFrom(p.ipdSharingStatementModule),
    documents: documents.length ? documents : undefined,
    links: links.length ? links : undefined,
  });
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
