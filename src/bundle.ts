/**
 * The self-contained bundle (`dist/trialkit.js`, npm `trialkit/bundle`): one
 * `<script type="module">` registers every element, and the module exports what the main
 * entry does. The placeholder upgrade for locked-down CMSs comes with it.
 */
import './elements/trial-card/define.ts';
import './elements/trial-contact-form/define.ts';
import './elements/trial-eligibility/define.ts';
import './elements/trial-faq/define.ts';
import './elements/trial-involvement/define.ts';
import './elements/trial-notes/define.ts';
import './elements/trial-notify-signup/define.ts';
import './elements/trial-site-picker/define.ts';
import './elements/trial-widget/define.ts';
import './placeholders/watch.ts';

export * from './trialkit.ts';
