/**
 * `dist/embed-parent.js`, for the host page (the site-wide script slot a CMS offers): sizes
 * every `<iframe data-trialkit-embed>` to the height its embed page reports.
 *
 * A message counts only if it comes from that very iframe's window (`event.source`) and from
 * the origin of its `src` (`event.origin`), and has the message's shape; anything else is ignored, so
 * another frame or a script on the page cannot resize or probe the embed.
 */
import { MAX_EMBED_HEIGHT, RESIZE_MESSAGE_TYPE, type ResizeMessage } from './resize-message.ts';

/**
 * The message's check, by hand rather than with zod/mini as elsewhere at a boundary: the schema
 * library would make this 0.6 KB script 16 KB, and the shape is two fields.
 */
export function readResizeMessage(data: unknown): ResizeMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { type, height } = data as Record<string, unknown>;
  if (type !== RESIZE_MESSAGE_TYPE || typeof height !== 'number' || !Number.isInteger(height)) return undefined;
  if (height < 0 || height > MAX_EMBED_HEIGHT || Object.keys(data).length !== 2) return undefined;
  return { type, height };
}

const SELECTOR = 'iframe[data-trialkit-embed]';

function frameOrigin(frame: HTMLIFrameElement): string | undefined {
  try {
    return new URL(frame.src, document.baseURI).origin;
  } catch {
    return undefined;
  }
}

/** Sizes the matching embed iframe for one message event; true when it did. */
export function resizeEmbedFrame(event: MessageEvent, frames: Iterable<HTMLIFrameElement>): boolean {
  const message = readResizeMessage(event.data);
  if (!message) return false;
  for (const frame of frames) {
    if (frame.contentWindow === null || event.source !== frame.contentWindow) continue;
    if (event.origin !== frameOrigin(frame)) return false;
    frame.style.height = `${message.height}px`;
    return true;
  }
  return false;
}

if (typeof window !== 'undefined') {
  window.addEventListener('message', (event) => {
    resizeEmbedFrame(event, document.querySelectorAll<HTMLIFrameElement>(SELECTOR));
  });
}
