/**
 * A real PostgreSQL server for node tests and the bench: one throwaway cluster per process, in
 * a temporary folder, on a free loopback port, stopped when the process exits.
 *
 * Where the server comes from, in order: `TRIALKIT_TEST_DATABASE_URL` (an existing server the
 * tests may create databases on), else `initdb`/`pg_ctl` from Debian's `postgresql` package
 * (`scripts/test.mjs` installs it when it is missing and the tests run as root). `initdb`
 * refuses to run as root, so as root the cluster belongs to `nobody`. When none of this works,
 * `postgresUnavailable()` says why, and the tests skip with that sentence
 * (`TRIALKIT_TEST_POSTGRES=off` skips them on purpose).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface Cluster {
  /** Superuser URL of the `postgres` database. */
  url: string;
  port: number;
  /** `pg_ctl stop -m fast` and `start` (nothing when already running), for tests of a database that goes away. */
  stop(): void;
  start(): void;
}

/** Folders holding Debian's server binaries, newest version first. */
function binDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(base, versions[0], 'bin');
  }
  const found = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path ? join(path, '..') : undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let cluster: Promise<Cluster | string> | undefined;

/**
 * Starts a cluster; `durable: false` (tests) turns fsync off, which only matters when the
 * machine itself crashes, to keep the suite fast.
 */
async function startCluster(durable: boolean): Promise<Cluster | string> {
  if (process.env.TRIALKIT_TEST_POSTGRES === 'off') return 'turned off by TRIALKIT_TEST_POSTGRES=off';
  const bin = binDir();
  if (!bin) return 'PostgreSQL is not installed (no initdb; `apt-get install postgresql`, or set TRIALKIT_TEST_DATABASE_URL)';
  const root = process.getuid?.() === 0;
  let uid: number | undefined;
  let gid: number | undefined;
  if (root) {
    try {
      uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
      gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim());
    } catch {
      return 'running as root and there is no user "nobody" to own the PostgreSQL cluster';
    }
  }
  // As root, in /tmp: a TMPDIR under /root would not let `nobody` in.
  const folder = mkdtempSync(join(root ? '/tmp' : tmpdir(), 'trialkit-pg-'));
  chmodSync(folder, 0o700);
  if (uid !== undefined && gid !== undefined) chownSync(folder, uid, gid);
  const data = join(folder, 'data');
  const as = { uid, gid, encoding: 'utf8' as const, cwd: folder };
  const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], as);
  if (init.status !== 0) {
    rmSync(folder, { recursive: true, force: true });
    return `initdb failed: ${(init.stderr || init.error?.message || '').trim().split('\n').pop()}`;
  }
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${folder}`,
    "-c listen_addresses='127.0.0.1'",
    '-c max_connections=200',
    ...(durable ? [] : ['-c fsync=off', '-c full_page_writes=off']),
  ].join(' ');
  const ctl = (args: string[]) => spawnSync(join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '30', ...args], as);
  const start = () => {
    if (ctl(['status']).status === 0) return;
    const started = ctl(['-l', join(folder, 'log'), '-o', settings, 'start']);
    if (started.status !== 0) throw new Error(`pg_ctl start failed: ${(started.stderr || started.stdout).trim()}`);
  };
  try {
    start();
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    return (error as Error).message;
  }
  process.once('exit', () => {
    ctl(['-m', 'immediate', 'stop']);
    rmSync(folder, { recursive: true, force: true });
  });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop: () => {
      ctl(['-m', 'fast', 'stop']);
    },
  };
}

/** This process's cluster, started on first use; a string says why there is none. */
export function testCluster(durable = false): Promise<Cluster | string> {
  cluster ??= startCluster(durable);
  return cluster;
}

/** Why PostgreSQL tests cannot run here, or undefined when they can (starts the cluster). */
export async function postgresUnavailable(): Promise<string | undefined> {
  if (process.env.TRIALKIT_TEST_DATABASE_URL) return undefined;
  const got = await testCluster();
  return typeof got === 'string' ? `no PostgreSQL server: ${got}` : undefined;
}

let databases = 0;

/** A new, empty database on the test server; its URL. */
export async function freshDatabase(): Promise<string> {
  const given = process.env.TRIALKIT_TEST_DATABASE_URL;
  let base: string;
  if (given) base = given;
  else {
    const got = await testCluster();
    if (typeof got === 'string') throw new Error(got);
    base = got.url;
  }
  const name = `trialkit_test_${process.pid}_${++databases}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}
