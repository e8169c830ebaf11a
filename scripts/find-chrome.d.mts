/** The path of a Chrome or Chromium executable (see find-chrome.mjs); throws when there is none. */
export function findChrome(): string;
