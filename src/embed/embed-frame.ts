/**
 * `dist/embed-frame.js`, loaded by the embed page inside the iframe: tells the parent window
 * the page's height whenever it changes (sections load, accordions open, the form shows its
 * success message).
 *
 * The message carries nothing but a height, so it goes to any parent (`'*'`): the embed page
 * cannot know the host's origin, and the host checks the sender (`embed-parent.ts`).
 */
import { RESIZE_MESSAGE_TYPE, MAX_EMBED_HEIGHT, type ResizeMessage } from './resize-message.ts';

if (typeof window !== 'undefined' && window.parent !== window) {
  let last = -1;
  const post = () => {
    const height = Math.min(MAX_EMBED_HEIGHT, Math.ceil(document.documentElement.getBoundingClientRect().height));
    // 0 is a page not laid out yet (e.g. in a hidden tab): it would collapse the iframe.
    if (height === last || height === 0) return;
    last = height;
    const message: ResizeMessage = { type: RESIZE_MESSAGE_TYPE, height };
    window.parent.postMessage(message, '*');
  };
  new ResizeObserver(post).observe(document.documentElement);
  post();
}
