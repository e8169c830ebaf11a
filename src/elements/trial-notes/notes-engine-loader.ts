/**
 * Loads the notes engine's module (notes-engine.ts, its own chunk in the build) for every
 * `<trial-notes>` on the page. A load that failed is tried again under another URL, as the
 * autoloader does for element chunks: the failed response (a CDN's 404, say) may be kept by
 * the browser's cache, and asking for the same URL would get it back.
 */
type EngineModule = typeof import('./notes-engine.ts');

let loading: Promise<EngineModule> | undefined;
let failures = 0;
/** The engine chunk's URL, as the first failed import named it. */
let failedUrl: string | undefined;

/** The URL of the engine's module in a failed import's message (Chromium and Firefox name it). */
function engineUrlIn(error: unknown): string | undefined {
  const urls = String((error as Error)?.message ?? '').match(/https?:\/\/[^\s'"]+/g) ?? [];
  return urls.find((url) => /\/notes-engine[^/]*$/.test(url.split(/[?#]/)[0]!));
}

function retryUrl(url: string): string {
  const retry = new URL(url);
  retry.searchParams.set('retry', String(failures));
  return retry.href;
}

/** The engine's module; after a failure, the next call tries again. */
export function loadNotesEngine(): Promise<EngineModule> {
  loading ??= (failures && failedUrl ? (import(/* @vite-ignore */ retryUrl(failedUrl)) as Promise<EngineModule>) : import('./notes-engine.ts')).catch(
    (error: unknown) => {
      loading = undefined;
      failures++;
      failedUrl ??= engineUrlIn(error);
      throw error;
    },
  );
  return loading;
}
