/**
 * Retention: submissions older than `RETENTION_DAYS` are deleted with their delivery jobs (the
 * foreign key cascades), on start and then hourly. 0 keeps everything. Deleted rows leave the
 * file at the next WAL checkpoint; `secure_delete` overwrites their pages instead of leaving them
 * in free space.
 */
import type Database from 'better-sqlite3';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** Deletes what is older than `days` at `now`; returns how many submissions went. */
export function deleteExpired(db: Database.Database, days: number, now = new Date()): number {
  if (days <= 0) return 0;
  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  return db.prepare('DELETE FROM submissions WHERE received_at < ?').run(cutoff).changes;
}

/** Runs `deleteExpired` now and every hour; the timer never keeps the process alive. Returns a stop function. */
export function startRetention(db: Database.Database, days: number, log: (line: string) => void): () => void {
  if (days <= 0) return () => {};
  const sweep = () => {
    try {
      const removed = deleteExpired(db, days);
      if (removed) log(`retention: deleted ${removed} submissions older than ${days} days`);
    } catch (error) {
      log(`retention: sweep failed (${(error as { code?: string }).code ?? 'error'})`);
    }
  };
  sweep();
  const timer = setInterval(sweep, HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}
