/**
 * GET /api/admin/submissions.csv?kind=contact|notify — the study team's export, behind
 * `Authorization: Bearer <ADMIN_TOKEN>`. Off (404) when no token is configured.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ContactSubmission, NotifySignup } from '../../src/model/contact.ts';
import { csvRow } from '../csv.ts';
import { SubmissionStore } from '../db.ts';
import { HttpError } from '../http.ts';
import type { AppContext } from '../context.ts';
import type { RequestContext, RouteModule } from '../router.ts';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Compares digests so the comparison takes the same time whatever the token's length. */
function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The consent record (what was agreed, shown by which widget, on which page, when), last in both exports. */
const CONSENT_COLUMNS = ['consent_text_sha256', 'widget_version', 'page_origin', 'consent_at'];
const CONTACT_COLUMNS = [
  'id', 'received_at', 'trial_id', 'trial_title', 'site_facility', 'site_city', 'site_state', 'site_zip', 'site_country',
  'first_name', 'last_name', 'email', 'phone', 'language', 'message', 'consent_text', 'prescreen_answers', 'extra', 'locale',
  'contact_method', 'best_time', 'text_consent', 'for_someone_else', 'patient_name', 'relationship', ...CONSENT_COLUMNS,
];
const NOTIFY_COLUMNS = ['id', 'received_at', 'trial_id', 'email', 'conditions', 'consent_text', 'locale', ...CONSENT_COLUMNS];

/** Every admin endpoint's gate: 404 when no token is configured, 401 without the right Bearer token. */
export function requireAdmin(ctx: RequestContext, app: AppContext, what = 'The export'): void {
  const token = app.config.adminToken;
  if (!token) throw new HttpError(404, { error: 'not-found', message: `${what} is off: no ADMIN_TOKEN is configured.` });
  const auth = ctx.req.headers.authorization ?? '';
  const given = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
  if (!given || !tokenMatches(given, token)) {
    throw new HttpError(401, { error: 'unauthorized', message: 'Send the admin token as a Bearer token.' }, { 'www-authenticate': 'Bearer' });
  }
}

export const exportRoutes: RouteModule = (router, app) => {
  const store = new SubmissionStore(app.db);
  router.get('/api/admin/submissions.csv', (ctx) => {
    requireAdmin(ctx, app);
    const kind = ctx.url.searchParams.get('kind') ?? 'contact';
    if (kind !== 'contact' && kind !== 'notify') throw new HttpError(400, { error: 'kind', message: 'kind is contact or notify.' });
    const { res } = ctx;
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="trialkit-${kind}-${new Date().toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
    });
    // A byte-order mark makes spreadsheet programs read the file as UTF-8.
    res.write('\ufeff');
    if (kind === 'contact') {
      res.write(csvRow(CONTACT_COLUMNS));
      for (const row of store.iterate('contact')) {
        const p = row.payload as ContactSubmission;
        res.write(
          csvRow([
            row.id, row.receivedAt, p.trialId, p.trialTitle, p.site?.facility, p.site?.city, p.site?.state, p.site?.zip, p.site?.country,
            p.firstName, p.lastName, p.email, p.phone, p.language, p.message, p.consentText, p.prescreen?.answers, p.extra, p.locale,
            p.contactMethod, p.bestTime, p.textConsent, p.forSomeoneElse, p.patientName, p.relationship,
            row.consentSha256, row.widgetVersion, row.pageOrigin, row.consentAt,
          ]),
        );
      }
    } else {
      res.write(csvRow(NOTIFY_COLUMNS));
      for (const row of store.iterate('notify')) {
        const p = row.payload as NotifySignup;
        res.write(
          csvRow([row.id, row.receivedAt, p.trialId, p.email, p.conditions?.join('; '), p.consentText, p.locale, row.consentSha256, row.widgetVersion, row.pageOrigin, row.consentAt]),
        );
      }
    }
    res.end();
  });
};
