/**
 * The packed tarball through publint (package.json fields and exports against the files) and
 * arethetypeswrong (every export's types resolve under `node16` from ESM and `bundler`; the
 * package is ESM-only, so CommonJS and `node10` are out of scope). Both run offline.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = (name: string) => join(root, 'node_modules/.bin', name);
let work = '';
let tarball = '';

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('npm pack', { skip: !existsSync(join(root, 'dist/esm/trialkit.js')) && 'dist is not built (npm test builds it first)' }, () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'trialkit-pack-'));
    execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: root });
    tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('publint --strict finds nothing', () => {
    const { status, output } = run(bin('publint'), ['--strict', '--pack', 'npm']);
    assert.equal(status, 0, output);
    assert.match(output, /All good!/);
  });

  test('arethetypeswrong finds no problem for ESM consumers', () => {
    const { status, output } = run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii']);
    assert.equal(status, 0, output);
    assert.doesNotMatch(output.replace(/\(ignored[^)]*\)[^│|\n]*/g, ''), /💀|❌|🐛|⚠️/);
  });
});
