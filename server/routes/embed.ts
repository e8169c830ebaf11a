/**
 * GET /embed/<NCT id>?sections=…&lang=… — one trial as a page of its own, for sites that allow
 * nothing but an iframe (a locked-down CMS, a hosted site builder):
 *
 *   <iframe src="https://trials.example.org/embed/NCT05819398?sections=card,contact&lang=es"
 *           title="Clinical trial NCT05819398" data-trialkit-embed></iframe>
 *
 * The page is `<trial-widget>` with this server's endpoints, under the demo pages' strict CSP
 * (no inline script: the bundle and `dist/embed-frame.js` are files). `embed-frame.js` posts
 * the page's height to the parent; `dist/embed-parent.js` on the host page sizes the iframe
 * after checking the message's origin and source. Without that script the iframe keeps the
 * height the host gave it and scrolls.
 *
 * `sections` lists what to show, from `card`, `eligibility`, `involvement`, `contact`, `faq`
 * and `notes` (default: all); `lang` is `en`, `es` or `zh-Hans` (default `en`). Anything else is
 * refused with a 400 page that says what is accepted. `EMBED_FRAME_ANCESTORS` limits the sites
 * that may frame the page (default: any).
 */
import * as z from 'zod/mini';
import { isNctId } from '../../src/model/trial.ts';
import type { RouteModule } from '../router.ts';
import { PAGE_CSP, PAGE_SECURITY_HEADERS } from '../static.ts';

export const EMBED_SECTIONS = ['card', 'eligibility', 'involvement', 'contact', 'faq', 'notes'] as const;
const SECTION_FLAG: Record<(typeof EMBED_SECTIONS)[number], string> = {
  card: 'no-card',
  eligibility: 'no-eligibility',
  involvement: 'no-involvement',
  contact: 'no-contact',
  faq: 'no-faq',
  notes: 'no-notes',
};

const EmbedQuerySchema = z.object({
  sections: z.optional(z.array(z.enum(EMBED_SECTIONS)).check(z.minLength(1), z.maxLength(EMBED_SECTIONS.length))),
  lang: z.optional(z.enum(['en', 'es', 'zh-Hans'])),
});

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(lang: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<script type="module" src="/dist/trialkit.js"></script>
<script type="module" src="/dist/embed-frame.js"></script>
</head>
<body>
${body}
</body>
</html>
`;
}

export const embedRoutes: RouteModule = (router, app) => {
  const ancestors = app.config.embedFrameAncestors.join(' ');
  // The demo pages' policy, except that the embedding sites may frame this page.
  const headers = {
    ...PAGE_SECURITY_HEADERS,
    'content-security-policy': PAGE_CSP.replace("frame-ancestors 'self'", `frame-ancestors ${ancestors}`),
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-cache',
  };

  router.get('/embed/:nctId', (ctx) => {
    const send = (status: number, html: string) => {
      ctx.res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(html) });
      ctx.res.end(ctx.req.method === 'HEAD' ? undefined : html);
    };
    const nctId = ctx.params.nctId?.toUpperCase() ?? '';
    const query = EmbedQuerySchema.safeParse({
      sections: ctx.url.searchParams.has('sections') ? (ctx.url.searchParams.get('sections') ?? '').split(',').map((s) => s.trim()) : undefined,
      lang: ctx.url.searchParams.get('lang') ?? undefined,
    });
    if (!isNctId(nctId) || !query.success) {
      const problem = !isNctId(nctId)
        ? 'The address must name a trial by its NCT number: /embed/NCT followed by eight digits.'
        : `Use sections= with a comma-separated list of ${EMBED_SECTIONS.join(', ')}, and lang= en, es or zh-Hans.`;
      send(400, page('en', 'Trial embed: bad address', `<p>${escapeHtml(problem)}</p>`));
      return;
    }
    const lang = query.data.lang ?? 'en';
    const shown = new Set(query.data.sections ?? EMBED_SECTIONS);
    const flags = EMBED_SECTIONS.filter((section) => !shown.has(section)).map((section) => ` ${SECTION_FLAG[section]}`).join('');
    const record = `https://clinicaltrials.gov/study/${nctId}`;
    send(
      200,
      page(
        lang,
        `Clinical trial ${nctId}`,
        `<trial-widget nct-id="${nctId}" api-base="/api/ctgov" contact-endpoint="/api/contact" notify-endpoint="/api/notify" geocode-endpoint="/api/geocode" share-endpoint="/api/shares"${flags}>
  <p><a href="${record}" target="_blank" rel="noopener">Clinical trial ${nctId} on ClinicalTrials.gov</a></p>
</trial-widget>`,
      ),
    );
  });
};
