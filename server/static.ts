/**
 * Serves the demo pages at `/` and the built bundle at `/dist/`, GET and HEAD only.
 *
 * A file is served only when its real path (symlinks resolved) lies inside the real path of
 * its mount, so a symlink in a served folder cannot publish the rest of the disk. HTML pages of
 * a mount with `pageHeaders` get them (the demo: a strict CSP and friends).
 *
 * Every answer has an ETag (size and modification time; a matching If-None-Match gets 304) and
 * text is sent brotli- or gzip-compressed when the client accepts it. A mount can allow any
 * origin (`cors`: module scripts and their chunks are fetched in CORS mode, so a CDN or another
 * origin needs it) and choose each file's Cache-Control (`cacheControl`).
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { chooseEncoding, CompressedFiles, compressible } from './compressed-files.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The policy the elements are tested under (test/browser/csp.test.ts), plus what a page needs
 * on top: no framing by other sites, no `<base>` or plugins. Geolocation stays allowed for the
 * page itself ("Use my location"); camera and microphone are never needed.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "require-trusted-types-for 'script'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join('; ');

export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': PAGE_CSP,
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'geolocation=(self), camera=(), microphone=()',
};

export interface StaticMount {
  prefix: string;
  dir: string;
  /** Added to answers for `.html` files of this mount. */
  pageHeaders?: Readonly<Record<string, string>>;
  /** `Access-Control-Allow-Origin: *`: public code any site may load, e.g. as a module. */
  cors?: boolean;
  /** Cache-Control for a file, by its path inside the mount; `no-cache` when absent. */
  cacheControl?: (relativePath: string) => string;
}

/** Built files whose names carry a content hash (`chunks/es-BDCiRfX1.js`): they never change. */
const HASHED_DIST_FILE = /^(chunks|esm\/shared)\/[^/]+-[A-Za-z0-9_-]{8}\.js(\.map)?$/;

/**
 * `/dist/`: hashed chunks for a year, `immutable`; everything else (`trialkit.js`, whose name
 * stays across versions) for five minutes, then revalidated with its ETag.
 */
export function distCacheControl(relativePath: string): string {
  return HASHED_DIST_FILE.test(relativePath) ? 'public, max-age=31536000, immutable' : 'public, max-age=300';
}

const compressed = new CompressedFiles();

/** Whether an If-None-Match header names this ETag (weak comparison, as for GET). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

function inside(root: string, file: string): boolean {
  return file === root || file.startsWith(root + sep);
}

async function fileFor(mount: StaticMount, pathname: string): Promise<string | undefined> {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname.slice(mount.prefix.length));
  } catch {
    return undefined;
  }
  if (relative.includes('\0')) return undefined;
  const root = resolve(mount.dir);
  let file = resolve(join(root, relative));
  if (!inside(root, file)) return undefined;
  try {
    let info = await stat(file);
    if (info.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file);
    }
    if (!info.isFile()) return undefined;
    // The checks above read the path as written; a symlink inside may still point elsewhere.
    const real = await realpath(file);
    if (!inside(await realpath(root), real)) return undefined;
    return real;
  } catch {
    return undefined;
  }
}

/** Answers from the first mount whose prefix matches; false when no file was found. */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string, mounts: readonly StaticMount[]): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  for (const mount of mounts) {
    if (!pathname.startsWith(mount.prefix)) continue;
    const file = await fileFor(mount, pathname);
    if (!file) return false;
    const info = await stat(file);
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const canCompress = compressible(type, info.size);
    const encoding = canCompress ? chooseEncoding(req.headers['accept-encoding']) : undefined;
    const version = `${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}`;
    // Each encoding is its own representation, with its own tag.
    const etag = `"${version}${encoding ? `-${encoding}` : ''}"`;
    const headers: Record<string, string | number> = {
      etag,
      'cache-control': mount.cacheControl?.(pathname.slice(mount.prefix.length)) ?? 'no-cache',
      ...(canCompress ? { vary: 'Accept-Encoding' } : {}),
      ...(mount.cors ? { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' } : {}),
      ...(type.startsWith('text/html') ? mount.pageHeaders : {}),
    };
    if (matchesEtag(req.headers['if-none-match'], etag)) {
      res.writeHead(304, headers).end();
      return true;
    }
    if (encoding) {
      const body = await compressed.get(file, version, encoding);
      res.writeHead(200, { ...headers, 'content-type': type, 'content-encoding': encoding, 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
    res.writeHead(200, { ...headers, 'content-type': type, 'content-length': info.size });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return true;
  }
  return false;
}
