/** Every element the package ships, one per folder of src/elements (test/node/package.test.ts checks). */
export const ELEMENT_TAGS = [
  'trial-card',
  'trial-contact-form',
  'trial-eligibility',
  'trial-faq',
  'trial-involvement',
  'trial-notes',
  'trial-notify-signup',
  'trial-site-picker',
  'trial-widget',
] as const;
