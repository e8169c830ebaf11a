/**
 * Reader-facing words for the study-design codes of a record (arm and intervention types,
 * masking, models, data sharing). Read at render time so they follow the active language.
 */
import { msg, str } from '@lit/localize';
import type { ArmType, InterventionType, StudyDesign, IpdSharing } from '../../model/trial.ts';
import { listFormat } from '../../internal/intl-formats.ts';
import { formatLocale } from '../../internal/localize.ts';
import { numberLabel } from '../../internal/trial-labels.ts';

type Design = StudyDesign;

export function armTypeLabel(type: ArmType): string {
  switch (type) {
    case 'EXPERIMENTAL':
      return msg('Experimental');
    case 'ACTIVE_COMPARATOR':
      return msg('Active comparator');
    case 'PLACEBO_COMPARATOR':
      return msg('Placebo comparator');
    case 'SHAM_COMPARATOR':
      return msg('Sham comparator');
    case 'NO_INTERVENTION':
      return msg('No intervention');
    case 'OTHER':
      return msg('Other');
  }
}

export function interventionTypeLabel(type: InterventionType): string {
  switch (type) {
    case 'DRUG':
      return msg('Drug');
    case 'DEVICE':
      return msg('Device');
    case 'BIOLOGICAL':
      return msg('Biological');
    case 'PROCEDURE':
      return msg('Procedure');
    case 'RADIATION':
      return msg('Radiation');
    case 'BEHAVIORAL':
      return msg('Behavioral');
    case 'GENETIC':
      return msg('Genetic');
    case 'DIETARY_SUPPLEMENT':
      return msg('Dietary supplement');
    case 'COMBINATION_PRODUCT':
      return msg('Combination product');
    case 'DIAGNOSTIC_TEST':
      return msg('Diagnostic test');
    case 'OTHER':
      return msg('Other');
  }
}

function maskedRole(role: Design['whoMasked'][number]): string {
  switch (role) {
    case 'PARTICIPANT':
      return msg('participants');
    case 'CARE_PROVIDER':
      return msg('care providers');
    case 'INVESTIGATOR':
      return msg('investigators');
    case 'OUTCOMES_ASSESSOR':
      return msg('the people who assess the results');
  }
}

/** Who knows which group a participant is in, in plain words; undefined when not stated. */
export function maskingSentence(design: Design): string | undefined {
  const masking = design.masking;
  if (!masking) return undefined;
  if (masking === 'NONE') return msg('Open label: participants and the study team know who is in which group.');
  const roles = listFormat(formatLocale(), { type: 'conjunction' }).format(design.whoMasked.map(maskedRole));
  let level: string;
  switch (masking) {
    case 'SINGLE':
      level = msg('Single-blind');
      break;
    case 'DOUBLE':
      level = msg('Double-blind');
      break;
    case 'TRIPLE':
      level = msg('Triple-blind');
      break;
    case 'QUADRUPLE':
      level = msg('Quadruple-blind');
      break;
  }
  return design.whoMasked.length
    ? msg(str`${level}: ${roles} do not know who is in which group.`)
    : msg(str`${level}: some people in the study do not know who is in which group; the record does not say who.`);
}

export function interventionModelLabel(model: NonNullable<Design['interventionModel']>): string {
  switch (model) {
    case 'SINGLE_GROUP':
      return msg('Single group: every participant receives the same intervention.');
    case 'PARALLEL':
      return msg('Parallel groups: each participant stays in one group for the whole study.');
    case 'CROSSOVER':
      return msg('Crossover: participants switch from one group’s intervention to another’s during the study.');
    case 'FACTORIAL':
      return msg('Factorial: participants receive interventions in different combinations.');
    case 'SEQUENTIAL':
      return msg('Sequential: groups take part one after another.');
  }
}

export function primaryPurposeLabel(purpose: NonNullable<Design['primaryPurpose']>): string {
  switch (purpose) {
    case 'TREATMENT':
      return msg('Treatment');
    case 'PREVENTION':
      return msg('Prevention');
    case 'DIAGNOSTIC':
      return msg('Diagnosis');
    case 'ECT':
      return msg('Education, counselling or training');
    case 'SUPPORTIVE_CARE':
      return msg('Supportive care');
    case 'SCREENING':
      return msg('Screening');
    case 'HEALTH_SERVICES_RESEARCH':
      return msg('Health services research');
    case 'BASIC_SCIENCE':
      return msg('Basic science');
    case 'DEVICE_FEASIBILITY':
      return msg('Device feasibility');
    case 'OTHER':
      return msg('Other');
  }
}

export function observationalModelLabel(model: NonNullable<Design['observationalModel']>): string {
  switch (model) {
    case 'COHORT':
      return msg('Cohort: groups of people are followed to see what happens to them.');
    case 'CASE_CONTROL':
      return msg('Case-control: people with a condition are compared with people without it.');
    case 'CASE_ONLY':
      return msg('Case-only: only people with the condition are studied.');
    case 'CASE_CROSSOVER':
      return msg('Case-crossover: each person is compared with themselves at different times.');
    case 'ECOLOGIC_OR_COMMUNITY':
      return msg('Ecologic or community: groups or communities are studied rather than individuals.');
    case 'FAMILY_BASED':
      return msg('Family-based: family members are studied together.');
    case 'DEFINED_POPULATION':
      return msg('Defined population: a set population is studied.');
    case 'NATURAL_HISTORY':
      return msg('Natural history: how a condition develops over time is observed.');
    case 'OTHER':
      return msg('Other');
  }
}

export function timePerspectiveLabel(perspective: NonNullable<Design['timePerspective']>): string {
  switch (perspective) {
    case 'PROSPECTIVE':
      return msg('Prospective: participants are followed forward in time from when they join.');
    case 'RETROSPECTIVE':
      return msg('Retrospective: information that was already recorded is looked back on.');
    case 'CROSS_SECTIONAL':
      return msg('Cross-sectional: information is collected at one point in time.');
    case 'OTHER':
      return msg('Other');
  }
}

/** "200 participants (estimated)", "45 participants (actual)". */
export function enrollmentLabel(enrollment: NonNullable<Design['enrollment']>): string {
  const n = numberLabel(enrollment.count);
  const one = enrollment.count === 1;
  switch (enrollment.type) {
    case 'ESTIMATED':
      return one ? msg(str`${n} participant (estimated)`) : msg(str`${n} participants (estimated)`);
    case 'ACTUAL':
      return one ? msg(str`${n} participant (actual)`) : msg(str`${n} participants (actual)`);
    default:
      return one ? msg(str`${n} participant`) : msg(str`${n} participants`);
  }
}

export function ipdSentence(sharing: NonNullable<IpdSharing['sharing']>): string {
  switch (sharing) {
    case 'YES':
      return msg('The researchers plan to share individual participant data with other researchers.');
    case 'NO':
      return msg('The researchers do not plan to share individual participant data with other researchers.');
    case 'UNDECIDED':
      return msg('The researchers have not yet decided whether to share individual participant data.');
  }
}

export function ipdInfoTypeLabel(type: IpdSharing['infoTypes'][number]): string {
  switch (type) {
    case 'STUDY_PROTOCOL':
      return msg('Study protocol');
    case 'SAP':
      return msg('Statistical analysis plan');
    case 'ICF':
      return msg('Informed consent form');
    case 'CSR':
      return msg('Clinical study report');
    case 'ANALYTIC_CODE':
      return msg('Analytic code');
  }
}

/** The documents one published file holds, e.g. "Study protocol and statistical analysis plan". */
export function documentLabel(doc: { hasProtocol: boolean; hasSap: boolean; hasIcf: boolean }): string {
  const parts: string[] = [];
  if (doc.hasProtocol) parts.push(msg('Study protocol'));
  if (doc.hasSap) parts.push(msg('Statistical analysis plan'));
  if (doc.hasIcf) parts.push(msg('Informed consent form'));
  if (!parts.length) return msg('Study document');
  return listFormat(formatLocale(), { type: 'conjunction' }).format(parts);
}

export function listLabel(items: readonly string[]): string {
  return listFormat(formatLocale(), { type: 'conjunction' }).format(items);
}
