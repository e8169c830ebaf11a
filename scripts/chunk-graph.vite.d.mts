import type { Plugin } from 'vite';

/** The element tags whose `define.ts` is among `moduleIds`. */
export function elementTags(moduleIds: readonly string[]): string[];

/** Writes the per-tag chunk graph into the autoloader entry (`loader`, default `trialkit.js`). */
export function chunkGraph(options?: { loader?: string }): Plugin;
