import { version } from '../../src/internal/version.ts';
import type { RouteModule } from '../router.ts';

/** GET /api/health: the process is up and the database answers. */
export const healthRoutes: RouteModule = (router, app) => {
  const started = Date.now();
  const ping = app.db.prepare('SELECT 1 AS ok');
  router.get('/api/health', (ctx) => {
    let db = 'ok';
    try {
      ping.get();
    } catch {
      db = 'unavailable';
    }
    ctx.json(db === 'ok' ? 200 : 503, {
      status: db === 'ok' ? 'ok' : 'degraded',
      db,
      version,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
    });
  });
};
