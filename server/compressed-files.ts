/**
 * Compression for the static files (`server/static.ts`), with node:zlib: brotli or gzip as the
 * client's `Accept-Encoding` prefers, computed once per file version and kept in memory, so a
 * busy page costs one compression per file and deploy rather than one per request.
 */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml)|image\/svg\+xml)/;
/** Below this, the headers cost more than the bytes saved. */
const MIN_BYTES = 1024;

export function compressible(type: string, size: number): boolean {
  return size >= MIN_BYTES && COMPRESSIBLE.test(type);
}

/**
 * The encoding to send for an `Accept-Encoding` header: brotli before gzip, each only with a
 * q-value above 0 (named, or through `*`); undefined for the file as it is.
 */
export function chooseEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam === undefined ? 1 : Number(qParam.slice(2));
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const accepts = (name: string) => (q.get(name) ?? q.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return undefined;
}

/** Compressed bodies by file version; emptied whole when it would pass its byte budget. */
export class CompressedFiles {
  readonly #entries = new Map<string, Promise<Buffer>>();
  #bytes = 0;

  constructor(readonly budgetBytes = 64 * 1024 * 1024) {}

  /** The file's bytes in `encoding`; `version` (size and mtime) keys the cache. */
  get(file: string, version: string, encoding: Encoding): Promise<Buffer> {
    const key = `${encoding}\0${version}\0${file}`;
    let body = this.#entries.get(key);
    if (!body) {
      body = readFile(file).then((raw) =>
        encoding === 'br'
          ? brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
          : gzipAsync(raw, { level: 9 }),
      );
      this.#entries.set(key, body);
      body.then(
        (bytes) => {
          this.#bytes += bytes.length;
          if (this.#bytes > this.budgetBytes) {
            this.#entries.clear();
            this.#bytes = 0;
          }
        },
        () => this.#entries.delete(key),
      );
    }
    return body;
  }
}
