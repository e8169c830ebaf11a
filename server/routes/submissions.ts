/**
 * POST /api/contact and POST /api/notify: checked with the same schemas as the widget, stored
 * once per Idempotency-Key with their delivery jobs and consent record in one transaction.
 * Nothing a patient typed is logged.
 */
import { createHash } from 'node:crypto';
import type * as z from 'zod/mini';
import { ContactSubmissionSchema, contactFieldErrors, NotifySignupSchema } from '../../src/model/contact.ts';
import type { SubmissionKind } from '../db.ts';
import { HttpError, rateLimited } from '../http.ts';
import type { RequestContext, RouteModule } from '../router.ts';

/** UUIDs and similar opaque tokens; bounded so a key cannot be used to stuff the database. */
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

type SubmissionSchema = typeof ContactSubmissionSchema | typeof NotifySignupSchema;

/** The page that posted: its `Origin`, else its `Referer`'s origin, else unknown. */
function pageOrigin(ctx: RequestContext): string | null {
  const { origin, referer } = ctx.req.headers;
  if (origin && origin !== 'null') return origin.slice(0, 200);
  if (referer) {
    try {
      const { origin: refererOrigin } = new URL(referer);
      if (refererOrigin !== 'null') return refererOrigin.slice(0, 200);
    } catch {
      // not a URL: unknown
    }
  }
  return null;
}

export const submissionRoutes: RouteModule = (router, app) => {
  const accept = (kind: SubmissionKind, schema: SubmissionSchema) => async (ctx: RequestContext) => {
    const decision = await app.submitLimiter.take(ctx.clientIp);
    if (!decision.allowed) {
      ctx.req.resume();
      throw rateLimited(decision.retryAfterSeconds);
    }
    const key = ctx.req.headers['idempotency-key'];
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      ctx.req.resume();
      throw new HttpError(400, {
        error: 'idempotency-key',
        message: 'Send an Idempotency-Key header (a random UUID made once per submission).',
      });
    }
    const body = await ctx.readJson();
    const parsed = (schema as z.ZodMiniType).safeParse(body);
    if (!parsed.success) {
      throw new HttpError(422, { error: 'invalid', message: 'Some fields are not valid.', fields: contactFieldErrors(parsed.error) });
    }
    const data = parsed.data as { trialId?: string; consentText: string; widgetVersion?: string };
    // Parsed data has the schema's key order, so equal submissions hash equally.
    const payload = JSON.stringify(data);
    const hash = createHash('sha256').update(payload).digest('hex');
    const plan = app.delivery.planner.plan(kind, data);
    const stored = await app.store.saveSubmission(kind, key, hash, data.trialId, payload, {
      consentSha256: createHash('sha256').update(data.consentText).digest('hex'),
      widgetVersion: data.widgetVersion,
      pageOrigin: pageOrigin(ctx),
      delivery: plan.answer,
      jobs: plan.jobs,
    });
    if (stored.conflict) {
      throw new HttpError(409, {
        error: 'idempotency-conflict',
        message: 'This Idempotency-Key was already used for a different submission.',
      });
    }
    if (stored.created && plan.jobs.length) app.delivery.worker?.poke();
    // A submission stored before delivery existed was only ever stored.
    const delivery = stored.delivery ?? { team: 'stored', copyToReader: false };
    ctx.json(201, { id: String(stored.id), receivedAt: stored.receivedAt, delivery }, stored.created ? {} : { 'idempotent-replayed': 'true' });
  };

  router.post('/api/contact', accept('contact', ContactSubmissionSchema));
  router.post('/api/notify', accept('notify', NotifySignupSchema));
};
