/**
 * Sealing what waits in the browser outbox: AES-256-GCM with a fresh 96-bit IV per payload,
 * under a key made with `extractable: false`. IndexedDB can keep such a key (structured clone),
 * but no script can read its bytes, so the database holds nothing a copy of it could decrypt
 * without this browser profile's own key store.
 */
import * as z from 'zod/mini';

/** Where the key is kept in the outbox database's `keys` store. */
export const PAYLOAD_KEY_ID = 'payload';

export const SealedSchema = z.object({
  iv: z.instanceof(Uint8Array),
  data: z.instanceof(ArrayBuffer),
});

export type Sealed = z.infer<typeof SealedSchema>;

export function newPayloadKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function sealPayload(key: CryptoKey, payload: unknown): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify(payload));
  return { iv, data: await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain) };
}

/** Throws when the key is not the one it was sealed with or the bytes were changed. */
export async function openSealed(key: CryptoKey, sealed: Sealed): Promise<unknown> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv as Uint8Array<ArrayBuffer> }, key, sealed.data);
  return JSON.parse(new TextDecoder().decode(plain)) as unknown;
}
