/**
 * A small React 19 app over `trialkit/react`, bundled with esbuild by the `react-app` plugin of
 * web-test-runner.config.mjs (React ships CommonJS only) and served as /__react-app__.js; the
 * same plugin renders `CardPage` with react-dom/server in Node for /__react-ssr__.html.
 * test/browser/react.test.ts drives it.
 */
import { createElement, useState, type ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { trialFromCtgov, type Trial, type TrialErrorEvent } from 'trialkit';
import { TrialCard, TrialFaq } from 'trialkit/react';
import record from '../../fixtures/NCT05819398.json';

export const trial: Trial = trialFromCtgov(record as never);

export interface CardPageProps {
  trial: unknown;
  onError?: (event: TrialErrorEvent) => void;
}

/** What a Next.js page would render: the card, its fallback text, a counter that re-renders. */
export function CardPage({ trial: value, onError }: CardPageProps): ReactElement {
  const [clicks, setClicks] = useState(0);
  return (
    <main>
      <button id="rerender" type="button" onClick={() => setClicks(clicks + 1)}>
        Re-render {clicks}
      </button>
      <TrialCard trial={value as Trial} headingLevel={3} onTrialError={onError}>
        <p>Call our research office.</p>
      </TrialCard>
      <TrialFaq heading="Questions" onTrialFaqToggle={() => setClicks((n) => n + 1)} />
    </main>
  );
}

/**
 * React 19 without the wrappers: the element itself (registered by the trialkit/react import),
 * as `trialkit/types/react-jsx` types it.
 */
export function NativeCardPage({ trial: value, onError }: CardPageProps): ReactElement {
  return createElement('trial-card', { trial: value, 'heading-level': 3, 'ontrial-error': onError }, createElement('p', null, 'Fallback'));
}

export { createElement, createRoot, flushSync, hydrateRoot };
