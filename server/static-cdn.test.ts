/**
 * `/dist/` as a CDN origin: CORS for module scripts, ETag revalidation, brotli and gzip, and
 * cache lifetimes by file name; against a real server on loopback serving a temporary dist/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chooseEncoding } from './compressed-files.ts';
import { distCacheControl } from './static.ts';
import { startTestServer, type TestServer } from './testing.ts';

const BUNDLE = `export const trialkit = ${JSON.stringify('x'.repeat(40))};\n`.repeat(200);
let server: TestServer;
let dist: string;

before(async () => {
  dist = mkdtempSync(join(tmpdir(), 'trialkit-dist-'));
  mkdirSync(join(dist, 'chunks'));
  mkdirSync(join(dist, 'esm/shared'), { recursive: true });
  writeFileSync(join(dist, 'trialkit.js'), BUNDLE);
  writeFileSync(join(dist, 'chunks/es-BDCiRfX1.js'), BUNDLE.replaceAll('x', 'y'));
  writeFileSync(join(dist, 'esm/shared/registers-define-PUzprZv3.js'), 'export {};\n');
  writeFileSync(join(dist, 'tiny.js'), 'export {};\n');
  server = await startTestServer({ distDir: dist });
});
after(async () => {
  await server.dispose();
  rmSync(dist, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => fetch(`${server.url}${path}`, { method, headers });

describe('GET /dist/', () => {
  it('lets any origin load the files, as module scripts need', async () => {
    const response = await get('/dist/trialkit.js', { origin: 'https://hospital.example' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
  });

  it('caches hashed chunks for a year and the bundle, whose name stays, for five minutes', async () => {
    assert.equal((await get('/dist/chunks/es-BDCiRfX1.js')).headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal((await get('/dist/esm/shared/registers-define-PUzprZv3.js')).headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal((await get('/dist/trialkit.js')).headers.get('cache-control'), 'public, max-age=300');
    assert.equal(distCacheControl('trial-eligibility.js'), 'public, max-age=300');
    assert.equal(distCacheControl('esm/trial-notify-signup.js'), 'public, max-age=300');
    // The demo pages stay revalidated on every load.
    assert.equal((await get('/')).headers.get('cache-control'), 'no-cache');
  });

  it('answers a matching If-None-Match with 304 and no body, and a changed file with 200', async () => {
    const first = await get('/dist/trialkit.js');
    const etag = first.headers.get('etag')!;
    assert.match(etag, /^"[0-9a-z]+-[0-9a-z]+(-gzip|-br)?"$/);
    await first.arrayBuffer();
    const again = await get('/dist/trialkit.js', { 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    assert.equal(again.headers.get('etag'), etag);
    assert.equal(again.headers.get('access-control-allow-origin'), '*');
    assert.equal((await get('/dist/trialkit.js', { 'if-none-match': `"other", W/${etag}` })).status, 304);
    writeFileSync(join(dist, 'trialkit.js'), `${BUNDLE}// 0.1.1\n`);
    utimesSync(join(dist, 'trialkit.js'), new Date(), new Date(Date.now() + 5000));
    const changed = await get('/dist/trialkit.js', { 'if-none-match': etag });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get('etag'), etag);
    assert.ok((await changed.text()).endsWith('// 0.1.1\n'));
    writeFileSync(join(dist, 'trialkit.js'), BUNDLE);
  });

  it('sends brotli or gzip as accepted, each with its own ETag, and the file as it is otherwise', async () => {
    const raw = await (await get('/dist/chunks/es-BDCiRfX1.js', { 'accept-encoding': 'identity' })).text();
    const br = await get('/dist/chunks/es-BDCiRfX1.js', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.equal(br.headers.get('vary'), 'Accept-Encoding');
    const brBytes = Buffer.from(await br.arrayBuffer());
    // fetch decodes content-encoding itself; compare what came through with the file.
    assert.equal(brBytes.toString('utf8'), raw);
    const gz = await get('/dist/chunks/es-BDCiRfX1.js', { 'accept-encoding': 'gzip;q=1, br;q=0' });
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    assert.notEqual(gz.headers.get('etag'), br.headers.get('etag'));
    assert.equal(await gz.text(), raw);
    const plain = await get('/dist/chunks/es-BDCiRfX1.js', { 'accept-encoding': 'identity' });
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(Number(plain.headers.get('content-length')), Buffer.byteLength(raw));
    // Too small to gain anything: as it is, and no Vary.
    const tiny = await get('/dist/tiny.js', { 'accept-encoding': 'br' });
    assert.equal(tiny.headers.get('content-encoding'), null);
    assert.equal(tiny.headers.get('vary'), null);
  });

  it('compresses for real: the bytes on the wire decode to the file and are smaller', async () => {
    const { request } = await import('node:http');
    const wire = (encoding: string) =>
      new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        request(`${server.url}/dist/trialkit.js`, { headers: { 'accept-encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        })
          .on('error', reject)
          .end();
      });
    const br = await wire('br');
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(Number(br.headers['content-length']), br.body.length);
    assert.ok(br.body.length < BUNDLE.length / 10, `brotli sent ${br.body.length} of ${BUNDLE.length} bytes`);
    assert.equal(brotliDecompressSync(br.body).toString('utf8'), BUNDLE);
    const gz = await wire('gzip');
    assert.equal(gunzipSync(gz.body).toString('utf8'), BUNDLE);
    const head = await get('/dist/trialkit.js', { 'accept-encoding': 'br' }, 'HEAD');
    assert.equal(Number(head.headers.get('content-length')), br.body.length);
    assert.equal(await head.text(), '');
  });
});

describe('chooseEncoding', () => {
  for (const [header, expected] of [
    [undefined, undefined],
    ['', undefined],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['*', 'br'],
    ['*;q=0, gzip', 'gzip'],
    ['identity', undefined],
    ['gzip;q=0', undefined],
    ['BR', 'br'],
    ['br;q=abc', undefined],
  ] as const) {
    it(`${JSON.stringify(header)} → ${expected ?? 'as it is'}`, () => assert.equal(chooseEncoding(header), expected));
  }
});
