/**
 * Retention: submissions older than `RETENTION_DAYS` are deleted with their delivery jobs (the
 * foreign key cascades), on start and then hourly. 0 keeps everything. Deleted rows leave the
 * file at the next WAL checkpoint; `secure_delete` overwrites their pages instead of leaving them
 * in free space.
 */
import type Database from 'better-sqlite3';
import type { Store } from './store/types.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** Deletes what is older than `days` at `now` from a SQLite file; returns how many submissions went. */
export function deleteExpired(db: Database.Database, days: number, now = new Date()): number {
  if (days <= 0) return 0;
  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  return db.prepare('DELETE FROM submissions WHERE received_at < ?').run(cutoff).changes;
}

/** Runs `deleteExpired` now and every hour; the timer never keeps the process alive. Returns a stop function. */
export async function startRetention(store: Store, days: number, log: (line: string) => void): Promise<() => void> {
  if (days <= 0) return () => {};
  const sweep = async () => {
    try {
      const removed = await store.deleteExpired(days);
      if (removed) log(`retention: deleted ${removed} submissions older than ${days} days`);
    } catch (error) {
      log(`retention: sweep failed (${(error as { code?: string }).code ?? 'error'})`);
    }
  };
  await sweep();
  const timer = setInterval(() => void sweep(), HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}
