/**
 * Storage of passcode-protected shares, in the server's SQLite file, in tables of their own
 * (created by server/store/sqlite.ts, schema step 4).
 *
 * What is kept per share: the header (not secret), the IV and ciphertext, SHA-256 of the proof,
 * SHA-256 of the delete token, expiry, view count and limit, and wrong-guess counts. Never a
 * note's text, the passcode, the link secret, the proof or the delete token itself. Wrong
 * guesses are kept per share with their time only; who guessed (the client address) stays in
 * memory in the route module and never reaches the disk. (On PostgreSQL, where instances must
 * share the count, a keyed hash of it is kept instead: server/store/postgres-limits.ts.)
 *
 * A share that ends (expired, revoked, used up, locked by wrong guesses) is erased for real:
 * its ciphertext is overwritten with zeros before the row is deleted, `secure_delete` makes
 * SQLite zero the freed pages, and a TRUNCATE checkpoint then empties the WAL, which would
 * otherwise keep the page images of the insert until they happen to be overwritten.
 *
 * Opening answers a challenge: `challenge(id)` hands out a random nonce (kept here, in the
 * file, so several server processes on one file accept each other's), and `open` consumes it
 * in the same transaction that checks the answer, so every nonce is good for one try.
 *
 * The total ciphertext stored is capped (`quotaBytes`): a full store refuses new shares until
 * old ones end, checked inside the insert's transaction so concurrent creates cannot overshoot.
 *
 * Every decision that reads and then writes runs in an IMMEDIATE transaction, so two opens of a
 * one-view share give one success even with several server processes on one file.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
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
} from '../src/model/share.ts';

export interface ShareStoreLimits {
  /** Wrong guesses on one share within `windowMs` before it answers 429 for a while. */
  wrongPerShareInWindow: number;
  /** Wrong guesses on one share, ever, before it is destroyed. */
  wrongPerShareTotal: number;
  windowMs: number;
  /** Total bytes of ciphertext stored at once. */
  quotaBytes: number;
}

/** Challenges one share keeps outstanding; asking for more drops the oldest. */
const CHALLENGES_PER_SHARE = 16;

export interface StoredShareStatus {
  id: string;
  header: ShareHeader;
  expiresAt: number;
  viewsLeft: number | null;
}

export type OpenOutcome =
  | { kind: 'opened'; envelope: ShareEnvelope; viewsLeft: number | null }
  /** `remaining`: wrong guesses this share still takes before it locks or is destroyed. */
  | { kind: 'wrong-proof'; remaining: number }
  | { kind: 'limited'; retryAfterMs: number }
  | { kind: 'stale-challenge' }
  | { kind: 'unavailable' };

export type CreateOutcome = { kind: 'created'; id: string; deleteToken: string } | { kind: 'full' };

export type RevokeOutcome = 'revoked' | 'forbidden' | 'unavailable';

interface ShareRow {
  id: string;
  header: string;
  iv: string;
  ciphertext: Buffer;
  verifier: Buffer;
  delete_token_hash: Buffer;
  expires_at: number;
  max_views: number | null;
  views: number;
  wrong_total: number;
}

function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export class ShareStore {
  readonly #db: Database.Database;
  readonly #now: () => number;
  readonly #limits: ShareStoreLimits;
  readonly #statements: Record<string, Database.Statement>;

  constructor(db: Database.Database, now: () => number, limits: ShareStoreLimits) {
    this.#db = db;
    this.#now = now;
    this.#limits = limits;
    // Freed pages are zeroed, so an erased share's bytes do not survive in the file.
    db.pragma('secure_delete = ON');
    this.#statements = {
      insert: db.prepare(
        `INSERT INTO shares (id, header, iv, ciphertext, verifier, delete_token_hash, created_at, expires_at, max_views)
         VALUES (@id, @header, @iv, @ciphertext, @verifier, @deleteTokenHash, @createdAt, @expiresAt, @maxViews)`,
      ),
      byId: db.prepare('SELECT * FROM shares WHERE id = ?'),
      countView: db.prepare('UPDATE shares SET views = views + 1 WHERE id = ?'),
      countWrong: db.prepare('UPDATE shares SET wrong_total = wrong_total + 1 WHERE id = ?'),
      addWrong: db.prepare('INSERT INTO share_wrong_guesses (share_id, at) VALUES (?, ?)'),
      wrongInWindow: db.prepare('SELECT count(*) AS n, min(at) AS first FROM share_wrong_guesses WHERE share_id = ? AND at > ?'),
      wipe: db.prepare('UPDATE shares SET ciphertext = zeroblob(length(ciphertext)), verifier = zeroblob(32), iv = \'\' WHERE id = ?'),
      remove: db.prepare('DELETE FROM shares WHERE id = ?'),
      removeGuesses: db.prepare('DELETE FROM share_wrong_guesses WHERE share_id = ?'),
      expiredIds: db.prepare('SELECT id FROM shares WHERE expires_at <= ?'),
      oldGuesses: db.prepare('DELETE FROM share_wrong_guesses WHERE at <= ?'),
      storedBytes: db.prepare('SELECT coalesce(sum(length(ciphertext)), 0) AS n FROM shares'),
      addChallenge: db.prepare('INSERT INTO share_challenges (nonce, share_id, expires_at) VALUES (?, ?, ?)'),
      trimChallenges: db.prepare(
        `DELETE FROM share_challenges WHERE share_id = @id AND nonce NOT IN
           (SELECT nonce FROM share_challenges WHERE share_id = @id ORDER BY expires_at DESC LIMIT @keep)`,
      ),
      takeChallenge: db.prepare('DELETE FROM share_challenges WHERE nonce = ? AND share_id = ? RETURNING expires_at'),
      removeChallenges: db.prepare('DELETE FROM share_challenges WHERE share_id = ?'),
      oldChallenges: db.prepare('DELETE FROM share_challenges WHERE expires_at <= ?'),
    };
  }

  /**
   * Stores a new share; returns its id and the delete token (kept only as a hash here), or
   * `full` when the ciphertext would take the store past its quota.
   */
  create(envelope: ShareEnvelope, verifier: string, maxViews: number | undefined): CreateOutcome {
    const ciphertext = Buffer.from(fromBase64Url(envelope.ciphertext)!);
    return this.#db.transaction((): CreateOutcome => {
      const stored = (this.#statements.storedBytes!.get() as { n: number }).n;
      if (stored + ciphertext.length > this.#limits.quotaBytes) return { kind: 'full' };
      const id = toBase64Url(randomBytes(SHARE_ID_BYTES));
      const deleteToken = toBase64Url(randomBytes(SHARE_DELETE_TOKEN_BYTES));
      this.#statements.insert!.run({
        id,
        header: serializeShareHeader(envelope.header),
        iv: envelope.iv,
        ciphertext,
        verifier: Buffer.from(fromBase64Url(verifier)!),
        deleteTokenHash: sha256(deleteToken),
        createdAt: this.#now(),
        expiresAt: Date.parse(envelope.header.expiresAt),
        maxViews: maxViews ?? null,
      });
      return { kind: 'created', id, deleteToken };
    }).immediate();
  }

  /** Bytes of ciphertext stored now. */
  storedBytes(): number {
    return (this.#statements.storedBytes!.get() as { n: number }).n;
  }

  /** A fresh nonce for one `/open` of a live share, or undefined when the share is gone. */
  challenge(id: string): { nonce: string; expiresAt: number } | undefined {
    return this.#db.transaction(() => {
      if (!this.#live(id)) return undefined;
      const nonce = toBase64Url(randomBytes(SHARE_NONCE_BYTES));
      const expiresAt = this.#now() + SHARE_CHALLENGE_TTL_MS;
      this.#statements.addChallenge!.run(nonce, id, expiresAt);
      this.#statements.trimChallenges!.run({ id, keep: CHALLENGES_PER_SHARE });
      return { nonce, expiresAt };
    }).immediate();
  }

  /** What an opener needs before the passcode. Reads only: a previewer consumes nothing. */
  status(id: string): StoredShareStatus | undefined {
    const row = this.#live(id);
    if (!row) return undefined;
    return {
      id: row.id,
      header: JSON.parse(row.header) as ShareHeader,
      expiresAt: row.expires_at,
      viewsLeft: row.max_views === null ? null : Math.max(0, row.max_views - row.views),
    };
  }

  /**
   * Checks the answer to a challenge and, when it is right, counts the view (destroying the
   * share at its last view) and returns the ciphertext. A share over its wrong-guess window
   * answers `limited` whatever the answer, so the limit cannot be used to test guesses. The
   * nonce is consumed whatever the outcome past that point; one that is unknown, used or
   * expired is `stale-challenge` and counts as no guess (it tests nothing).
   */
  open(id: string, nonce: string, answer: Uint8Array): OpenOutcome {
    const attempt = this.#db.transaction((): OpenOutcome => {
      const row = this.#live(id);
      if (!row) return { kind: 'unavailable' };
      const now = this.#now();
      const limits = this.#limits;
      const window = this.#statements.wrongInWindow!.get(id, now - limits.windowMs) as { n: number; first: number | null };
      if (window.n >= limits.wrongPerShareInWindow) {
        return { kind: 'limited', retryAfterMs: (window.first ?? now) + limits.windowMs - now };
      }
      const challenge = this.#statements.takeChallenge!.get(nonce, id) as { expires_at: number } | undefined;
      if (!challenge || challenge.expires_at <= now) return { kind: 'stale-challenge' };
      const expected = createHmac('sha256', row.verifier).update(shareChallengeMessage(id, nonce)).digest();
      if (!sameHash(Buffer.from(answer), expected)) {
        this.#statements.addWrong!.run(id, now);
        this.#statements.countWrong!.run(id);
        if (row.wrong_total + 1 >= limits.wrongPerShareTotal) this.#destroy(id);
        const remaining = Math.min(limits.wrongPerShareInWindow - window.n - 1, limits.wrongPerShareTotal - row.wrong_total - 1);
        return { kind: 'wrong-proof', remaining: Math.max(0, remaining) };
      }
      const views = row.views + 1;
      const envelope: ShareEnvelope = {
        header: JSON.parse(row.header) as ShareHeader,
        iv: row.iv,
        ciphertext: toBase64Url(row.ciphertext),
      };
      if (row.max_views !== null && views >= row.max_views) {
        this.#destroy(id);
        return { kind: 'opened', envelope, viewsLeft: 0 };
      }
      this.#statements.countView!.run(id);
      return { kind: 'opened', envelope, viewsLeft: row.max_views === null ? null : row.max_views - views };
    });
    return attempt.immediate();
  }

  /** Deletes a share for the holder of its delete token. */
  revoke(id: string, deleteToken: string): RevokeOutcome {
    const attempt = this.#db.transaction((): RevokeOutcome => {
      const row = this.#live(id);
      if (!row) return 'unavailable';
      if (!sameHash(sha256(deleteToken), row.delete_token_hash)) return 'forbidden';
      this.#destroy(id);
      return 'revoked';
    });
    return attempt.immediate();
  }

  /** Removes every expired share and wrong guesses older than the window. */
  sweep(): number {
    const now = this.#now();
    const ids = this.#db.transaction(() => {
      const ids = (this.#statements.expiredIds!.all(now) as { id: string }[]).map((row) => row.id);
      for (const id of ids) this.#destroy(id);
      this.#statements.oldGuesses!.run(now - this.#limits.windowMs);
      this.#statements.oldChallenges!.run(now);
      return ids;
    }).immediate();
    return ids.length;
  }

  /** A share that still opens, or undefined; an expired one is destroyed on the way. */
  #live(id: string): ShareRow | undefined {
    const row = this.#statements.byId!.get(id) as ShareRow | undefined;
    if (!row) return undefined;
    if (row.expires_at <= this.#now()) {
      this.#db.transaction(() => this.#destroy(id))();
      return undefined;
    }
    return row;
  }

  #destroy(id: string): void {
    this.#statements.wipe!.run(id);
    this.#statements.remove!.run(id);
    this.#statements.removeGuesses!.run(id);
    this.#statements.removeChallenges!.run(id);
    // After the transaction commits: the WAL still holds the pages as they were inserted.
    if (!this.#walPending) {
      this.#walPending = true;
      queueMicrotask(() => this.#emptyWal());
    }
  }

  #walPending = false;

  /**
   * Copies the WAL into the file and truncates it to nothing, so the page images of an erased
   * share leave the disk. A reader in another process can make it stop short; the next erase
   * or sweep tries again, and SQLite's own checkpoints overwrite the rest in time.
   */
  #emptyWal(): void {
    this.#walPending = false;
    if (!this.#db.open || this.#db.inTransaction) return;
    try {
      this.#db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Busy: see above.
    }
  }
}
