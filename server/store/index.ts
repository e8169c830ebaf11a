/**
 * Picks the store. Runs its schema migrations before the server accepts a request.
 */
import type { ServerConfig } from '../config.ts';
import { SqliteStore } from './sqlite.ts';
import type { Store } from './types.ts';

export type { Store } from './types.ts';

export async function openStore(config: Pick<ServerConfig, 'dataDir'>): Promise<Store> {
  return SqliteStore.open(config.dataDir);
}
