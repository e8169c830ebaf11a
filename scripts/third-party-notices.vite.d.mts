import type { Plugin } from 'vite';

/** Licence comments, `dist/THIRD-PARTY-NOTICES.txt` and printed SRI hashes for the bundle build. */
export function thirdPartyNotices(options: { name: string; version: string; license: string; noticesFile?: boolean }): Plugin;
