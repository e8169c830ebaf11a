/**
 * A small router. Route modules register their routes here; nothing else about the server needs
 * to change to add one.
 *
 * To add routes (for example `server/routes/shares.ts`):
 *
 *   // server/routes/shares.ts
 *   import type { RouteModule } from '../router.ts';
 *   export const shareRoutes: RouteModule = (router, app) => {
 *     const shares = app.store.shares(app.now, limits); // storage through the store (SQLite or PostgreSQL)
 *     router.post('/api/shares', async (ctx) => ctx.json(201, { ... }));
 *     router.post('/api/shares/:id/open', async (ctx) => { ... ctx.params.id ... });
 *     router.delete('/api/shares/:id', async (ctx) => { ... });
 *   };
 *
 * then list it in `server/routes/index.ts` (`ROUTE_MODULES`), or pass it to
 * `startServer({ routes: [shareRoutes] })`. CORS (preflight included), body limits, JSON
 * errors, request logging and graceful shutdown apply to every registered route.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppContext } from './context.ts';
import { HttpError, readJsonBody, sendJson } from './http.ts';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Named segments of the pattern, e.g. `{ nctId: 'NCT01234567' }`. */
  params: Record<string, string>;
  /** The client's address: the socket, or the trusted proxy hop's X-Forwarded-For entry (TRUST_PROXY_HOPS). */
  clientIp: string;
  app: AppContext;
  /** Reads and parses a JSON body under the configured size cap (413 over it, 415/400 otherwise). */
  readJson(): Promise<unknown>;
  /** Sends a JSON answer. */
  json(status: number, body: unknown, headers?: Record<string, string>): void;
}

export type RouteHandler = (ctx: RequestContext) => void | Promise<void>;

/** A module of routes: called once at start-up with the router and the app context. */
export type RouteModule = (router: Router, app: AppContext) => void;

interface Route {
  method: string;
  pattern: string;
  regex: RegExp;
  names: string[];
  handler: RouteHandler;
}

export type RouteMatch =
  | { kind: 'found'; handler: RouteHandler; params: Record<string, string>; pattern: string }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

function compile(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = pattern
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { regex: new RegExp(`^${source}$`), names };
}

export class Router {
  readonly #routes: Route[] = [];

  add(method: string, pattern: string, handler: RouteHandler): this {
    const { regex, names } = compile(pattern);
    this.#routes.push({ method: method.toUpperCase(), pattern, regex, names, handler });
    return this;
  }

  get(pattern: string, handler: RouteHandler): this {
    return this.add('GET', pattern, handler);
  }

  post(pattern: string, handler: RouteHandler): this {
    return this.add('POST', pattern, handler);
  }

  delete(pattern: string, handler: RouteHandler): this {
    return this.add('DELETE', pattern, handler);
  }

  /** Methods registered for a path (GET implies HEAD); used for 405 and CORS preflight. */
  allowedMethods(pathname: string): string[] {
    const methods = new Set<string>();
    for (const route of this.#routes) if (route.regex.test(pathname)) methods.add(route.method);
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods];
  }

  /**
   * The pattern of the first route whose path matches, for the log: `/api/shares/:id`, never
   * the id itself. Unknown paths log as `/api/*`, since a path can carry anything.
   */
  patternOf(pathname: string): string {
    return this.#routes.find((route) => route.regex.test(pathname))?.pattern ?? '/api/*';
  }

  match(method: string, pathname: string): RouteMatch {
    const wanted = method === 'HEAD' ? 'GET' : method;
    let pathKnown = false;
    for (const route of this.#routes) {
      const found = route.regex.exec(pathname);
      if (!found) continue;
      pathKnown = true;
      if (route.method !== wanted) continue;
      const params: Record<string, string> = {};
      try {
        route.names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1]!)));
      } catch {
        continue; // a malformed escape cannot name anything
      }
      return { kind: 'found', handler: route.handler, params, pattern: route.pattern };
    }
    return pathKnown ? { kind: 'method-not-allowed', allow: this.allowedMethods(pathname) } : { kind: 'not-found' };
  }
}

export function makeRequestContext(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  params: Record<string, string>,
  clientIp: string,
  app: AppContext,
): RequestContext {
  return {
    req,
    res,
    url,
    params,
    clientIp,
    app,
    readJson: () => readJsonBody(req, app.config.bodyLimitBytes),
    json: (status, body, headers) => sendJson(res, status, body, headers),
  };
}

export { HttpError };
