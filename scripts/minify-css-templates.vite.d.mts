import type { Plugin } from 'vite';

/** Minifies CSS text as the plugin does inside a `css` template's static parts. */
export function minifyCss(text: string): string;

/** Minifies the CSS inside Lit's `css` templates in src/. */
export function minifyCssTemplates(): Plugin;
