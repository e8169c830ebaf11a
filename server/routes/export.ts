/**
 * GET /api/admin/submissions.csv?kind=contact|notify — the study team's export, behind
 * `Authorization: Bearer <ADMIN_TOKEN>`. Off (404) when no token is configured.
 *
 * - Token guessing is limited per client (ADMIN_TOKEN is at least 32 characters, and each
 *   client gets a few wrong tries per window, then 429 with Retry-After, checked before the
 *   comparison). The comparison takes the same time whatever the token.
 * - The file is streamed: rows are read a page at a time by id (no query stays open between
 *   pages, so the database keeps serving other requests), and the next page is written only
 *   when the socket has taken the last one. A client that stops reading holds one page in
 *   memory, not the table.
 *
 * Columns are listed once, with the value each one takes from a row: to add one, add an entry.
 */
import { once } from 'node:events';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ContactSubmission, NotifySignup } from '../../src/model/contact.ts';
import { csvRow } from '../csv.ts';
import { HttpError, rateLimited, secondsToWait } from '../http.ts';
import type { AppContext } from '../context.ts';
import type { RequestContext, RouteModule } from '../router.ts';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Compares digests so the comparison takes the same time whatever the token's length. */
function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** One stored submission as the export sees it. */
export interface ExportRow<P> {
  id: number;
  receivedAt: string;
  payload: P;
  /** The consent record kept beside the payload (see server/db.ts). */
  consentSha256: string | null;
  widgetVersion: string | null;
  pageOrigin: string | null;
  consentAt: string | null;
}

/** The consent record (what was agreed, shown by which widget, on which page, when), last in both exports. */
function consentColumns<P>(): CsvColumn<P>[] {
  return [
    { name: 'consent_text_sha256', value: (r) => r.consentSha256 },
    { name: 'widget_version', value: (r) => r.widgetVersion },
    { name: 'page_origin', value: (r) => r.pageOrigin },
    { name: 'consent_at', value: (r) => r.consentAt },
  ];
}

export interface CsvColumn<P> {
  name: string;
  value: (row: ExportRow<P>) => unknown;
}

const CONTACT_COLUMNS: CsvColumn<ContactSubmission>[] = [
  { name: 'id', value: (r) => r.id },
  { name: 'received_at', value: (r) => r.receivedAt },
  { name: 'trial_id', value: (r) => r.payload.trialId },
  { name: 'trial_title', value: (r) => r.payload.trialTitle },
  { name: 'site_facility', value: (r) => r.payload.site?.facility },
  { name: 'site_city', value: (r) => r.payload.site?.city },
  { name: 'site_state', value: (r) => r.payload.site?.state },
  { name: 'site_zip', value: (r) => r.payload.site?.zip },
  { name: 'site_country', value: (r) => r.payload.site?.country },
  { name: 'first_name', value: (r) => r.payload.firstName },
  { name: 'last_name', value: (r) => r.payload.lastName },
  { name: 'email', value: (r) => r.payload.email },
  { name: 'phone', value: (r) => r.payload.phone },
  { name: 'language', value: (r) => r.payload.language },
  { name: 'message', value: (r) => r.payload.message },
  { name: 'consent_text', value: (r) => r.payload.consentText },
  { name: 'prescreen_answers', value: (r) => r.payload.prescreen?.answers },
  { name: 'extra', value: (r) => r.payload.extra },
  { name: 'locale', value: (r) => r.payload.locale },
  { name: 'contact_method', value: (r) => r.payload.contactMethod },
  { name: 'best_time', value: (r) => r.payload.bestTime },
  { name: 'text_consent', value: (r) => r.payload.textConsent },
  { name: 'for_someone_else', value: (r) => r.payload.forSomeoneElse },
  { name: 'patient_name', value: (r) => r.payload.patientName },
  { name: 'relationship', value: (r) => r.payload.relationship },
  ...consentColumns<ContactSubmission>(),
];

const NOTIFY_COLUMNS: CsvColumn<NotifySignup>[] = [
  { name: 'id', value: (r) => r.id },
  { name: 'received_at', value: (r) => r.receivedAt },
  { name: 'trial_id', value: (r) => r.payload.trialId },
  { name: 'email', value: (r) => r.payload.email },
  { name: 'conditions', value: (r) => r.payload.conditions?.join('; ') },
  { name: 'consent_text', value: (r) => r.payload.consentText },
  { name: 'locale', value: (r) => r.payload.locale },
  ...consentColumns<NotifySignup>(),
];

/** Rows read and written per step: big enough to be quick, small enough to hold in memory. */
const PAGE_ROWS = 500;

/** Resolves when `res` has room again, or it closed (the reader went away). */
async function drained(res: ServerResponse): Promise<void> {
  if (res.destroyed || !res.writableNeedDrain) return;
  const gone = new AbortController();
  await Promise.race([once(res, 'drain', { signal: gone.signal }), once(res, 'close', { signal: gone.signal })]).catch(() => undefined);
  gone.abort();
}

/**
 * Every admin endpoint's gate (await it: it throws by rejecting): 404 when no token is configured, 429 after too many wrong tokens
 * from one client (one budget across the admin endpoints), 401 without the right Bearer token.
 */
export async function admitAdmin(ctx: RequestContext, app: AppContext, what = 'The export'): Promise<void> {
  const token = app.config.adminToken;
  if (!token) throw new HttpError(404, { error: 'not-found', message: `${what} is off: no ADMIN_TOKEN is configured.` });
  const guesses = app.adminGuesses;
  const wait = await guesses.retryAfterMs(ctx.clientIp);
  if (wait > 0) throw rateLimited(secondsToWait(wait), 'Too many wrong admin tokens. Try again later.');
  const auth = ctx.req.headers.authorization ?? '';
  const given = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
  if (!given || !tokenMatches(given, token)) {
    // A request with no token at all is a browser or a misconfigured script, not a guess.
    if (given) await guesses.record(ctx.clientIp);
    throw new HttpError(401, { error: 'unauthorized', message: 'Send the admin token as a Bearer token.' }, { 'www-authenticate': 'Bearer' });
  }
}

export const exportRoutes: RouteModule = (router, app) => {

  async function stream<P>(res: ServerResponse, kind: 'contact' | 'notify', columns: readonly CsvColumn<P>[]): Promise<void> {
    // A byte-order mark makes spreadsheet programs read the file as UTF-8.
    res.write(`\ufeff${csvRow(columns.map((column) => column.name))}`);
    let after = 0;
    for (;;) {
      const rows = (await app.store.submissionPage(kind, after, PAGE_ROWS)) as ExportRow<P>[];
      if (!rows.length) break;
      let text = '';
      for (const row of rows) text += csvRow(columns.map((column) => column.value(row)));
      after = rows[rows.length - 1]!.id;
      // Wait for the socket when it is full; otherwise still let other requests run between pages.
      if (!res.write(text)) await drained(res);
      else await new Promise((resolve) => setImmediate(resolve));
      if (res.destroyed) return;
    }
    res.end();
  }

  router.get('/api/admin/submissions.csv', async (ctx) => {
    await admitAdmin(ctx, app);
    const kind = ctx.url.searchParams.get('kind') ?? 'contact';
    if (kind !== 'contact' && kind !== 'notify') throw new HttpError(400, { error: 'kind', message: 'kind is contact or notify.' });
    const { res } = ctx;
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="trialkit-${kind}-${new Date().toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
    });
    if (ctx.req.method === 'HEAD') {
      res.end();
      return;
    }
    if (kind === 'contact') await stream(res, kind, CONTACT_COLUMNS);
    else await stream(res, kind, NOTIFY_COLUMNS);
  });
};
