/**
 * Replaces `window.fetch` for one test: each URL (matched by substring) answers with a handler.
 * Unmatched URLs go to the real fetch. Calls are recorded so tests can count requests.
 */
type Handler = (request: Request) => Response | Promise<Response>;

export interface FetchStub {
  calls: string[];
  restore(): void;
}

export function stubFetch(routes: Record<string, Handler>): FetchStub {
  const realFetch = window.fetch;
  const calls: string[] = [];
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const route = Object.keys(routes).find((part) => request.url.includes(part));
    if (!route) return realFetch(input, init);
    calls.push(request.url);
    return routes[route]!(request);
  };
  return {
    calls,
    restore: () => {
      window.fetch = realFetch;
    },
  };
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A promise with its resolver, for holding a response until the test releases it. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
