/**
 * The one message the iframe embed (`/embed/<NCT id>`) sends its parent: the height its
 * content needs, so the host page can size the iframe and no inner scrollbar appears. The
 * receiving side checks it with `ResizeMessageSchema` (embed-parent.ts).
 */
export const RESIZE_MESSAGE_TYPE = 'trialkit:embed-height';

/** Tall enough for any trial page, small enough that a broken frame cannot blow up the host. */
export const MAX_EMBED_HEIGHT = 20_000;

export interface ResizeMessage {
  type: typeof RESIZE_MESSAGE_TYPE;
  /** CSS pixels, a whole number from 0 to MAX_EMBED_HEIGHT. */
  height: number;
}
