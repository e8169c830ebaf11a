/**
 * The sender's list of server-mode shares, with the delete tokens that revoke them. Kept only
 * in the sender's browser (localStorage; in memory when storage is blocked) and read back
 * through a schema, since another script on the page could have written anything there.
 * Expired entries are dropped whenever the list is read: they revoke nothing any more.
 *
 * Fragment-mode links are not listed: nothing on a server could revoke them.
 */
import * as z from 'zod/mini';
import { wholeNumber } from '../model/whole-number.ts';
import { IsoInstantSchema, ShareDeleteTokenSchema, ShareIdSchema } from '../model/share.ts';

export const SentShareSchema = z.strictObject({
  id: ShareIdSchema,
  endpoint: z.string().check(z.maxLength(2000)),
  deleteToken: ShareDeleteTokenSchema,
  trialId: z.string().check(z.maxLength(256)),
  noteCount: wholeNumber().check(z.gte(0)),
  createdAt: IsoInstantSchema,
  expiresAt: IsoInstantSchema,
  maxViews: z.optional(wholeNumber().check(z.gte(1))),
});
export type SentShare = z.infer<typeof SentShareSchema>;

const STORAGE_KEY = 'trialkit-sent-shares';
/** Most entries kept; the oldest go first. */
const MAX_ENTRIES = 200;

let memory: SentShare[] = [];

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

function readAll(): SentShare[] {
  const store = storage();
  if (!store) return memory;
  let raw: unknown;
  try {
    raw = JSON.parse(store.getItem(STORAGE_KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry) => {
    const parsed = SentShareSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

function writeAll(entries: SentShare[]): void {
  const kept = entries.slice(-MAX_ENTRIES);
  const store = storage();
  if (!store) {
    memory = kept;
    return;
  }
  try {
    store.setItem(STORAGE_KEY, JSON.stringify(kept));
  } catch {
    memory = kept;
  }
}

/** The sender's live shares for one trial (or page key), newest first. */
export function listSentShares(trialId: string, now = Date.now()): SentShare[] {
  const all = readAll();
  const live = all.filter((entry) => Date.parse(entry.expiresAt) > now);
  if (live.length !== all.length) writeAll(live);
  return live.filter((entry) => entry.trialId === trialId).reverse();
}

export function rememberSentShare(entry: SentShare): void {
  writeAll([...readAll().filter((other) => other.id !== entry.id), entry]);
}

export function forgetSentShare(id: string): void {
  writeAll(readAll().filter((entry) => entry.id !== id));
}
