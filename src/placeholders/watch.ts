/**
 * `trialkit/placeholders.js`, and part of the bundle: upgrades every `data-trialkit`
 * placeholder on the page, now and as more are added (see upgrade-placeholders.ts). Importing
 * it on a server does nothing.
 */
import { watchPlaceholders } from './upgrade-placeholders.ts';

if (typeof document !== 'undefined') watchPlaceholders(document);
