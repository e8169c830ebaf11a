/**
 * Loading trials for every data-driven element: JSON in either shape (ClinicalTrials.gov v2 or
 * trialkit's Trial) is detected and checked, and each URL is fetched once per page however many
 * elements ask for it.
 */
import { isCtgovRecord, trialFromCtgov, TrialShapeError } from '../model/ctgov.ts';
import { isNctId, TrialSchema, type Trial } from '../model/trial.ts';

export const DEFAULT_API_BASE = 'https://clinicaltrials.gov/api/v2';

/** `load`: the element's own code could not be loaded (the autoloader's chunk failed). */
export type TrialLoadErrorKind = 'network' | 'http' | 'not-found' | 'parse' | 'shape' | 'config' | 'load';

/** Why a trial could not be shown; carried by the `trial-error` event. */
export class TrialLoadError extends Error {
  constructor(
    readonly kind: TrialLoadErrorKind,
    message: string,
    readonly url?: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TrialLoadError';
  }
}

/**
 * Trials already read from a given object. A page that hands one record to several elements
 * (`card.study = eligibility.study = record`) has it checked and adapted once; a record that
 * changes must come as a new object (as Lit's own change detection already asks), and a Trial
 * this returned is not to be changed in place.
 */
const read = new WeakMap<object, Trial>();

/**
 * Checks JSON of either shape and returns a Trial.
 * @throws TrialLoadError of kind `shape` with a sentence naming the first problem.
 */
export function trialFromJson(json: unknown): Trial {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TrialLoadError('shape', 'The trial data is not a JSON object.');
  }
  let trial = read.get(json);
  if (!trial) {
    trial = readTrial(json);
    read.set(json, trial);
    // What came out is a checked Trial: handed on (the widget gives it to every section), it
    // is taken as it is.
    read.set(trial, trial);
  }
  return trial;
}

function readTrial(json: object): Trial {
  if (isCtgovRecord(json)) {
    try {
      return trialFromCtgov(json);
    } catch (error) {
      if (error instanceof TrialShapeError) throw new TrialLoadError('shape', error.message);
      throw error;
    }
  }
  const parsed = TrialSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.') || 'its top level';
    throw new TrialLoadError('shape', `The trial data has an unexpected shape at ${path}: ${issue.message}`);
  }
  return parsed.data;
}

/** The study URL for an NCT id under an API base, in the ClinicalTrials.gov v2 layout. */
export function studyUrl(apiBase: string, nctId: string): string {
  const id = nctId.trim().toUpperCase();
  if (!isNctId(id)) throw new TrialLoadError('config', `"${nctId}" is not an NCT number (NCT followed by eight digits).`);
  return `${apiBase.replace(/\/+$/, '')}/studies/${id}`;
}

const cache = new Map<string, Promise<Trial>>();

function absolute(url: string): string {
  try {
    // Outside a browser (a server render, a Node script) only absolute URLs can be meant.
    return new URL(url, typeof document === 'undefined' ? undefined : document.baseURI).href;
  } catch {
    throw new TrialLoadError('config', `"${url}" is not a valid URL.`, url);
  }
}

async function fetchTrial(url: string): Promise<Trial> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'omit' });
  } catch {
    throw new TrialLoadError('network', 'The trial could not be loaded: the network request failed.', url);
  }
  if (response.status === 404) throw new TrialLoadError('not-found', 'This trial was not found.', url, 404);
  if (!response.ok) {
    throw new TrialLoadError('http', `The trial could not be loaded: the server answered ${response.status}.`, url, response.status);
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new TrialLoadError('parse', 'The trial data is not valid JSON.', url);
  }
  return trialFromJson(json);
}

/**
 * Loads the trial at `url`, sharing one request among all callers on the page. Failed loads are
 * forgotten so that a retry asks the network again.
 */
export function loadTrial(url: string): Promise<Trial> {
  const key = absolute(url);
  let pending = cache.get(key);
  if (!pending) {
    pending = fetchTrial(key);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

/** Forgets every cached trial; for tests and for hosts that swap data in place. */
export function clearTrialCache(): void {
  cache.clear();
}
