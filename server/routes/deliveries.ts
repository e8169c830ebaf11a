/**
 * GET /api/admin/deliveries?status=pending|sending|failed|done[&limit=N] — the outbox, for the
 * operator: which inquiries still wait or failed, and why (an error code). Behind the same
 * ADMIN_TOKEN as the export; no addresses, names or payloads.
 */
import { JOB_STATUSES, type JobStatus } from '../delivery/outbox.ts';
import { HttpError } from '../http.ts';
import type { RouteModule } from '../router.ts';
import { admitAdmin } from './export.ts';

const MAX_LIMIT = 1000;

export const deliveryRoutes: RouteModule = (router, app) => {
  router.get('/api/admin/deliveries', async (ctx) => {
    await admitAdmin(ctx, app, 'The deliveries list');
    const status = ctx.url.searchParams.get('status') ?? undefined;
    if (status !== undefined && !JOB_STATUSES.includes(status as JobStatus)) {
      throw new HttpError(400, { error: 'status', message: `status is one of ${JOB_STATUSES.join(', ')}.` });
    }
    const limitParam = ctx.url.searchParams.get('limit');
    const limit = limitParam === null ? 100 : Number(limitParam);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new HttpError(400, { error: 'limit', message: `limit is a whole number from 1 to ${MAX_LIMIT}.` });
    }
    const jobs = (await app.store.listDeliveries(status as JobStatus | undefined, limit)).map((job) => ({ ...job, id: String(job.id), submissionId: String(job.submissionId) }));
    ctx.json(200, { jobs }, { 'cache-control': 'no-store' });
  });
};
