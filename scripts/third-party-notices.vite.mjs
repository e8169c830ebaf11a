/**
 * A Vite plugin for the self-contained bundle, which inlines Lit, @lit/localize and zod:
 * - every chunk opens with a `/*! … *\/` comment, added after minifying, naming trialkit's
 *   licence and each bundled package's name, version, licence and copyright line;
 * - `dist/THIRD-PARTY-NOTICES.txt` holds each bundled package's licence text in full, as the
 *   BSD-3-Clause and MIT licences ask;
 * - the build prints the Subresource Integrity hash of each entry, for the README's
 *   `<script integrity>` example.
 *
 * Used from vite.config.ts for the default (bundle) build only.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const PACKAGE_DIR = /^(.*[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+))[\\/]/;

/** The bundled packages of a set of module ids: name → folder, sorted by name. */
function packagesOf(moduleIds) {
  const found = new Map();
  for (const id of moduleIds) {
    const match = PACKAGE_DIR.exec(id.replace(/^\0/, ''));
    if (match) found.set(match[2].replaceAll('\\', '/'), match[1]);
  }
  return new Map([...found].sort(([a], [b]) => a.localeCompare(b)));
}

function licenceText(dir) {
  const file = readdirSync(dir).find((name) => /^licen[cs]e(\.md|\.txt)?$/i.test(name));
  if (!file) throw new Error(`third-party-notices: ${dir} ships no LICENSE file`);
  return readFileSync(join(dir, file), 'utf8').trim();
}

function describe(name, dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const copyright = licenceText(dir).split('\n').find((line) => /copyright/i.test(line))?.trim() ?? '';
  return { name, version: pkg.version, license: pkg.license, copyright, text: licenceText(dir) };
}

export function thirdPartyNotices({ name, version, license, noticesFile = true }) {
  const seen = new Map();
  return {
    name: 'trialkit-third-party-notices',
    apply: 'build',
    outputOptions(options) {
      return {
        ...options,
        postBanner: (chunk) => {
          const packages = [...packagesOf(chunk.moduleIds)].map(([pkgName, dir]) => describe(pkgName, dir));
          for (const pkg of packages) seen.set(pkg.name, pkg);
          const lines = [`${name} ${version} | ${license} | see LICENSE and THIRD-PARTY-NOTICES.txt`];
          for (const pkg of packages) lines.push(`includes ${pkg.name} ${pkg.version} | ${pkg.license} | ${pkg.copyright}`);
          return `/*! ${lines.join('\n * ')} */`;
        },
      };
    },
    generateBundle() {
      // The small embed scripts bundle nothing the main bundle's notices do not already list.
      if (!noticesFile) return;
      const body = [...seen.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((pkg) => `${pkg.name} ${pkg.version} (${pkg.license})\n${'-'.repeat(60)}\n${pkg.text}\n`)
        .join('\n');
      this.emitFile({
        type: 'asset',
        fileName: 'THIRD-PARTY-NOTICES.txt',
        source: `${name} ${version} bundles the following packages in dist/chunks/ (loaded by dist/trialkit.js as a page needs them; dist/bundle.js imports them all).\n\n${body}`,
      });
    },
    writeBundle(options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.isEntry) continue;
        const file = join(options.dir, chunk.fileName);
        if (!existsSync(file)) continue;
        const hash = createHash('sha384').update(readFileSync(file)).digest('base64');
        console.log(`SRI ${chunk.fileName}: sha384-${hash}`);
      }
    },
  };
}
