/**
 * Fixture apps that install the packed package as a user would: `npm pack`, then `npm install`
 * of the tarball next to a framework (Next.js, Astro, Vite + Vue) in a folder outside the
 * repository. The framework's versions, with everything under them, are pinned by the app's
 * committed package.json and package-lock.json in test/node/apps/<name>/; trialkit's own
 * dependencies resolve as they would for a user. The only network is the npm registry: when it
 * cannot be reached the app is not there and its tests skip, saying why.
 *
 * Installs are kept between runs in the temp folder, one per app and lock file, so a second
 * run only swaps the tarball. A run that finds the kept install in use by another run installs
 * into a folder of its own instead.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trialFromCtgov } from '../../src/model/ctgov.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The seed record (test/fixtures/NCT06801119.json) as text, for an app's files, and its title as the elements show it. */
export const SEED_JSON = readFileSync(join(ROOT, 'test/fixtures/NCT06801119.json'), 'utf8');
export const SEED_TITLE = trialFromCtgov(JSON.parse(SEED_JSON) as never).title;
const TEMPLATES = join(ROOT, 'test/node/apps');
const KEPT = join(tmpdir(), 'trialkit-consumer-apps');
/** A lock older than this was left by a run that died. */
const STALE_LOCK_MS = 30 * 60_000;
/** What npm prints when it cannot reach the registry at all. */
const UNREACHABLE = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\b|network request to .* failed/;

export interface ConsumerApp {
  /** The installed app; write its sources here. */
  dir: string;
  /** Lets another run use the kept install (or removes a folder of this run's own). */
  release(): void;
}

/** An installed app, or why its tests skip, or why they fail. */
export type PreparedApp = { app: ConsumerApp; skip?: undefined; error?: undefined } | { skip: string; app?: undefined; error?: undefined } | { error: Error; app?: undefined; skip?: undefined };

export interface Run {
  code: number | null;
  output: string;
}

/** Runs a command to its end, keeping the last of its output for error messages. */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: Record<string, string>; timeoutMs: number }): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      output += `\n(stopped after ${options.timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Runs an app's build (`node <cli> <args>` in its folder); throws with its output when it fails. */
export async function buildApp(prepared: PreparedApp, cli: string, args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  if (!prepared.app) throw prepared.error ?? new Error(prepared.skip);
  const dir = prepared.app.dir;
  const build = await run(process.execPath, [join(dir, 'node_modules', cli), ...args], { cwd: dir, env, timeoutMs: 5 * 60_000 });
  if (build.code !== 0) throw new Error(`${cli} ${args.join(' ')} failed:\n${build.output}`);
  return dir;
}

/** Whether `npm run build` has made what the package ships. */
export function distBuilt(): boolean {
  return ['dist/esm/trialkit.js', 'dist/esm/react.js', 'dist/types/trialkit.d.ts'].every((file) => existsSync(join(ROOT, file)));
}

function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    if (Date.now() - statSync(lock).mtimeMs < STALE_LOCK_MS) return false;
    rmSync(lock, { recursive: true, force: true });
    return takeLock(lock);
  }
}

/** The kept folder for this app and lock file (older ones of the same app are removed), or a private one. */
function appFolder(name: string, template: { packageJson: string; lock: string }): ConsumerApp {
  const key = createHash('sha256').update(`${process.version}\n${template.packageJson}\n${template.lock}`).digest('hex').slice(0, 12);
  mkdirSync(KEPT, { recursive: true });
  const dir = join(KEPT, `${name}-${key}`);
  const lock = `${dir}.lock`;
  if (!takeLock(lock)) {
    const own = mkdtempSync(join(tmpdir(), `trialkit-${name}-app-`));
    return { dir: own, release: () => rmSync(own, { recursive: true, force: true }) };
  }
  for (const entry of readdirSync(KEPT)) {
    if (entry.startsWith(`${name}-`) && !entry.startsWith(`${name}-${key}`) && !existsSync(join(KEPT, `${entry}.lock`)) && !entry.endsWith('.lock')) {
      rmSync(join(KEPT, entry), { recursive: true, force: true });
    }
  }
  mkdirSync(dir, { recursive: true });
  return { dir, release: () => rmSync(lock, { recursive: true, force: true }) };
}

/** `npm pack` of the repository into `dir`, named by its content so npm sees each new build. */
async function pack(dir: string): Promise<string> {
  const packed = await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT, timeoutMs: 120_000 });
  const name = packed.output.trim().split('\n').pop() ?? '';
  if (packed.code !== 0 || !existsSync(join(dir, name))) throw new Error(`npm pack failed:\n${packed.output}`);
  const hash = createHash('sha256').update(readFileSync(join(dir, name))).digest('hex').slice(0, 12);
  const tarball = `trialkit-${hash}.tgz`;
  for (const entry of readdirSync(dir)) if (/^trialkit-.*\.tgz$/.test(entry) && entry !== name) rmSync(join(dir, entry));
  writeFileSync(join(dir, tarball), readFileSync(join(dir, name)));
  rmSync(join(dir, name));
  return tarball;
}

const npm = (dir: string, args: string[]) =>
  run('npm', [...args, '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, env: { npm_config_update_notifier: 'false' }, timeoutMs: 10 * 60_000 });

/**
 * `npm install` in `dir`: from npm's cache alone when it has everything (no network at all),
 * else from the registry. Undefined when installed; a reason to skip when the registry cannot
 * be reached (asked once, quickly, rather than through npm's retries for every package); the
 * failed run otherwise.
 */
async function install(dir: string): Promise<Run | string | undefined> {
  if ((await npm(dir, ['install', '--offline'])).code === 0) return undefined;
  const ping = await npm(dir, ['ping', '--fetch-retries=0', '--fetch-timeout=15000']);
  if (ping.code !== 0) return `the npm registry is unreachable (${UNREACHABLE.exec(ping.output)?.[0] ?? ping.output.trim().split('\n')[0]})`;
  const installed = await npm(dir, ['install', '--prefer-offline']);
  if (installed.code === 0) return undefined;
  return UNREACHABLE.test(installed.output) ? `the npm registry stopped answering (${UNREACHABLE.exec(installed.output)?.[0]})` : installed;
}

/**
 * Installs test/node/apps/<name> with the freshly packed trialkit, then writes `files`
 * (path inside the app → text). Skips when dist/ is not built or the registry is unreachable.
 */
export async function prepareConsumerApp(name: string, files: Readonly<Record<string, string>>): Promise<PreparedApp> {
  if (!distBuilt()) return { skip: 'dist is not built (npm test builds it first)' };
  const packageJson = readFileSync(join(TEMPLATES, name, 'package.json'), 'utf8');
  const lock = readFileSync(join(TEMPLATES, name, 'package-lock.json'), 'utf8');
  const app = appFolder(name, { packageJson, lock });
  try {
    const tarball = await pack(app.dir);
    const manifest = JSON.parse(packageJson) as { dependencies: Record<string, string> };
    manifest.dependencies = { ...manifest.dependencies, trialkit: `file:./${tarball}` };
    writeFileSync(join(app.dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(join(app.dir, 'package-lock.json'), lock);
    const failed = await install(app.dir);
    if (failed) {
      app.release();
      return typeof failed === 'string' ? { skip: `the ${name} app cannot be installed: ${failed}` } : { error: new Error(`npm install of the ${name} app failed:\n${failed.output}`) };
    }
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(app.dir, path)), { recursive: true });
      writeFileSync(join(app.dir, path), text);
    }
    return { app };
  } catch (error) {
    app.release();
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
}
