/**
 * Passcode shares on PostgreSQL: the rules of server/share-store.ts (read that first), with
 * row locks where SQLite takes its write lock.
 *
 * - `open` and `revoke` lock the share's row (`SELECT … FOR UPDATE`): two opens of a one-view
 *   share through two instances at the same moment run one after the other, and the second
 *   finds the share gone. The challenge's nonce is deleted in the same transaction, so each is
 *   good for one try whichever instance it reaches.
 * - Creates take one transaction-scoped advisory lock while they check the quota, so
 *   concurrent creates cannot overshoot it.
 * - An ended share's row is deleted. PostgreSQL keeps the dead row until VACUUM reclaims it
 *   (autovacuum does, soon after); what it holds is ciphertext only.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import {
  SHARE_CHALLENGE_TTL_MS,
  SHARE_DELETE_TOKEN_BYTES,
  SHARE_ID_BYTES,
  SHARE_NONCE_BYTES,
  fromBase64Url,
  serializeShareHeader,
  shareChallengeMessage,
  toBase64Url,
  type ShareEnvelope,
  type ShareHeader,
} from '../../src/model/share.ts';
import type { CreateOutcome, OpenOutcome, RevokeOutcome, ShareStoreLimits, StoredShareStatus } from '../share-store.ts';
import type { PostgresStore } from './postgres.ts';
import type { ShareBackend } from './types.ts';

/** Schema step 3 (see PG_MIGRATIONS). */
export const SHARE_TABLES = `
  CREATE TABLE shares (
    id text PRIMARY KEY,
    header text NOT NULL,
    iv text NOT NULL,
    ciphertext bytea NOT NULL,
    verifier bytea NOT NULL,
    delete_token_hash bytea NOT NULL,
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    max_views integer,
    views integer NOT NULL DEFAULT 0,
    wrong_total integer NOT NULL DEFAULT 0
  );
  CREATE INDEX shares_expires_at ON shares (expires_at);
  CREATE TABLE share_wrong_guesses (share_id text NOT NULL, at bigint NOT NULL);
  CREATE INDEX share_wrong_guesses_share ON share_wrong_guesses (share_id, at);
  CREATE TABLE share_challenges (nonce text PRIMARY KEY, share_id text NOT NULL, expires_at bigint NOT NULL);
  CREATE INDEX share_challenges_share ON share_challenges (share_id, expires_at);`;

const CHALLENGES_PER_SHARE = 16;
/** The advisory lock creates hold while they check the quota. */
const QUOTA_LOCK = 7_310_114;

interface ShareRow {
  id: string;
  header: string;
  iv: string;
  ciphertext: Buffer;
  verifier: Buffer;
  delete_token_hash: Buffer;
  expires_at: string;
  max_views: number | null;
  views: number;
  wrong_total: number;
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const sameHash = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

export class PostgresShareStore implements ShareBackend {
  constructor(
    readonly store: PostgresStore,
    readonly now: () => number,
    readonly limits: ShareStoreLimits,
  ) {}

  create(envelope: ShareEnvelope, verifier: string, maxViews: number | undefined): Promise<CreateOutcome> {
    const ciphertext = Buffer.from(fromBase64Url(envelope.ciphertext)!);
    return this.store.transaction(async (client): Promise<CreateOutcome> => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [QUOTA_LOCK]);
      const stored = Number((await client.query<{ n: string }>('SELECT coalesce(sum(length(ciphertext)), 0) AS n FROM shares')).rows[0]!.n);
      if (stored + ciphertext.length > this.limits.quotaBytes) return { kind: 'full' };
      const id = toBase64Url(randomBytes(SHARE_ID_BYTES));
      const deleteToken = toBase64Url(randomBytes(SHARE_DELETE_TOKEN_BYTES));
      await client.query(
        `INSERT INTO shares (id, header, iv, ciphertext, verifier, delete_token_hash, created_at, expires_at, max_views)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          id,
          serializeShareHeader(envelope.header),
          envelope.iv,
          ciphertext,
          Buffer.from(fromBase64Url(verifier)!),
          sha256(deleteToken),
          this.now(),
          Date.parse(envelope.header.expiresAt),
          maxViews ?? null,
        ],
      );
      return { kind: 'created', id, deleteToken };
    });
  }

  async storedBytes(): Promise<number> {
    return Number((await this.store.query<{ n: string }>('SELECT coalesce(sum(length(ciphertext)), 0) AS n FROM shares')).rows[0]!.n);
  }

  challenge(id: string): Promise<{ nonce: string; expiresAt: number } | undefined> {
    return this.store.transaction(async (client) => {
      if (!(await this.#live(client, id))) return undefined;
      const nonce = toBase64Url(randomBytes(SHARE_NONCE_BYTES));
      const expiresAt = this.now() + SHARE_CHALLENGE_TTL_MS;
      await client.query('INSERT INTO share_challenges (nonce, share_id, expires_at) VALUES ($1, $2, $3)', [nonce, id, expiresAt]);
      await client.query(
        `DELETE FROM share_challenges WHERE share_id = $1 AND nonce NOT IN
           (SELECT nonce FROM share_challenges WHERE share_id = $1 ORDER BY expires_at DESC LIMIT $2)`,
        [id, CHALLENGES_PER_SHARE],
      );
      return { nonce, expiresAt };
    });
  }

  async status(id: string): Promise<StoredShareStatus | undefined> {
    const row = (await this.store.query<ShareRow>('SELECT * FROM shares WHERE id = $1', [id])).rows[0];
    if (!row) return undefined;
    if (Number(row.expires_at) <= this.now()) {
      await this.store.transaction((client) => this.#destroy(client, id));
      return undefined;
    }
    return {
      id: row.id,
      header: JSON.parse(row.header) as ShareHeader,
      expiresAt: Number(row.expires_at),
      viewsLeft: row.max_views === null ? null : Math.max(0, row.max_views - row.views),
    };
  }

  open(id: string, nonce: string, answer: Uint8Array): Promise<OpenOutcome> {
    return this.store.transaction(async (client): Promise<OpenOutcome> => {
      const row = await this.#live(client, id);
      if (!row) return { kind: 'unavailable' };
      const now = this.now();
      const limits = this.limits;
      const window = (
        await client.query<{ n: string; first: string | null }>('SELECT count(*) AS n, min(at) AS first FROM share_wrong_guesses WHERE share_id = $1 AND at > $2', [
          id,
          now - limits.windowMs,
        ])
      ).rows[0]!;
      if (Number(window.n) >= limits.wrongPerShareInWindow) {
        return { kind: 'limited', retryAfterMs: Number(window.first ?? now) + limits.windowMs - now };
      }
      const challenge = (await client.query<{ expires_at: string }>('DELETE FROM share_challenges WHERE nonce = $1 AND share_id = $2 RETURNING expires_at', [nonce, id])).rows[0];
      if (!challenge || Number(challenge.expires_at) <= now) return { kind: 'stale-challenge' };
      const expected = createHmac('sha256', row.verifier).update(shareChallengeMessage(id, nonce)).digest();
      if (!sameHash(Buffer.from(answer), expected)) {
        await client.query('INSERT INTO share_wrong_guesses (share_id, at) VALUES ($1, $2)', [id, now]);
        await client.query('UPDATE shares SET wrong_total = wrong_total + 1 WHERE id = $1', [id]);
        if (row.wrong_total + 1 >= limits.wrongPerShareTotal) await this.#destroy(client, id);
        const remaining = Math.min(limits.wrongPerShareInWindow - Number(window.n) - 1, limits.wrongPerShareTotal - row.wrong_total - 1);
        return { kind: 'wrong-proof', remaining: Math.max(0, remaining) };
      }
      const views = row.views + 1;
      const envelope: ShareEnvelope = { header: JSON.parse(row.header) as ShareHeader, iv: row.iv, ciphertext: toBase64Url(row.ciphertext) };
      if (row.max_views !== null && views >= row.max_views) {
        await this.#destroy(client, id);
        return { kind: 'opened', envelope, viewsLeft: 0 };
      }
      await client.query('UPDATE shares SET views = views + 1 WHERE id = $1', [id]);
      return { kind: 'opened', envelope, viewsLeft: row.max_views === null ? null : row.max_views - views };
    });
  }

  revoke(id: string, deleteToken: string): Promise<RevokeOutcome> {
    return this.store.transaction(async (client): Promise<RevokeOutcome> => {
      const row = await this.#live(client, id);
      if (!row) return 'unavailable';
      if (!sameHash(sha256(deleteToken), row.delete_token_hash)) return 'forbidden';
      await this.#destroy(client, id);
      return 'revoked';
    });
  }

  sweep(): Promise<number> {
    const now = this.now();
    return this.store.transaction(async (client) => {
      const ids = (await client.query<{ id: string }>('SELECT id FROM shares WHERE expires_at <= $1 FOR UPDATE SKIP LOCKED', [now])).rows.map((row) => row.id);
      for (const id of ids) await this.#destroy(client, id);
      await client.query('DELETE FROM share_wrong_guesses WHERE at <= $1', [now - this.limits.windowMs]);
      await client.query('DELETE FROM share_challenges WHERE expires_at <= $1', [now]);
      return ids.length;
    });
  }

  /** The share's row, locked until the transaction ends, when it still opens; an expired one is destroyed. */
  async #live(client: pg.PoolClient, id: string): Promise<ShareRow | undefined> {
    const row = (await client.query<ShareRow>('SELECT * FROM shares WHERE id = $1 FOR UPDATE', [id])).rows[0];
    if (!row) return undefined;
    if (Number(row.expires_at) <= this.now()) {
      await this.#destroy(client, id);
      return undefined;
    }
    return row;
  }

  async #destroy(client: pg.PoolClient, id: string): Promise<void> {
    await client.query('DELETE FROM shares WHERE id = $1', [id]);
    await client.query('DELETE FROM share_wrong_guesses WHERE share_id = $1', [id]);
    await client.query('DELETE FROM share_challenges WHERE share_id = $1', [id]);
  }
}
