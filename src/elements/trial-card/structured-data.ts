/**
 * `<trial-card structured-data>`: schema.org JSON-LD for the trial, so search engines can read
 * what the card shows. One `<script type="application/ld+json">` per trial in the document
 * head, shared by every card that shows that trial with the attribute set, removed when the
 * last of them goes (element removed, attribute unset, other trial loaded).
 *
 * The script is built with DOM APIs and its text set as text (never parsed as HTML), through
 * a Trusted Types policy where the browser has them; the JSON is escaped so that `<`, `>` and `&` in trial text cannot close the script
 * when the page is serialized or read by an HTML parser.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { inlineText, parseMarkdown, type Block } from '../../model/markdown.ts';
import { ctgovStudyUrl, isNctId, type InterventionType, type Phase, type Status, type Trial } from '../../model/trial.ts';

/** schema.org MedicalStudyStatus members for the statuses that have one. */
const SCHEMA_STATUS: Partial<Record<Status, string>> = {
  RECRUITING: 'Recruiting',
  NOT_YET_RECRUITING: 'NotYetRecruiting',
  ENROLLING_BY_INVITATION: 'EnrollingByInvitation',
  ACTIVE_NOT_RECRUITING: 'ActiveNotRecruiting',
  SUSPENDED: 'Suspended',
  TERMINATED: 'Terminated',
  COMPLETED: 'Completed',
  WITHDRAWN: 'Withdrawn',
};

/** Phases in English, as ClinicalTrials.gov names them: structured data is not localized. */
const PHASE_NAMES: Record<Phase, string> = {
  EARLY_PHASE1: 'Early Phase 1',
  PHASE1: 'Phase 1',
  PHASE2: 'Phase 2',
  PHASE3: 'Phase 3',
  PHASE4: 'Phase 4',
  NA: 'Not Applicable',
};

/**
 * The schema.org MedicalEntity type for each intervention type, where one clearly fits
 * (MedicalTherapy for the rest: a behavioural or genetic intervention is a therapy, and
 * schema.org has nothing narrower that is sure to be right).
 */
const INTERVENTION_SCHEMA_TYPE: Record<InterventionType, string> = {
  DRUG: 'Drug',
  BIOLOGICAL: 'Drug',
  DEVICE: 'MedicalDevice',
  PROCEDURE: 'MedicalProcedure',
  RADIATION: 'RadiationTherapy',
  DIETARY_SUPPLEMENT: 'DietarySupplement',
  DIAGNOSTIC_TEST: 'MedicalTest',
  BEHAVIORAL: 'MedicalTherapy',
  GENETIC: 'MedicalTherapy',
  COMBINATION_PRODUCT: 'MedicalTherapy',
  OTHER: 'MedicalTherapy',
};

/** Most interventions listed as `studySubject`. */
const STUDY_SUBJECTS_MAX = 20;

/** Longest plain-text description put into the JSON-LD. */
const DESCRIPTION_MAX_CHARS = 5000;

function blockText(block: Block): string {
  if (block.type === 'list') return block.items.map((item) => item.blocks.map(blockText).join(' ')).join(' ');
  return inlineText(block.children);
}

/** The overview as plain text: markdown syntax removed, whitespace collapsed. */
function plainText(markdown: string): string {
  const text = parseMarkdown(markdown.slice(0, DESCRIPTION_MAX_CHARS * 2))
    .map(blockText)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > DESCRIPTION_MAX_CHARS ? `${text.slice(0, DESCRIPTION_MAX_CHARS - 1)}…` : text;
}

/**
 * The schema.org description of a trial: a MedicalTrial (MedicalObservationalStudy for
 * observational studies, which are not trials), with name, identifier, status, phase,
 * conditions, sponsor and the countries and cities of its sites.
 */
export function trialJsonLd(trial: Trial): Record<string, unknown> {
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': trial.studyType === 'OBSERVATIONAL' ? 'MedicalObservationalStudy' : 'MedicalTrial',
    name: trial.title,
  };
  if (trial.officialTitle && trial.officialTitle !== trial.title) data.alternateName = trial.officialTitle;
  if (trial.summary) data.description = plainText(trial.summary);
  if (isNctId(trial.id)) {
    data.identifier = { '@type': 'PropertyValue', propertyID: 'NCT', value: trial.id };
    data.url = ctgovStudyUrl(trial.id);
  } else {
    data.identifier = trial.id;
  }
  const shownStatus = trial.status === 'UNKNOWN' ? undefined : SCHEMA_STATUS[trial.status];
  if (shownStatus) data.status = `https://schema.org/${shownStatus}`;
  if (trial.phases.length && data['@type'] === 'MedicalTrial') data.phase = trial.phases.map((p) => PHASE_NAMES[p]).join('/');
  if (trial.conditions.length) {
    data.healthCondition = trial.conditions.map((name) => ({ '@type': 'MedicalCondition', name }));
  }
  if (trial.sponsor) data.sponsor = { '@type': 'Organization', name: trial.sponsor };
  Object.assign(data, designJsonLd(trial, data['@type'] === 'MedicalTrial'));
  const places = new Set<string>();
  for (const site of trial.sites) {
    const name = [site.city, site.state, site.country].filter(Boolean).join(', ');
    if (name) places.add(name);
  }
  if (places.size) {
    data.studyLocation = [...places].slice(0, 50).map((name) => ({ '@type': 'AdministrativeArea', name }));
  }
  return data;
}

/**
 * What the record says about arms, interventions and design, in the properties schema.org
 * defines for medical studies — and only what the record states:
 * - `trialDesign` (MedicalTrial): RandomizedTrial for RANDOMIZED allocation,
 *   PlaceboControlledTrial when an arm is a placebo comparator, OpenTrial for no masking,
 *   Single/Double/TripleBlindedTrial for those maskings (quadruple masking has no member and is
 *   left out rather than rounded down);
 * - `studyDesign` (MedicalObservationalStudy): CohortStudy, CrossSectional, Registry;
 * - `studySubject` (MedicalStudy): the interventions studied, typed as Drug, MedicalDevice, …;
 *   placebos are compared against, not studied, so they are left out.
 * Arms themselves have no schema.org type and are not described.
 */
function designJsonLd(trial: Trial, isTrial: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const design = trial.design;
  if (isTrial) {
    // The same rules as <trial-involvement> (src/model/involvement.ts), written out here so
    // the card does not carry the arm-matching code.
    const designs: string[] = [];
    if (design?.allocation === 'RANDOMIZED') designs.push('RandomizedTrial');
    if (trial.arms?.some((arm) => arm.type === 'PLACEBO_COMPARATOR')) designs.push('PlaceboControlledTrial');
    const masking = { NONE: 'OpenTrial', SINGLE: 'SingleBlindedTrial', DOUBLE: 'DoubleBlindedTrial', TRIPLE: 'TripleBlindedTrial' } as Record<string, string>;
    if (design?.masking && masking[design.masking]) designs.push(masking[design.masking]!);
    if (designs.length) out.trialDesign = designs.map((name) => `https://schema.org/${name}`);
  } else if (design) {
    const designs: string[] = [];
    if (design.observationalModel === 'COHORT') designs.push('CohortStudy');
    if (design.timePerspective === 'CROSS_SECTIONAL') designs.push('CrossSectional');
    if (design.patientRegistry) designs.push('Registry');
    if (designs.length) out.studyDesign = designs.map((name) => `https://schema.org/${name}`);
  }
  const subjects = (trial.interventions ?? [])
    .filter((intervention) => !/\bplacebos?\b/i.test(intervention.name))
    .slice(0, STUDY_SUBJECTS_MAX)
    .map((intervention) => ({
      '@type': intervention.type ? INTERVENTION_SCHEMA_TYPE[intervention.type] : 'MedicalTherapy',
      name: intervention.name,
      ...(intervention.otherNames.length ? { alternateName: intervention.otherNames.slice(0, 10) } : {}),
    }));
  if (subjects.length) out.studySubject = subjects;
  return out;
}

/** JSON that stays inert inside a `<script>`: no `<`, `>`, `&` or line separators survive raw. */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Marks the scripts trialkit owns, so it never touches anyone else's JSON-LD. */
export const JSON_LD_ATTRIBUTE = 'data-trialkit-trial';

interface JsonScriptPolicy {
  createScript(input: string): string;
}

interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createScript(input: string): string }): JsonScriptPolicy;
}

/** undefined: not asked yet; null: no Trusted Types, or the page's policy list refuses ours. */
let jsonPolicy: JsonScriptPolicy | null | undefined;

/**
 * Under `require-trusted-types-for 'script'` a script's text must be a TrustedScript, even a
 * data block's. This policy lets through only what `jsonLdText` makes: valid JSON with no raw
 * `<` or `>`. JSON has no calls or assignments, so nothing it passes can run code. Pages that
 * list allowed policies (`trusted-types …`) add `trialkit-json-ld`.
 */
function jsonScriptPolicy(): JsonScriptPolicy | null {
  if (jsonPolicy !== undefined) return jsonPolicy;
  const factory = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  try {
    jsonPolicy =
      factory?.createPolicy('trialkit-json-ld', {
        createScript(input) {
          if (/[<>]/.test(input)) throw new TypeError('trialkit: JSON-LD must be escaped');
          JSON.parse(input);
          return input;
        },
      }) ?? null;
  } catch {
    jsonPolicy = null;
  }
  return jsonPolicy;
}

function setScriptText(script: HTMLScriptElement, text: string): void {
  const policy = jsonScriptPolicy();
  // The TrustedScript object stands in for the string, as the DOM's `text` setter accepts.
  if (policy) script.text = policy.createScript(text);
  else script.textContent = text;
}

interface Entry {
  script: HTMLScriptElement;
  owners: Set<object>;
}

/** One script per trial id, shared by the cards that show it. */
const entries = new Map<string, Entry>();

function attach(owner: object, trial: Trial): string {
  let entry = entries.get(trial.id);
  if (!entry || !entry.script.isConnected) {
    const script = document.createElement('script');
    script.type = 'application/ld+json';
    script.setAttribute(JSON_LD_ATTRIBUTE, trial.id);
    entry = { script, owners: entry?.owners ?? new Set() };
    entries.set(trial.id, entry);
    document.head.append(script);
  }
  const text = jsonLdText(trialJsonLd(trial));
  if (entry.script.textContent !== text) setScriptText(entry.script, text);
  entry.owners.add(owner);
  return trial.id;
}

function detach(owner: object, id: string): void {
  const entry = entries.get(id);
  if (!entry) return;
  entry.owners.delete(owner);
  if (entry.owners.size) return;
  entry.script.remove();
  entries.delete(id);
}

/**
 * Keeps the page's JSON-LD in step with a card: `trial()` returns the trial to describe, or
 * undefined when there is none or structured data is off.
 */
export class StructuredDataController implements ReactiveController {
  readonly #host: ReactiveControllerHost & Element;
  readonly #trial: () => Trial | undefined;
  #id: string | undefined;
  #described: Trial | undefined;

  constructor(host: ReactiveControllerHost & Element, trial: () => Trial | undefined) {
    this.#host = host;
    this.#trial = trial;
    host.addController(this);
  }

  hostConnected(): void {
    this.#sync();
  }

  hostUpdated(): void {
    this.#sync();
  }

  hostDisconnected(): void {
    if (this.#id !== undefined) detach(this, this.#id);
    this.#id = undefined;
    this.#described = undefined;
  }

  #sync(): void {
    const trial = this.#host.isConnected ? this.#trial() : undefined;
    if (this.#id !== undefined && this.#id !== trial?.id) {
      detach(this, this.#id);
      this.#id = undefined;
    }
    // Most updates (a toggle, a language switch) leave the trial as it was.
    if (trial && (trial !== this.#described || !entries.get(trial.id)?.script.isConnected)) this.#id = attach(this, trial);
    this.#described = trial;
  }
}
