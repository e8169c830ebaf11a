/** Types of pack-locales.vite.mjs, the Vite plugin that packs the locale modules in bundles. */
export declare function packLocaleModule(code: string): string;
export declare function packLocales(): {
  name: string;
  enforce: 'pre';
  transform(code: string, id: string): { code: string; map: null } | null;
};
