import { version } from '../../src/internal/version.ts';
import type { RouteModule } from '../router.ts';

/** GET /api/health: the process is up and the database answers (`db: "down"` and 503 when it does not). */
export const healthRoutes: RouteModule = (router, app) => {
  const started = Date.now();
  router.get('/api/health', async (ctx) => {
    let db = 'ok';
    try {
      await app.store.ping();
    } catch {
      db = 'down';
    }
    ctx.json(db === 'ok' ? 200 : 503, {
      status: db === 'ok' ? 'ok' : 'degraded',
      db,
      version,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
    });
  });
};
