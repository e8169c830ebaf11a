/**
 * A fresh same-origin iframe that loads a built script (`dist/trialkit.js` by default) as a
 * CMS page would, so that a test starts from a page that has loaded nothing yet. The frame is
 * a `freshFrame()`: `afterEach(removeFreshFrames)` removes it. `warnings` collects the frame's
 * console.warn calls.
 */
import { freshFrame } from './dom.ts';

export interface DistFrame {
  frame: HTMLIFrameElement;
  win: Window & typeof globalThis;
  doc: Document;
  warnings: string[];
}

export async function openDistFrame(src = '/dist/trialkit.js', { eager = false } = {}): Promise<DistFrame> {
  const { frame, win, doc } = freshFrame();
  const warnings: string[] = [];
  win.console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  const script = doc.createElement('script');
  script.type = 'module';
  script.src = new URL(src, location.href).href;
  if (eager) script.setAttribute('data-trialkit-eager', '');
  const loaded = new Promise((resolve, reject) => {
    script.addEventListener('load', resolve);
    script.addEventListener('error', reject);
  });
  doc.head.append(script);
  await loaded;
  return { frame, win, doc, warnings };
}
