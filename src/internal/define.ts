/**
 * Guarded registration. A CMS page can end up with two copies of the bundle (a theme and a
 * plugin both add the script tag); the second copy must warn, once, and never throw.
 */
import { version } from './version.ts';

const warnedKey = Symbol.for('trialkit.duplicate-warning');
const registryKey = Symbol.for('trialkit.versions');

type Registry = Record<string, string>;

export function defineElement(tag: string, element: CustomElementConstructor): void {
  const global = globalThis as unknown as Record<symbol, unknown>;
  const registry = (global[registryKey] ??= {}) as Registry;
  const existing = customElements.get(tag);
  if (existing === element) return;
  if (!existing) {
    try {
      customElements.define(tag, element);
      registry[tag] = version;
      return;
    } catch (error) {
      // Registration must never take the host page down with it.
      warnOnce(global, `trialkit: <${tag}> could not be registered: ${(error as Error).message}`);
      return;
    }
  }
  warnOnce(
    global,
    `trialkit: <${tag}> is already defined (version ${registry[tag] ?? 'unknown'}); ` +
      `this copy (version ${version}) was not registered. Load trialkit once per page.`,
  );
}

function warnOnce(global: Record<symbol, unknown>, message: string): void {
  if (global[warnedKey]) return;
  global[warnedKey] = true;
  console.warn(message);
}
