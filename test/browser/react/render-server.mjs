/**
 * Prints the server render of react-app.tsx's CardPage (clicks = 0), made with react-dom/server
 * from the built `dist/esm/react.js`, as Next.js would send it. Run in its own Node process by
 * the `react-app` plugin of web-test-runner.config.mjs.
 */
import { readFileSync } from 'node:fs';
import * as React from 'react';
import { renderToString } from 'react-dom/server';

const { TrialCard, TrialFaq } = await import('../../../dist/esm/react.js');
const { trialFromCtgov } = await import('../../../dist/esm/trialkit.js');
const trial = trialFromCtgov(JSON.parse(readFileSync(new URL('../../fixtures/NCT05819398.json', import.meta.url), 'utf8')));
const h = React.createElement;
const page = h(
  'main',
  null,
  h('button', { id: 'rerender', type: 'button' }, 'Re-render ', 0),
  h(TrialCard, { trial, headingLevel: 3 }, h('p', null, 'Call our research office.')),
  h(TrialFaq, { heading: 'Questions' }),
);
process.stdout.write(renderToString(page));
