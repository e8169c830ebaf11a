/**
 * Every route module the server loads, in order. To add one, write `server/routes/<name>.ts`
 * exporting a `RouteModule` (see `server/router.ts` for an example) and append it here.
 */
import type { RouteModule } from '../router.ts';
import { ctgovRoutes } from './ctgov.ts';
import { deliveryRoutes } from './deliveries.ts';
import { embedRoutes } from './embed.ts';
import { exportRoutes } from './export.ts';
import { geocodeRoutes } from './geocode.ts';
import { healthRoutes } from './health.ts';
import { shareRoutes } from './shares.ts';
import { submissionRoutes } from './submissions.ts';

export const ROUTE_MODULES: RouteModule[] = [
  healthRoutes,
  ctgovRoutes,
  submissionRoutes,
  exportRoutes,
  deliveryRoutes,
  shareRoutes,
  geocodeRoutes,
  embedRoutes,
];
