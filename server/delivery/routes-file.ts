/**
 * The routing table the hospital controls (`ROUTES_FILE`): which team addresses receive an
 * inquiry for a trial and site. Addresses only ever come from this file, never from a request.
 *
 * ```json
 * {
 *   "default": ["research-office@hospital.org"],
 *   "sites": { "Center for Clinical Studies": ["ccs-team@hospital.org"] },
 *   "trials": {
 *     "NCT05819398": {
 *       "default": ["eczema-study@hospital.org"],
 *       "sites": { "Center for Clinical Studies": ["eczema-houston@hospital.org"] }
 *     }
 *   }
 * }
 * ```
 *
 * The most specific entry wins: the trial's site, the trial's default, the site for any trial,
 * then the file's default. Facility names match whatever their case, accents and spacing.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';

/** One bare address: nothing a mail library could read as a list, a name or a comment. */
const ADDRESS_PATTERN = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\].]+$/;

export function isPlainAddress(value: string): boolean {
  return ADDRESS_PATTERN.test(value);
}

const AddressSchema = z.string().check(z.regex(ADDRESS_PATTERN, 'is not an email address'));
/** One address or a non-empty list of them. */
const AddressesSchema = z.pipe(
  z.union([AddressSchema, z.array(AddressSchema).check(z.minLength(1, 'needs at least one address'))]),
  z.transform((value: string | string[]) => (typeof value === 'string' ? [value] : value)),
);

const RoutesFileSchema = z.object({
  default: AddressesSchema,
  sites: z.optional(z.record(z.string(), AddressesSchema)),
  trials: z.optional(
    z.record(
      z.string(),
      z.object({
        default: z.optional(AddressesSchema),
        sites: z.optional(z.record(z.string(), AddressesSchema)),
      }),
    ),
  ),
});

export type RoutesFile = z.infer<typeof RoutesFileSchema>;

/** "Centro Médico  Sur" and "centro medico sur" are the same facility. */
export function facilityKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();
}

function bySiteKey(sites: Record<string, string[]> | undefined): Map<string, string[]> {
  return new Map(Object.entries(sites ?? {}).map(([name, addresses]) => [facilityKey(name), addresses]));
}

export class TeamRoutes {
  readonly #default: string[];
  readonly #sites: Map<string, string[]>;
  readonly #trials: Map<string, { default: string[] | undefined; sites: Map<string, string[]> }>;

  constructor(file: RoutesFile) {
    this.#default = file.default;
    this.#sites = bySiteKey(file.sites);
    this.#trials = new Map(
      Object.entries(file.trials ?? {}).map(([id, trial]) => [id.trim().toUpperCase(), { default: trial.default, sites: bySiteKey(trial.sites) }]),
    );
  }

  /** The team addresses for an inquiry about `trialId` at `facility`; never empty. */
  addressesFor(trialId: string | undefined, facility: string | undefined): string[] {
    const site = facility ? facilityKey(facility) : undefined;
    const trial = trialId ? this.#trials.get(trialId.trim().toUpperCase()) : undefined;
    return (site !== undefined ? trial?.sites.get(site) : undefined) ?? trial?.default ?? (site !== undefined ? this.#sites.get(site) : undefined) ?? this.#default;
  }
}

/** Parses a routes file's text; throws one sentence naming what is wrong. */
export function parseRoutes(text: string, source: string): TeamRoutes {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`ROUTES_FILE ${source} is not valid JSON (${(error as Error).message}).`, { cause: error });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`ROUTES_FILE ${source} must hold a JSON object with a "default" address list.`);
  }
  if (!('default' in json)) {
    throw new Error(`ROUTES_FILE ${source} has no "default" address list, so some inquiries would reach no one.`);
  }
  const parsed = RoutesFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.map(String).join('.') : 'its top level';
    // Every address list is a union (one address or a list), whose own message says only "Invalid input".
    const problem = issue.code === 'invalid_union' ? 'must be an email address or a list of email addresses' : issue.message.toLowerCase();
    throw new Error(`ROUTES_FILE ${source} is not a valid routes file: ${where} ${problem}.`);
  }
  return new TeamRoutes(parsed.data);
}

export function loadRoutes(path: string): TeamRoutes {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`ROUTES_FILE ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, { cause: error });
  }
  return parseRoutes(text, path);
}
