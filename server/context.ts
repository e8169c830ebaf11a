import type Database from 'better-sqlite3';
import type { ServerConfig } from './config.ts';
import type { Delivery } from './delivery/index.ts';
import type { ShareLimits } from './routes/shares.ts';
import type { ClientRateLimiter, ClientWindowLimiter, Store } from './store/types.ts';

/** What every route module gets: configuration, the database, limits and a log. */
export interface AppContext {
  config: ServerConfig;
  /** Submissions, delivery jobs and retention, on SQLite or PostgreSQL. */
  store: Store;
  /**
   * The SQLite file, for the tables of route modules that keep their own (shares). On
   * PostgreSQL reading it throws: those modules use `store` there.
   */
  db: Database.Database;
  /** Per-client limiter for POSTs that store patient data (shared by all instances on PostgreSQL). */
  submitLimiter: ClientRateLimiter;
  /** Wrong admin tokens per client, one budget across every admin endpoint (and instance). */
  adminGuesses: ClientWindowLimiter;
  /** One line per event; callers must never pass anything a patient typed. */
  log: (message: string) => void;
  /** Plans each submission's deliveries; its worker sends them. */
  delivery: Delivery;
  /** The clock the limits and shares read: `Date.now`, unless a test sets it (`startServer({ now })`). */
  now: () => number;
  /** Share limits over the defaults and the configuration (`startServer({ shareLimits })`; see `shareLimitsOf`). */
  shareLimits: Partial<ShareLimits>;
  /** Aborted when the server starts shutting down. */
  shutdown: AbortSignal;
}
