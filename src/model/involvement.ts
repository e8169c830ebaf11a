/**
 * What taking part involves, read from a Trial: which groups (arms) a participant may be put
 * in and what each receives, and the facts the record states about assignment and placebo.
 * Plain functions, no rendering; `<trial-involvement>` is a view over them.
 *
 * Everything here is stated as the record states it and never inferred beyond it:
 * - random assignment only when `design.allocation` is RANDOMIZED;
 * - a placebo only when an arm's type is PLACEBO_COMPARATOR or an intervention's name says
 *   "placebo" (the v2 API has no placebo intervention type; the word is the record's own).
 *
 * Matching arms and interventions. A record links them twice: each intervention lists the arm
 * labels that receive it (`armGroupLabels`) and each arm lists its interventions as
 * "Type: Name" (`interventionNames`). Both links are followed and merged. Labels and names are
 * compared with white space collapsed, first exactly, then ignoring case — but a case-blind
 * match counts only when it is unique: a record with both "Placebo" and "PLACEBO" arms keeps
 * them as two groups, and a link written "placebo" that could mean either is not guessed; the
 * intervention is then listed as not linked to a group, never dropped.
 */
import { INTERVENTION_TYPES, type Arm, type Intervention, type InterventionType, type Trial } from './trial.ts';

/** What one group receives: a listed intervention, or a name the arm gives without one. */
export interface GroupIntervention {
  name: string;
  type?: InterventionType;
  /** The intervention record, when the arm's link resolves to one. */
  intervention?: Intervention;
}

export interface InvolvementGroup {
  arm: Arm;
  interventions: GroupIntervention[];
}

export interface InvolvementFacts {
  groups: InvolvementGroup[];
  /** Interventions that no group links to (or whose link is ambiguous). */
  unlinked: Intervention[];
  /** Assignment as the record states it: random, not random, or not stated. */
  randomized: boolean | undefined;
  /** Number of PLACEBO_COMPARATOR arms. */
  placeboGroups: number;
  /** Whether any intervention or arm-listed intervention is named a placebo. */
  placeboNamed: boolean;
  /** Number of SHAM_COMPARATOR arms. */
  shamGroups: number;
  observational: boolean;
}

const PLACEBO = /\bplacebos?\b/i;

/** Collapses white space so "Arm  A " and "Arm A" are one label. */
function normalized(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

/**
 * A lookup by label: exact (white space collapsed) matches first, all of them when the record
 * repeats a label; else the one case-blind match, if there is exactly one.
 */
export function labelIndex<T>(items: readonly T[], labelOf: (item: T) => string): (label: string) => T[] {
  const exact = new Map<string, T[]>();
  const folded = new Map<string, T[]>();
  for (const item of items) {
    const key = normalized(labelOf(item));
    exact.set(key, [...(exact.get(key) ?? []), item]);
    const lower = key.toLowerCase();
    const bucket = folded.get(lower) ?? [];
    // Distinct labels only: two arms both written "Placebo" are one label, "Placebo" and
    // "PLACEBO" are two.
    if (!bucket.some((other) => normalized(labelOf(other)) === key)) bucket.push(item);
    folded.set(lower, bucket);
  }
  return (label) => {
    const key = normalized(label);
    const hit = exact.get(key);
    if (hit) return hit;
    const candidates = folded.get(key.toLowerCase()) ?? [];
    return candidates.length === 1 ? exact.get(normalized(labelOf(candidates[0]!)))! : [];
  };
}

const TYPE_BY_WORDS = new Map<string, InterventionType>(INTERVENTION_TYPES.map((type) => [type.replaceAll('_', ' '), type]));

/** "Drug: Placebo" → {type: DRUG, name: "Placebo"}; text without a known type prefix is all name. */
export function parseInterventionName(raw: string): { name: string; type?: InterventionType } {
  const match = /^\s*([A-Za-z][A-Za-z _-]*?)\s*:\s*(\S[\s\S]*)$/.exec(raw);
  const type = match ? TYPE_BY_WORDS.get(match[1]!.toUpperCase().replace(/[_-]/g, ' ').replace(/\s+/g, ' ')) : undefined;
  if (match && type) return { name: normalized(match[2]!), type };
  return { name: normalized(raw) };
}

export function isPlaceboName(name: string): boolean {
  return PLACEBO.test(name);
}

/** The groups with what each receives, and the facts about assignment and placebo. */
export function involvementFacts(trial: Trial): InvolvementFacts {
  const arms = trial.arms ?? [];
  const interventions = trial.interventions ?? [];
  const armsByLabel = labelIndex(arms, (arm) => arm.label);
  const interventionsByName = labelIndex(interventions, (intervention) => intervention.name);
  const received = new Map<Arm, GroupIntervention[]>(arms.map((arm) => [arm, []]));
  const linked = new Set<Intervention>();

  const give = (arm: Arm, entry: GroupIntervention) => {
    const list = received.get(arm)!;
    const same = entry.intervention
      ? list.some((other) => other.intervention === entry.intervention)
      : list.some((other) => !other.intervention && other.name.toLowerCase() === entry.name.toLowerCase() && other.type === entry.type);
    if (!same) list.push(entry);
  };

  // The arm's own list first, in its order, then what the interventions add.
  for (const arm of arms) {
    for (const raw of arm.interventionNames) {
      const parsed = parseInterventionName(raw);
      const matches = interventionsByName(parsed.name).filter((i) => !parsed.type || !i.type || i.type === parsed.type);
      if (matches.length === 1) {
        const intervention = matches[0]!;
        linked.add(intervention);
        give(arm, { name: intervention.name, ...(intervention.type ? { type: intervention.type } : {}), intervention });
      } else if (parsed.name) {
        give(arm, parsed);
      }
    }
  }
  for (const intervention of interventions) {
    for (const label of intervention.armGroupLabels) {
      for (const arm of armsByLabel(label)) {
        linked.add(intervention);
        give(arm, { name: intervention.name, ...(intervention.type ? { type: intervention.type } : {}), intervention });
      }
    }
  }

  const groups = arms.map((arm) => ({ arm, interventions: received.get(arm)! }));
  const placeboNamed =
    interventions.some((i) => isPlaceboName(i.name)) || groups.some((g) => g.interventions.some((i) => isPlaceboName(i.name)));
  const allocation = trial.design?.allocation;
  return {
    groups,
    unlinked: interventions.filter((intervention) => !linked.has(intervention)),
    randomized: allocation === 'RANDOMIZED' ? true : allocation === 'NON_RANDOMIZED' ? false : undefined,
    placeboGroups: arms.filter((arm) => arm.type === 'PLACEBO_COMPARATOR').length,
    placeboNamed,
    shamGroups: arms.filter((arm) => arm.type === 'SHAM_COMPARATOR').length,
    observational: trial.studyType === 'OBSERVATIONAL',
  };
}

/** Whether the trial says anything this section can show. */
export function hasInvolvement(trial: Trial): boolean {
  const outcomes = trial.outcomes;
  return Boolean(
    trial.arms?.length ||
      trial.interventions?.length ||
      trial.design ||
      (outcomes && (outcomes.primary.length || outcomes.secondary.length || outcomes.other.length)) ||
      trial.ipdSharing ||
      trial.documents?.length ||
      trial.links?.length,
  );
}
