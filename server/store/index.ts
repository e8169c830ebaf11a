/**
 * Picks the store: PostgreSQL when `DATABASE_URL` is set, else the SQLite file in `DATA_DIR`.
 * Either runs its schema migrations before the server accepts a request.
 */
import type { ServerConfig } from '../config.ts';
import { SqliteStore } from './sqlite.ts';
import type { Store } from './types.ts';

export type { Store } from './types.ts';
export { StoreUnavailableError } from './types.ts';

export async function openStore(config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>): Promise<Store> {
  if (!config.databaseUrl) return SqliteStore.open(config.dataDir);
  // Loaded only when used: a SQLite deployment never needs the driver.
  const { PostgresStore } = await import('./postgres.ts');
  return PostgresStore.open(config.databaseUrl);
}
